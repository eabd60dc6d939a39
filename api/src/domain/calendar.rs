//! Working days (工作日): the calendar the hot-complaint clock counts in — "reported upward
//! within one working day" skips weekends and public holidays.

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

const DAY_NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// The calendar as the policy document shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct CalendarDoc {
    /// The hotline's time zone as an offset from UTC, e.g. `+08:00`.
    #[schema(example = "+08:00", pattern = "^[+-][0-9]{2}:[0-9]{2}$")]
    pub utc_offset: String,
    /// Working days: `mon` … `sun`. Monday to Friday by default.
    pub working_days: Vec<String>,
    /// Public holidays (no work even on a working weekday), as `YYYY-MM-DD`.
    #[schema(value_type = Vec<String>, example = json!(["2026-10-01"]))]
    pub holidays: Vec<NaiveDate>,
}

impl Default for CalendarDoc {
    fn default() -> Self {
        CalendarDoc::from_calendar(&Calendar::default())
    }
}

/// Which days are worked, in which time zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    pub offset: FixedOffset,
    /// Monday first.
    pub working: [bool; 7],
    pub holidays: BTreeSet<NaiveDate>,
}

impl Default for Calendar {
    /// Monday to Friday, China Standard Time (UTC+8), no holidays listed.
    fn default() -> Self {
        Calendar {
            offset: FixedOffset::east_opt(8 * 3600).unwrap_or_else(|| FixedOffset::east_opt(0).expect("UTC")),
            working: [true, true, true, true, true, false, false],
            holidays: BTreeSet::new(),
        }
    }
}

impl CalendarDoc {
    pub fn to_calendar(&self) -> Result<Calendar, (String, String)> {
        let offset = parse_offset(&self.utc_offset)
            .ok_or_else(|| ("calendar.utc_offset".to_owned(), "must look like +08:00 (at most ±14:00)".to_owned()))?;
        let mut working = [false; 7];
        for day in &self.working_days {
            let i = DAY_NAMES
                .iter()
                .position(|d| d.eq_ignore_ascii_case(day))
                .ok_or_else(|| ("calendar.working_days".to_owned(), format!("`{day}` is not one of mon … sun")))?;
            working[i] = true;
        }
        if !working.contains(&true) {
            return Err(("calendar.working_days".to_owned(), "at least one day must be a working day".to_owned()));
        }
        if self.holidays.len() > 400 {
            return Err(("calendar.holidays".to_owned(), "at most 400 holidays".to_owned()));
        }
        Ok(Calendar { offset, working, holidays: self.holidays.iter().copied().collect() })
    }

    pub fn from_calendar(c: &Calendar) -> CalendarDoc {
        let secs = c.offset.local_minus_utc();
        let sign = if secs < 0 { '-' } else { '+' };
        CalendarDoc {
            utc_offset: format!("{sign}{:02}:{:02}", secs.abs() / 3600, secs.abs() % 3600 / 60),
            working_days: DAY_NAMES.iter().zip(c.working).filter(|(_, w)| *w).map(|(d, _)| (*d).to_owned()).collect(),
            holidays: c.holidays.iter().copied().collect(),
        }
    }
}

fn parse_offset(text: &str) -> Option<FixedOffset> {
    let (sign, rest) = match text.as_bytes().first()? {
        b'+' => (1, &text[1..]),
        b'-' => (-1, &text[1..]),
        _ => return None,
    };
    let (h, m) = rest.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
    if h > 14 || m > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}

impl Calendar {
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        let index = date.weekday().num_days_from_monday() as usize;
        self.working[index] && !self.holidays.contains(&date)
    }

    /// One working day after `t`: the same local time on the next working day.
    /// Flagged on a Friday afternoon, due on Monday afternoon.
    pub fn add_working_day(&self, t: DateTime<Utc>) -> DateTime<Utc> {
        let local = t.with_timezone(&self.offset);
        let mut date = local.date_naive();
        // Bounded: the policy allows at most 400 holidays and needs one working weekday.
        for _ in 0..800 {
            date = date.succ_opt().unwrap_or(date);
            if self.is_working_day(date) {
                let due = date.and_time(local.time()) - TimeDelta::seconds(i64::from(self.offset.local_minus_utc()));
                return due.and_utc();
            }
        }
        t + TimeDelta::days(1)
    }
}

#[cfg(test)]
mod tests {
    use chrono::Weekday;

    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn local_weekday(c: &Calendar, t: DateTime<Utc>) -> Weekday {
        t.with_timezone(&c.offset).weekday()
    }

    #[test]
    fn friday_afternoon_is_due_monday_afternoon() {
        let c = Calendar::default();
        // 2026-11-27 is a Friday; 15:00 in Beijing is 07:00 UTC.
        assert_eq!(local_weekday(&c, t("2026-11-27T07:00:00Z")), Weekday::Fri);
        assert_eq!(c.add_working_day(t("2026-11-27T07:00:00Z")), t("2026-11-30T07:00:00Z"));
        // Tuesday → Wednesday.
        assert_eq!(c.add_working_day(t("2026-11-24T02:00:00Z")), t("2026-11-25T02:00:00Z"));
        // Saturday → Monday.
        assert_eq!(c.add_working_day(t("2026-11-28T02:00:00Z")), t("2026-11-30T02:00:00Z"));
    }

    #[test]
    fn holidays_are_skipped_and_the_local_date_counts() {
        let mut c = Calendar::default();
        c.holidays.insert(NaiveDate::from_ymd_opt(2026, 11, 30).unwrap());
        assert_eq!(c.add_working_day(t("2026-11-27T07:00:00Z")), t("2026-12-01T07:00:00Z"));
        // 23:30 UTC Thursday is already Friday 07:30 in Beijing: due Monday… a holiday: Tuesday.
        assert_eq!(c.add_working_day(t("2026-11-26T23:30:00Z")), t("2026-11-30T23:30:00Z"));
    }

    #[test]
    fn the_document_round_trips_and_refuses_nonsense() {
        let doc = CalendarDoc::default();
        assert_eq!(doc.utc_offset, "+08:00");
        assert_eq!(doc.working_days, ["mon", "tue", "wed", "thu", "fri"]);
        assert_eq!(doc.to_calendar().unwrap(), Calendar::default());
        let bad = |f: fn(&mut CalendarDoc)| {
            let mut d = CalendarDoc::default();
            f(&mut d);
            d.to_calendar().is_err()
        };
        assert!(bad(|d| d.utc_offset = "8".into()));
        assert!(bad(|d| d.utc_offset = "+15:00".into()));
        assert!(bad(|d| d.working_days = vec!["funday".into()]));
        assert!(bad(|d| d.working_days.clear()));
        let minus = CalendarDoc { utc_offset: "-05:30".into(), ..CalendarDoc::default() };
        assert_eq!(CalendarDoc::from_calendar(&minus.to_calendar().unwrap()).utc_offset, "-05:30");
    }
}

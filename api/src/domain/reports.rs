//! What the reports count and how their rates are made: the outcome counts of each clock,
//! the rates over the outcomes that are decided, the satisfaction target (DESIGN §1.13),
//! and the period a report covers.

use chrono::{DateTime, TimeDelta, Utc};

/// The satisfaction target of the regulations (DESIGN §1.13): at least 90% of the
/// callbacks that reached the customer are satisfied.
pub const SATISFACTION_TARGET_PERCENT: u8 = 90;
/// [`SATISFACTION_TARGET_PERCENT`] as a share, as reports show it: 0.9.
pub const SATISFACTION_TARGET: f64 = SATISFACTION_TARGET_PERCENT as f64 / 100.0;
/// A period without a start covers this many days up to its end.
pub const DEFAULT_PERIOD_DAYS: i64 = 7;
/// The longest period one report covers.
pub const MAX_PERIOD_DAYS: i64 = 366;
/// How many root causes a summary lists, most frequent first.
pub const TOP_ROOT_CAUSES: i64 = 10;
/// How many unified answers a summary lists, most cited first.
pub const TOP_ANSWERS: i64 = 10;

/// `part / whole`; None when there is no whole to speak of.
pub fn rate(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// Outcome counts of response clocks (per tier or per department).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ResponseCounts {
    pub dispatched: i64,
    pub met_on_time: i64,
    pub met_late: i64,
    pub open_breached: i64,
    pub open_on_time: i64,
}

impl ResponseCounts {
    /// Met on time among the decided: met (on time or late) or past due. None when nothing
    /// is decided yet.
    pub fn compliance_rate(&self) -> Option<f64> {
        rate(self.met_on_time, self.met_on_time + self.met_late + self.open_breached)
    }
}

impl std::ops::AddAssign for ResponseCounts {
    fn add_assign(&mut self, o: ResponseCounts) {
        self.dispatched += o.dispatched;
        self.met_on_time += o.met_on_time;
        self.met_late += o.met_late;
        self.open_breached += o.open_breached;
        self.open_on_time += o.open_on_time;
    }
}

/// Outcome counts of resolution clocks.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ResolutionCounts {
    pub total: i64,
    /// Resolved by the original 48-hour deadline.
    pub on_time: i64,
    /// Resolved after the original deadline but by an approved extension's (DESIGN §1.17).
    pub late_with_extension: i64,
    pub late: i64,
    pub open_breached: i64,
    pub open_on_time: i64,
}

impl ResolutionCounts {
    /// Resolved by the original deadline among the decided: resolved (an extension does not
    /// make it on time) or past due. None when nothing is decided yet.
    pub fn rate_48h(&self) -> Option<f64> {
        rate(self.on_time, self.on_time + self.late_with_extension + self.late + self.open_breached)
    }
}

impl std::ops::Add for ResolutionCounts {
    type Output = ResolutionCounts;
    fn add(self, o: ResolutionCounts) -> ResolutionCounts {
        ResolutionCounts {
            total: self.total + o.total,
            on_time: self.on_time + o.on_time,
            late_with_extension: self.late_with_extension + o.late_with_extension,
            late: self.late + o.late,
            open_breached: self.open_breached + o.open_breached,
            open_on_time: self.open_on_time + o.open_on_time,
        }
    }
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SatisfactionCounts {
    /// Callbacks where the customer was reached.
    pub callbacks: i64,
    pub satisfied: i64,
}

impl SatisfactionCounts {
    /// Satisfied among the callbacks that reached the customer; None without callbacks.
    pub fn rate(&self) -> Option<f64> {
        rate(self.satisfied, self.callbacks)
    }

    /// Whether the rate is at least [`SATISFACTION_TARGET`]; None without callbacks.
    pub fn meets_target(&self) -> Option<bool> {
        self.rate().map(|r| r >= SATISFACTION_TARGET)
    }
}

impl std::ops::Add for SatisfactionCounts {
    type Output = SatisfactionCounts;
    fn add(self, o: SatisfactionCounts) -> SatisfactionCounts {
        SatisfactionCounts { callbacks: self.callbacks + o.callbacks, satisfied: self.satisfied + o.satisfied }
    }
}

/// Outcomes of a flag's clock (hot report, on site, supervision order) for flags raised in
/// the period.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct FlagCounts {
    pub flagged: i64,
    pub met_on_time: i64,
    pub met_late: i64,
    pub open_breached: i64,
    pub open_on_time: i64,
}

/// Extension requests made in the period, and those decided in it.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ExtensionCounts {
    pub requested: i64,
    pub approved: i64,
    pub rejected: i64,
}

/// What a report covers: from (inclusive) to (exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
}

/// Why a period cannot be reported on; both are about its start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodRefusal {
    /// It starts at or after its end.
    Empty,
    /// It is longer than [`MAX_PERIOD_DAYS`].
    TooLong,
}

impl Period {
    /// The period asked for: `to` defaults to now, `from` to [`DEFAULT_PERIOD_DAYS`] before
    /// `to`; at most [`MAX_PERIOD_DAYS`] long.
    pub fn asked(
        from: Option<DateTime<Utc>>,
        to: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Result<Period, PeriodRefusal> {
        let to = to.unwrap_or(now);
        let from = from.unwrap_or(to - TimeDelta::days(DEFAULT_PERIOD_DAYS));
        if from >= to {
            return Err(PeriodRefusal::Empty);
        }
        if to - from > TimeDelta::days(MAX_PERIOD_DAYS) {
            return Err(PeriodRefusal::TooLong);
        }
        Ok(Period { from, to })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_satisfaction_target_is_ninety_percent() {
        assert_eq!(SATISFACTION_TARGET.to_string(), "0.9");
        let counts = |satisfied, callbacks| SatisfactionCounts { callbacks, satisfied };
        assert_eq!(counts(9, 10).meets_target(), Some(true), "exactly 90% meets it");
        assert_eq!(counts(899, 1000).meets_target(), Some(false));
        assert_eq!(counts(10, 10).meets_target(), Some(true));
        assert_eq!(counts(0, 0).meets_target(), None, "no callbacks, no verdict");
        assert_eq!(counts(0, 0).rate(), None);
        assert_eq!(counts(1, 4).rate(), Some(0.25));
    }

    #[test]
    fn rates_need_a_whole() {
        assert_eq!(rate(0, 0), None);
        assert_eq!(rate(0, 3), Some(0.0));
        assert_eq!(rate(3, 4), Some(0.75));
    }

    #[test]
    fn response_compliance_counts_the_decided_only() {
        let c = ResponseCounts { dispatched: 10, met_on_time: 3, met_late: 1, open_breached: 4, open_on_time: 2 };
        assert_eq!(c.compliance_rate(), Some(3.0 / 8.0), "the two still on time are not decided");
        let waiting = ResponseCounts { dispatched: 2, open_on_time: 2, ..ResponseCounts::default() };
        assert_eq!(waiting.compliance_rate(), None);
        let mut sum = c;
        sum += waiting;
        assert_eq!(sum, ResponseCounts { dispatched: 12, open_on_time: 4, ..c });
    }

    #[test]
    fn the_48_hour_rate_does_not_count_extensions_as_on_time() {
        let c = ResolutionCounts {
            total: 7,
            on_time: 2,
            late_with_extension: 1,
            late: 1,
            open_breached: 0,
            open_on_time: 3,
        };
        assert_eq!(c.rate_48h(), Some(0.5));
        assert_eq!((c + c).rate_48h(), Some(0.5));
        assert_eq!((c + c).total, 14);
        assert_eq!(ResolutionCounts { total: 1, open_on_time: 1, ..ResolutionCounts::default() }.rate_48h(), None);
    }

    #[test]
    fn a_period_defaults_to_the_last_week_and_is_at_most_366_days() {
        let now = DateTime::parse_from_rfc3339("2026-11-30T08:00:00Z").unwrap().with_timezone(&Utc);
        let week = Period::asked(None, None, now).unwrap();
        assert_eq!((week.from, week.to), (now - TimeDelta::days(7), now));
        let to = now - TimeDelta::days(1);
        assert_eq!(Period::asked(None, Some(to), now).unwrap().from, to - TimeDelta::days(7));
        assert_eq!(Period::asked(Some(now), Some(now), now), Err(PeriodRefusal::Empty));
        assert_eq!(Period::asked(Some(now + TimeDelta::days(1)), None, now), Err(PeriodRefusal::Empty));
        assert!(Period::asked(Some(now - TimeDelta::days(366)), None, now).is_ok());
        assert_eq!(
            Period::asked(Some(now - TimeDelta::days(366) - TimeDelta::seconds(1)), None, now),
            Err(PeriodRefusal::TooLong)
        );
    }
}

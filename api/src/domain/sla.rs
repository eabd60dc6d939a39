//! The SLA rules (DESIGN §1.4, §1.6, §1.16, §2): the policy with its windows, and the
//! clocks computed from due timestamps.
//!
//! Where the 15-minute rule lives: [`SlaPolicy::default`] gives P1 fifteen minutes, and
//! [`SlaPolicy::response_due`] turns a dispatch time and a tier into the deadline.

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{
    calendar::{Calendar, CalendarDoc},
    ticket::{TicketKind, TicketStatus, Urgency},
};

/// The editable SLA policy. Every duration is positive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlaPolicy {
    /// Response window per tier, P1 first.
    pub response: [TimeDelta; 4],
    /// From intake to resolution (48 hours by default).
    pub resolution: TimeDelta,
    /// For category-1 incidents: the manager on site (2 hours by default).
    pub onsite: TimeDelta,
    /// A resolved ticket needing no callback closes after this (7 days by default).
    pub auto_close_after: TimeDelta,
    /// A clock is *at risk* once this share of its window has passed (80% by default).
    pub at_risk_percent: u8,
    /// Which kinds are called back before closing; the others close by themselves.
    pub callback_required: CallbackRequired,
    /// A complaint with this many distinct complainants is flagged hot by itself.
    pub hot_threshold: u32,
    /// The working days the hot-report clock counts in.
    pub calendar: Calendar,
}

/// Per kind: whether a resolved ticket waits for a callback (回访) before it closes. Kinds
/// that need none close by themselves `auto_close_after` their resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct CallbackRequired {
    pub complaint: bool,
    pub inquiry: bool,
    pub repair: bool,
    pub suggestion: bool,
    pub praise: bool,
}

impl Default for CallbackRequired {
    /// Inquiries and praise need no callback.
    fn default() -> Self {
        CallbackRequired { complaint: true, inquiry: false, repair: true, suggestion: true, praise: false }
    }
}

impl CallbackRequired {
    pub fn for_kind(&self, kind: TicketKind) -> bool {
        match kind {
            TicketKind::Complaint => self.complaint,
            TicketKind::Inquiry => self.inquiry,
            TicketKind::Repair => self.repair,
            TicketKind::Suggestion => self.suggestion,
            TicketKind::Praise => self.praise,
        }
    }
}

impl Default for SlaPolicy {
    fn default() -> Self {
        SlaPolicy {
            response: [TimeDelta::minutes(15), TimeDelta::minutes(30), TimeDelta::hours(1), TimeDelta::hours(2)],
            resolution: TimeDelta::hours(48),
            onsite: TimeDelta::hours(2),
            auto_close_after: TimeDelta::days(7),
            at_risk_percent: 80,
            callback_required: CallbackRequired::default(),
            hot_threshold: 5,
            calendar: Calendar::default(),
        }
    }
}

fn tier_index(urgency: Urgency) -> usize {
    match urgency {
        Urgency::P1 => 0,
        Urgency::P2 => 1,
        Urgency::P3 => 2,
        Urgency::P4 => 3,
    }
}

impl SlaPolicy {
    pub fn response_window(&self, urgency: Urgency) -> TimeDelta {
        self.response[tier_index(urgency)]
    }

    /// The response clock starts at dispatch: due = dispatched_at + the tier's window.
    pub fn response_due(&self, dispatched_at: DateTime<Utc>, urgency: Urgency) -> DateTime<Utc> {
        dispatched_at + self.response_window(urgency)
    }

    /// The resolution clock starts at intake: due = created_at + the resolution window.
    pub fn resolution_due(&self, created_at: DateTime<Utc>) -> DateTime<Utc> {
        created_at + self.resolution
    }

    /// The on-site clock of a category-1 incident: the manager there within 2 hours.
    pub fn onsite_due(&self, from: DateTime<Utc>) -> DateTime<Utc> {
        from + self.onsite
    }

    /// A hot complaint is reported upward within one working day of being flagged.
    pub fn hot_report_due(&self, flagged_at: DateTime<Utc>) -> DateTime<Utc> {
        self.calendar.add_working_day(flagged_at)
    }
}

/// The policy as the API shows and accepts it: ISO 8601 durations (DESIGN §3).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SlaPolicyDoc {
    /// Response window per urgency tier.
    pub response: ResponseWindows,
    /// Resolution window from intake, e.g. `PT48H`.
    #[schema(example = "PT48H", pattern = "^P([0-9]+W|([0-9]+D)?(T([0-9]+H)?([0-9]+M)?([0-9]+S)?)?)$")]
    pub resolution: String,
    /// On-site window for category-1 incidents, e.g. `PT2H`.
    #[schema(example = "PT2H", pattern = "^P([0-9]+W|([0-9]+D)?(T([0-9]+H)?([0-9]+M)?([0-9]+S)?)?)$")]
    pub onsite: String,
    /// A resolved ticket that needs no callback closes after this, e.g. `P7D`.
    #[schema(example = "P7D", pattern = "^P([0-9]+W|([0-9]+D)?(T([0-9]+H)?([0-9]+M)?([0-9]+S)?)?)$")]
    pub auto_close_after: String,
    /// Percentage of a window after which its clock is at risk (1–99).
    #[serde(default = "default_at_risk_percent")]
    #[schema(minimum = 1, maximum = 99, default = 80)]
    pub at_risk_percent: u8,
    /// Kinds called back before closing (default: all but inquiries and praise).
    #[serde(default)]
    pub callback_required: CallbackRequired,
    /// Distinct complainants that make a ticket hot by themselves (2–10000, default 5).
    #[serde(default = "default_hot_threshold")]
    #[schema(minimum = 2, maximum = 10000, default = 5)]
    pub hot_threshold: u32,
    /// Working days for the hot-report clock (one working day).
    #[serde(default)]
    pub calendar: CalendarDoc,
}

fn default_hot_threshold() -> u32 {
    5
}

fn default_at_risk_percent() -> u8 {
    80
}

/// Response windows, one per tier, as ISO 8601 durations.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResponseWindows {
    #[schema(example = "PT15M", pattern = "^P([0-9]+W|([0-9]+D)?(T([0-9]+H)?([0-9]+M)?([0-9]+S)?)?)$")]
    #[serde(rename = "P1")]
    pub p1: String,
    #[schema(example = "PT30M", pattern = "^P([0-9]+W|([0-9]+D)?(T([0-9]+H)?([0-9]+M)?([0-9]+S)?)?)$")]
    #[serde(rename = "P2")]
    pub p2: String,
    #[schema(example = "PT1H", pattern = "^P([0-9]+W|([0-9]+D)?(T([0-9]+H)?([0-9]+M)?([0-9]+S)?)?)$")]
    #[serde(rename = "P3")]
    pub p3: String,
    #[schema(example = "PT2H", pattern = "^P([0-9]+W|([0-9]+D)?(T([0-9]+H)?([0-9]+M)?([0-9]+S)?)?)$")]
    #[serde(rename = "P4")]
    pub p4: String,
}

/// The policy failed validation: field path → messages.
pub type PolicyErrors = Vec<(String, String)>;

impl SlaPolicyDoc {
    /// Checks every duration and turns the document into a policy, or lists what is wrong.
    pub fn to_policy(&self) -> Result<SlaPolicy, PolicyErrors> {
        let mut errors = Vec::new();
        let mut field = |name: &str, text: &str| match parse_duration(text) {
            Ok(d) => d,
            Err(msg) => {
                errors.push((name.to_owned(), msg));
                TimeDelta::zero()
            }
        };
        let policy = SlaPolicy {
            response: [
                field("response.P1", &self.response.p1),
                field("response.P2", &self.response.p2),
                field("response.P3", &self.response.p3),
                field("response.P4", &self.response.p4),
            ],
            resolution: field("resolution", &self.resolution),
            onsite: field("onsite", &self.onsite),
            auto_close_after: field("auto_close_after", &self.auto_close_after),
            at_risk_percent: self.at_risk_percent,
            callback_required: self.callback_required,
            hot_threshold: self.hot_threshold,
            calendar: Calendar::default(),
        };
        let mut policy = policy;
        match self.calendar.to_calendar() {
            Ok(c) => policy.calendar = c,
            Err(e) => errors.push(e),
        }
        if !(1..=99).contains(&self.at_risk_percent) {
            errors.push(("at_risk_percent".into(), "must be between 1 and 99".into()));
        }
        if !(2..=10_000).contains(&self.hot_threshold) {
            errors.push(("hot_threshold".into(), "must be between 2 and 10000".into()));
        }
        if errors.is_empty() {
            Ok(policy)
        } else {
            Err(errors)
        }
    }

    pub fn from_policy(p: &SlaPolicy) -> SlaPolicyDoc {
        SlaPolicyDoc {
            response: ResponseWindows {
                p1: format_duration(p.response[0]),
                p2: format_duration(p.response[1]),
                p3: format_duration(p.response[2]),
                p4: format_duration(p.response[3]),
            },
            resolution: format_duration(p.resolution),
            onsite: format_duration(p.onsite),
            auto_close_after: format_duration(p.auto_close_after),
            at_risk_percent: p.at_risk_percent,
            callback_required: p.callback_required,
            hot_threshold: p.hot_threshold,
            calendar: CalendarDoc::from_calendar(&p.calendar),
        }
    }
}

/// The longest window the policy accepts: one year.
const MAX_WINDOW_SECS: i64 = 366 * 86_400;

/// Parses an ISO 8601 duration of days, hours, minutes and seconds (`PT15M`, `P7D`,
/// `P1DT12H`). Years and months are refused: their length depends on the calendar.
pub fn parse_duration(text: &str) -> Result<TimeDelta, String> {
    let parsed =
        iso8601::duration(text).map_err(|_| format!("`{text}` is not an ISO 8601 duration such as PT15M or P7D"))?;
    let secs: i64 = match parsed {
        iso8601::Duration::Weeks(w) => i64::from(w) * 7 * 86_400,
        iso8601::Duration::YMDHMS { year, month, day, hour, minute, second, millisecond } => {
            if year != 0 || month != 0 {
                return Err("years and months are not allowed; use days (P30D)".into());
            }
            if millisecond != 0 {
                return Err("fractions of a second are not allowed".into());
            }
            i64::from(day) * 86_400 + i64::from(hour) * 3_600 + i64::from(minute) * 60 + i64::from(second)
        }
    };
    if secs <= 0 {
        return Err("must be longer than zero".into());
    }
    if secs > MAX_WINDOW_SECS {
        return Err("must be at most one year (P366D)".into());
    }
    Ok(TimeDelta::seconds(secs))
}

/// Formats a duration the way the regulations speak: hours up to two days (`PT15M`,
/// `PT48H`), days beyond (`P7D`, `P3DT12H`).
pub fn format_duration(d: TimeDelta) -> String {
    let total = d.num_seconds();
    let (days, rest) = if total >= 3 * 86_400 { (total / 86_400, total % 86_400) } else { (0, total) };
    let (h, m, s) = (rest / 3_600, rest % 3_600 / 60, rest % 60);
    let mut out = String::from("P");
    if days > 0 {
        out.push_str(&format!("{days}D"));
    }
    if rest > 0 || total == 0 {
        out.push('T');
        if h > 0 {
            out.push_str(&format!("{h}H"));
        }
        if m > 0 {
            out.push_str(&format!("{m}M"));
        }
        if s > 0 || rest == 0 {
            out.push_str(&format!("{s}S"));
        }
    }
    out
}

/// Where one clock stands at a given moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ClockState {
    /// Running, less than the at-risk share of its window gone.
    OnTime,
    /// Running, past the at-risk share of its window (DESIGN §1.16).
    AtRisk,
    /// Past due and not met.
    Breached,
    /// Met before its deadline.
    Met,
    /// Met, but after its deadline.
    MetLate,
    /// No longer running and never met (the dispatch was returned, the ticket merged).
    Stopped,
}

impl ClockState {
    pub fn is_breached(self) -> bool {
        matches!(self, ClockState::Breached | ClockState::MetLate)
    }
}

/// One clock's facts: when it started, when it is due, when (if ever) it was met, and
/// whether it still runs.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    pub started_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    pub met_at: Option<DateTime<Utc>>,
    pub running: bool,
}

impl Clock {
    /// The moment the clock goes at risk: `at_risk_percent` of its window after its start.
    pub fn risk_at(&self, at_risk_percent: u8) -> DateTime<Utc> {
        let window = (self.due_at - self.started_at).num_milliseconds().max(0);
        self.started_at + TimeDelta::milliseconds(window * i64::from(at_risk_percent) / 100)
    }

    pub fn state(&self, now: DateTime<Utc>, at_risk_percent: u8) -> ClockState {
        match self.met_at {
            Some(met) if met <= self.due_at => ClockState::Met,
            Some(_) => ClockState::MetLate,
            None if !self.running => ClockState::Stopped,
            None if now >= self.due_at => ClockState::Breached,
            None => {
                let window = (self.due_at - self.started_at).num_milliseconds().max(0);
                let gone = (now - self.started_at).num_milliseconds();
                if gone * 100 >= window * i64::from(at_risk_percent) {
                    ClockState::AtRisk
                } else {
                    ClockState::OnTime
                }
            }
        }
    }
}

/// Which clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ClockKind {
    /// From dispatch to the department's first contact (响应).
    Response,
    /// From intake to resolution (48 hours by default).
    Resolution,
    /// Category-1 incidents: the responsible manager on site (2 hours by default).
    Onsite,
    /// Hot complaints: reported upward within one working day.
    HotReport,
    /// A supervision order (督办): the ticket resolved by the due time the supervisor set.
    Supervision,
}

impl ClockKind {
    pub const ALL: [ClockKind; 5] =
        [ClockKind::Response, ClockKind::Resolution, ClockKind::Onsite, ClockKind::HotReport, ClockKind::Supervision];

    pub fn as_str(self) -> &'static str {
        match self {
            ClockKind::Response => "response",
            ClockKind::Resolution => "resolution",
            ClockKind::Onsite => "onsite",
            ClockKind::HotReport => "hot_report",
            ClockKind::Supervision => "supervision",
        }
    }
}

/// What is stored of one clock: its window, when it was met, and the sweeper's marks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClockFacts {
    pub started_at: Option<DateTime<Utc>>,
    pub due_at: Option<DateTime<Utc>>,
    pub met_at: Option<DateTime<Utc>>,
    pub escalated_at: Option<DateTime<Utc>>,
    pub risk_noted_at: Option<DateTime<Utc>>,
}

/// The facts of a ticket that its clocks are computed from.
#[derive(Debug, Clone, Copy)]
pub struct TicketClocks {
    pub status: TicketStatus,
    pub response: ClockFacts,
    pub resolution: ClockFacts,
    pub onsite: ClockFacts,
    pub hot_report: ClockFacts,
    pub supervision: ClockFacts,
    /// For a resolved ticket that needs no callback: when it closes by itself.
    pub auto_close_at: Option<DateTime<Utc>>,
}

/// What the sweeper has to record on a ticket at a given moment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SweepWork {
    /// Clocks that went at risk and were not noted yet (and are not past due).
    pub at_risk: Vec<ClockKind>,
    /// Clocks past due, unmet, not escalated yet.
    pub overdue: Vec<ClockKind>,
    /// A resolved ticket whose time to close by itself has come.
    pub auto_close: bool,
}

/// Sort key for tickets with no running clock: after every real deadline.
pub fn no_deadline() -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(9999, 12, 31)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc())
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

impl TicketClocks {
    pub fn facts(&self, kind: ClockKind) -> &ClockFacts {
        match kind {
            ClockKind::Response => &self.response,
            ClockKind::Resolution => &self.resolution,
            ClockKind::Onsite => &self.onsite,
            ClockKind::HotReport => &self.hot_report,
            ClockKind::Supervision => &self.supervision,
        }
    }

    /// Whether `kind` runs in the ticket's state: the response clock only while the
    /// department owes the first contact (a return stops it, a new dispatch starts a new
    /// one); the resolution and supervision clocks while the ticket is open; the on-site
    /// and hot-report clocks until they are met or the ticket is closed or merged.
    fn runs(&self, kind: ClockKind) -> bool {
        match kind {
            ClockKind::Response => self.status.awaits_response(),
            ClockKind::Resolution | ClockKind::Supervision => self.status.is_open(),
            ClockKind::Onsite | ClockKind::HotReport => {
                !matches!(self.status, TicketStatus::Closed | TicketStatus::Merged)
            }
        }
    }

    /// One clock, when it was started.
    pub fn clock(&self, kind: ClockKind) -> Option<Clock> {
        let f = self.facts(kind);
        Some(Clock { started_at: f.started_at?, due_at: f.due_at?, met_at: f.met_at, running: self.runs(kind) })
    }

    /// Every started clock with its stored facts.
    fn all(&self) -> impl Iterator<Item = (ClockKind, Clock, &ClockFacts)> + '_ {
        ClockKind::ALL.into_iter().filter_map(|k| self.clock(k).map(|c| (k, c, self.facts(k))))
    }

    /// Clocks running unmet: the ones that count in the queue.
    fn open(&self) -> impl Iterator<Item = Clock> + '_ {
        self.all().map(|(_, c, _)| c).filter(|c| c.running && c.met_at.is_none())
    }

    /// Clocks that run unmet and have not been escalated yet: the ones that can breach,
    /// with whether their going at risk was noted.
    fn watched(&self) -> impl Iterator<Item = (ClockKind, Clock, bool)> + '_ {
        self.all()
            .filter(|(_, c, f)| c.running && c.met_at.is_none() && f.escalated_at.is_none())
            .map(|(k, c, f)| (k, c, f.risk_noted_at.is_some()))
    }

    /// What to record at `now`: clocks gone at risk (once each) and clocks past due.
    pub fn sweep_work(&self, now: DateTime<Utc>, at_risk_percent: u8) -> SweepWork {
        let mut work = SweepWork::default();
        for (kind, clock, noted) in self.watched() {
            if clock.due_at <= now {
                work.overdue.push(kind);
            } else if !noted && clock.risk_at(at_risk_percent) <= now {
                work.at_risk.push(kind);
            }
        }
        work.auto_close = self.closes_by_itself_at().is_some_and(|at| at <= now);
        work
    }

    fn closes_by_itself_at(&self) -> Option<DateTime<Utc>> {
        self.auto_close_at.filter(|_| self.status == TicketStatus::Resolved)
    }

    /// When the sweeper should look at this ticket next: the next at-risk moment not yet
    /// noted, the next deadline, or the moment it closes by itself; None for never.
    pub fn next_sweep_at(&self, at_risk_percent: u8) -> Option<DateTime<Utc>> {
        self.watched()
            .map(|(_, c, noted)| if noted { c.due_at } else { c.risk_at(at_risk_percent) })
            .chain(self.closes_by_itself_at())
            .min()
    }

    /// When the first clock still running unmet goes at risk; None when none runs.
    pub fn risk_at(&self, at_risk_percent: u8) -> Option<DateTime<Utc>> {
        self.open().map(|c| c.risk_at(at_risk_percent)).min()
    }

    /// The nearest deadline of a clock that still runs unmet: the queue's sort key.
    pub fn queue_due_at(&self) -> DateTime<Utc> {
        self.open().map(|c| c.due_at).min().unwrap_or_else(no_deadline)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    /// A ticket taken at `created` with the default 48-hour resolution clock.
    fn clocks(status: TicketStatus, created: DateTime<Utc>) -> TicketClocks {
        TicketClocks {
            status,
            response: ClockFacts::default(),
            resolution: ClockFacts {
                started_at: Some(created),
                due_at: Some(created + TimeDelta::hours(48)),
                ..ClockFacts::default()
            },
            onsite: ClockFacts::default(),
            hot_report: ClockFacts::default(),
            supervision: ClockFacts::default(),
            auto_close_at: None,
        }
    }

    #[test]
    fn default_windows_are_the_regulations() {
        let p = SlaPolicy::default();
        let at = t("2026-11-23T10:00:00Z");
        assert_eq!(p.response_due(at, Urgency::P1), t("2026-11-23T10:15:00Z"));
        assert_eq!(p.response_due(at, Urgency::P2), t("2026-11-23T10:30:00Z"));
        assert_eq!(p.response_due(at, Urgency::P3), t("2026-11-23T11:00:00Z"));
        assert_eq!(p.response_due(at, Urgency::P4), t("2026-11-23T12:00:00Z"));
        assert_eq!(p.resolution_due(at), t("2026-11-25T10:00:00Z"));
    }

    #[test]
    fn durations_parse_and_format_back() {
        for (text, secs) in [
            ("PT15M", 900),
            ("PT48H", 172_800),
            ("P7D", 604_800),
            ("PT1S", 1),
            ("PT26H30M", 95_400),
            ("P3DT12H", 302_400),
        ] {
            let d = parse_duration(text).unwrap();
            assert_eq!(d.num_seconds(), secs, "{text}");
            assert_eq!(format_duration(d), text);
        }
        assert_eq!(format_duration(parse_duration("PT60M").unwrap()), "PT1H");
        assert_eq!(format_duration(parse_duration("P2W").unwrap()), "P14D");
        assert_eq!(format_duration(parse_duration("P2D").unwrap()), "PT48H");
    }

    #[test]
    fn durations_that_make_no_sense_are_refused() {
        for bad in ["", "15 minutes", "PT0S", "P1M", "P1Y", "PT-5M", "P400D", "PT0.5S"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_policy_document_reports_every_bad_field() {
        let mut doc = SlaPolicyDoc::from_policy(&SlaPolicy::default());
        assert_eq!(doc.to_policy().unwrap(), SlaPolicy::default());
        doc.response.p2 = "soon".into();
        doc.resolution = "P1Y".into();
        doc.at_risk_percent = 100;
        let errors = doc.to_policy().unwrap_err();
        let fields: Vec<_> = errors.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(fields, ["response.P2", "resolution", "at_risk_percent"]);
    }

    #[test]
    fn a_clock_goes_at_risk_at_eighty_percent_then_breaches() {
        let clock = Clock {
            started_at: t("2026-11-23T10:00:00Z"),
            due_at: t("2026-11-23T10:15:00Z"),
            met_at: None,
            running: true,
        };
        assert_eq!(clock.state(t("2026-11-23T10:11:59Z"), 80), ClockState::OnTime);
        assert_eq!(clock.state(t("2026-11-23T10:12:00Z"), 80), ClockState::AtRisk);
        assert_eq!(clock.risk_at(80), t("2026-11-23T10:12:00Z"));
        assert_eq!(clock.state(t("2026-11-23T10:15:00Z"), 80), ClockState::Breached);
        let met = Clock { met_at: Some(t("2026-11-23T10:14:00Z")), ..clock };
        assert_eq!(met.state(t("2026-11-24T00:00:00Z"), 80), ClockState::Met);
        let late = Clock { met_at: Some(t("2026-11-23T10:16:00Z")), ..clock };
        assert_eq!(late.state(t("2026-11-24T00:00:00Z"), 80), ClockState::MetLate);
        let stopped = Clock { running: false, ..clock };
        assert_eq!(stopped.state(t("2026-11-24T00:00:00Z"), 80), ClockState::Stopped);
    }

    #[test]
    fn the_queue_sorts_by_the_nearest_running_clock() {
        let created = t("2026-11-23T10:00:00Z");
        let mut c = clocks(TicketStatus::New, created);
        assert_eq!(c.queue_due_at(), t("2026-11-25T10:00:00Z"));
        c.status = TicketStatus::Dispatched;
        c.response.started_at = Some(t("2026-11-23T11:00:00Z"));
        c.response.due_at = Some(t("2026-11-23T11:15:00Z"));
        assert_eq!(c.queue_due_at(), t("2026-11-23T11:15:00Z"));
        c.status = TicketStatus::InProgress;
        c.response.met_at = Some(t("2026-11-23T11:05:00Z"));
        assert_eq!(c.queue_due_at(), t("2026-11-25T10:00:00Z"));
        c.status = TicketStatus::Resolved;
        c.resolution.met_at = Some(t("2026-11-24T10:00:00Z"));
        assert_eq!(c.queue_due_at(), no_deadline());
    }

    #[test]
    fn the_sweeper_notes_at_risk_once_then_escalates_once() {
        let mut c = clocks(TicketStatus::Dispatched, t("2026-11-23T10:00:00Z"));
        c.response.started_at = Some(t("2026-11-23T10:00:00Z"));
        c.response.due_at = Some(t("2026-11-23T10:15:00Z"));
        assert_eq!(c.next_sweep_at(80), Some(t("2026-11-23T10:12:00Z")), "first the at-risk moment");
        assert_eq!(c.sweep_work(t("2026-11-23T10:11:59Z"), 80), SweepWork::default());
        let work = c.sweep_work(t("2026-11-23T10:12:00Z"), 80);
        assert_eq!((work.at_risk, work.overdue), (vec![ClockKind::Response], vec![]));
        c.response.risk_noted_at = Some(t("2026-11-23T10:12:00Z"));
        assert_eq!(c.next_sweep_at(80), Some(t("2026-11-23T10:15:00Z")), "then the deadline");
        assert_eq!(c.sweep_work(t("2026-11-23T10:14:00Z"), 80), SweepWork::default());
        assert_eq!(c.sweep_work(t("2026-11-23T10:15:00Z"), 80).overdue, [ClockKind::Response]);
        c.response.escalated_at = Some(t("2026-11-23T10:15:01Z"));
        // 80% of 48 hours after intake: 38h24m.
        assert_eq!(c.next_sweep_at(80), Some(t("2026-11-25T00:24:00Z")), "escalated once, then the next clock");
        let late = c.sweep_work(t("2026-11-26T00:00:00Z"), 80);
        assert_eq!((late.at_risk, late.overdue), (vec![], vec![ClockKind::Resolution]), "past due: no at-risk note");
        c.status = TicketStatus::Returned;
        c.response.escalated_at = None;
        assert_eq!(c.next_sweep_at(80), Some(t("2026-11-25T00:24:00Z")), "a returned dispatch stops its clock");
        c.status = TicketStatus::Closed;
        assert_eq!(c.next_sweep_at(80), None);
    }

    #[test]
    fn a_resolved_ticket_without_callback_closes_by_itself_once_resolved() {
        let mut c = clocks(TicketStatus::Resolved, t("2026-11-23T10:00:00Z"));
        c.resolution.met_at = Some(t("2026-11-23T11:00:00Z"));
        c.auto_close_at = Some(t("2026-11-30T11:00:00Z"));
        assert_eq!(c.next_sweep_at(80), Some(t("2026-11-30T11:00:00Z")));
        assert!(!c.sweep_work(t("2026-11-30T10:59:59Z"), 80).auto_close);
        assert!(c.sweep_work(t("2026-11-30T11:00:00Z"), 80).auto_close);
        c.status = TicketStatus::Reopened; // the customer called again
        assert!(!c.sweep_work(t("2026-12-30T00:00:00Z"), 80).auto_close);
    }
}

#[cfg(test)]
mod more_clock_tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn an_incident_adds_an_onsite_clock_that_runs_until_the_manager_arrives() {
        let created = t("2026-11-23T10:00:00Z");
        let mut c = TicketClocks {
            status: TicketStatus::Resolved,
            response: ClockFacts::default(),
            resolution: ClockFacts {
                started_at: Some(created),
                due_at: Some(created + TimeDelta::hours(48)),
                met_at: Some(created),
                ..ClockFacts::default()
            },
            onsite: ClockFacts {
                started_at: Some(created),
                due_at: Some(t("2026-11-23T12:00:00Z")),
                ..ClockFacts::default()
            },
            hot_report: ClockFacts::default(),
            supervision: ClockFacts::default(),
            auto_close_at: None,
        };
        assert_eq!(c.queue_due_at(), t("2026-11-23T12:00:00Z"), "resolved, but nobody on site yet");
        assert_eq!(c.sweep_work(t("2026-11-23T12:00:00Z"), 80).overdue, [ClockKind::Onsite]);
        c.onsite.met_at = Some(t("2026-11-23T11:00:00Z"));
        assert_eq!(c.next_sweep_at(80), None);
        assert_eq!(c.clock(ClockKind::Onsite).unwrap().state(t("2026-11-24T00:00:00Z"), 80), ClockState::Met);
    }
}

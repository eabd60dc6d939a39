//! What a ticket is, and the state machine of DESIGN §2: a pure function from
//! (state, action, role) to the next state, or the reason it is refused.

pub mod aggregate;
pub mod event;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::role::Role;
pub use aggregate::{Cause, Command, Conflict, Intake, MainTicket, Refusal, Ticket};
pub use event::{Happened, HotReason, TicketEvent};

/// Declares a string-backed enum with `as_str`/`parse` and its list of values.
macro_rules! string_enum {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal,)+ }) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
        $(#[$meta])*
        pub enum $name { $($(#[$vmeta])* $variant,)+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text,)+ }
            }

            pub fn parse(s: &str) -> Option<$name> {
                match s { $($text => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

string_enum! {
    /// Where a ticket is in its lifecycle (DESIGN §2).
    #[serde(rename_all = "snake_case")]
    pub enum TicketStatus {
        /// Recorded at intake, not yet answered or dispatched.
        New => "new",
        /// Sent to a department, waiting for it to sign for it.
        Dispatched => "dispatched",
        /// Signed for by the department (签收).
        Accepted => "accepted",
        /// The department has contacted the customer (联系确认) and works on it.
        InProgress => "in_progress",
        /// Returned by the department (退单), back in the call-center queue.
        Returned => "returned",
        /// Reported resolved; waiting for the callback (回访).
        Resolved => "resolved",
        /// Callback was not satisfied, or reopened by hand; to be dispatched again.
        Reopened => "reopened",
        /// Closed after a satisfied callback (or closed by the call center).
        Closed => "closed",
        /// A duplicate merged into a main ticket.
        Merged => "merged",
    }
}

string_enum! {
    /// What the contact is about (DESIGN §1.1).
    #[serde(rename_all = "snake_case")]
    pub enum TicketKind {
        /// 投诉
        Complaint => "complaint",
        /// 咨询
        Inquiry => "inquiry",
        /// 报修
        Repair => "repair",
        /// 建议
        Suggestion => "suggestion",
        /// 表扬
        Praise => "praise",
    }
}

string_enum! {
    /// How the contact reached the hotline (DESIGN §1.1).
    #[serde(rename_all = "snake_case")]
    pub enum Channel {
        /// 来电
        Phone => "phone",
        /// 来访
        WalkIn => "walk_in",
        /// 书信
        Letter => "letter",
        Email => "email",
        Web => "web",
        /// 网上论坛
        OnlineForum => "online_forum",
        /// 报刊/媒体
        Media => "media",
        /// 上级转办
        Forwarded => "forwarded",
    }
}

string_enum! {
    /// Urgency tier of a dispatch; each has its response window in the SLA policy.
    #[serde(rename_all = "UPPERCASE")]
    pub enum Urgency {
        /// 紧急: 15 minutes by default.
        P1 => "P1",
        /// 较急: 30 minutes by default.
        P2 => "P2",
        /// 一般: 1 hour by default.
        P3 => "P3",
        /// 普通: 2 hours by default.
        P4 => "P4",
    }
}

string_enum! {
    /// What the customer said at the callback.
    #[serde(rename_all = "snake_case")]
    pub enum Satisfaction {
        Satisfied => "satisfied",
        Neutral => "neutral",
        Dissatisfied => "dissatisfied",
    }
}

string_enum! {
    /// The state of an extension request (延期).
    #[serde(rename_all = "snake_case")]
    pub enum ExtensionStatus {
        Pending => "pending",
        Approved => "approved",
        Rejected => "rejected",
    }
}

string_enum! {
    /// What happened on a ticket's timeline.
    #[serde(rename_all = "snake_case")]
    pub enum EventKind {
        Created => "created",
        Answered => "answered",
        Dispatched => "dispatched",
        Accepted => "accepted",
        Returned => "returned",
        Contacted => "contacted",
        ExtensionRequested => "extension_requested",
        ExtensionApproved => "extension_approved",
        ExtensionRejected => "extension_rejected",
        Resolved => "resolved",
        Callback => "callback",
        Reopened => "reopened",
        Closed => "closed",
        Merged => "merged",
        Escalated => "escalated",
        /// A clock used the at-risk share of its window (80% by default).
        AtRisk => "at_risk",
        Comment => "comment",
        /// Flagged a category-1 incident (一类突发事件): the on-site clock starts.
        FlaggedIncident => "flagged_incident",
        /// The responsible manager's arrival on site was recorded.
        OnsiteArrived => "onsite_arrived",
        /// Flagged a hot complaint (热点投诉): the report-upward clock starts.
        FlaggedHot => "flagged_hot",
        /// The hot complaint was reported upward.
        HotReported => "hot_reported",
        /// The same customer contacted again about this ticket.
        Recontacted => "recontacted",
        /// The call center overruled a return and sent the ticket back (审定).
        ReturnOverruled => "return_overruled",
        /// A supervisor urged the department (催办).
        Urged => "urged",
        /// A supervisor issued a supervision order (督办).
        Supervised => "supervised",
        /// Somebody in the call center revealed the customer's full phone number (audit).
        PhoneRevealed => "phone_revealed",
    }
}

string_enum! {
    /// An action on a ticket, as `allowed_actions` lists it: one `POST /tickets/{id}/…`
    /// endpoint each, named like it except `request_extension` (`extensions`),
    /// `decide_extension` (`extensions/{eid}/approve` or `/reject`), `comment` (`comments`),
    /// `flag_incident` (`incident`), `record_onsite` (`onsite`), `flag_hot` (`hot`),
    /// `report_hot` (`hot-report`) and `reveal_phone` (`reveal-phone`).
    #[serde(rename_all = "snake_case")]
    pub enum TicketAction {
        Answer => "answer",
        Dispatch => "dispatch",
        Accept => "accept",
        Return => "return",
        Contact => "contact",
        /// `POST extensions`
        RequestExtension => "request_extension",
        /// `POST extensions/{eid}/approve` or `…/reject`, while a request waits.
        DecideExtension => "decide_extension",
        Resolve => "resolve",
        Callback => "callback",
        Reopen => "reopen",
        Close => "close",
        Merge => "merge",
        /// `POST comments`
        Comment => "comment",
        Urge => "urge",
        Overrule => "overrule",
        Recontact => "recontact",
        /// `POST incident`
        FlagIncident => "flag_incident",
        /// `POST onsite`
        RecordOnsite => "record_onsite",
        /// `POST hot`
        FlagHot => "flag_hot",
        /// `POST hot-report`
        ReportHot => "report_hot",
        /// `POST reveal-phone`
        RevealPhone => "reveal_phone",
    }
}

impl TicketStatus {
    /// Statuses still being worked on (the resolution clock runs); the queue's "open" filter.
    pub const OPEN: [TicketStatus; 6] = [
        TicketStatus::New,
        TicketStatus::Dispatched,
        TicketStatus::Accepted,
        TicketStatus::InProgress,
        TicketStatus::Returned,
        TicketStatus::Reopened,
    ];

    /// The open statuses and `Resolved` (waiting for its callback): the tickets a handover
    /// counts as open and that a new contact may be a duplicate of.
    pub const OPEN_OR_RESOLVED: [TicketStatus; 7] = {
        let mut statuses = [TicketStatus::Resolved; 7];
        let mut i = 0;
        while i < TicketStatus::OPEN.len() {
            statuses[i] = TicketStatus::OPEN[i];
            i += 1;
        }
        statuses
    };

    /// Statuses in which the department owes the customer a first contact (the response
    /// clock runs).
    pub const AWAITING_RESPONSE: [TicketStatus; 2] = [TicketStatus::Dispatched, TicketStatus::Accepted];

    /// States in which the ticket is still being worked on; the resolution clock runs here.
    pub fn is_open(self) -> bool {
        TicketStatus::OPEN.contains(&self)
    }

    /// States in which the department owes the customer a first contact.
    pub fn awaits_response(self) -> bool {
        TicketStatus::AWAITING_RESPONSE.contains(&self)
    }
}

/// The outcome of a callback, as far as the lifecycle cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallbackOutcome {
    /// The customer could not be reached: the ticket stays resolved, to be tried again.
    NotReached,
    /// Reached and satisfied: the ticket closes.
    Satisfied,
    /// Reached and not satisfied (neutral or dissatisfied): the ticket goes back to work.
    NotSatisfied,
}

impl CallbackOutcome {
    pub fn of(reached: bool, satisfaction: Option<Satisfaction>) -> CallbackOutcome {
        match (reached, satisfaction) {
            (false, _) => CallbackOutcome::NotReached,
            (true, Some(Satisfaction::Satisfied)) => CallbackOutcome::Satisfied,
            (true, _) => CallbackOutcome::NotSatisfied,
        }
    }
}

/// One action on a ticket: each maps to one endpoint and one permission.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Answer,
    Dispatch,
    Accept,
    Return,
    Contact,
    RequestExtension,
    DecideExtension,
    Resolve,
    Callback(CallbackOutcome),
    Reopen,
    Close,
    Merge,
    Comment,
    /// 催办 and 督办: a supervisor presses the department; the state stays.
    Urge,
    /// 审定: the call center rejects a department's return and sends it back to them.
    Overrule,
    /// The same customer contacts again about the ticket: a resolved one is reopened.
    Recontact,
    /// Flag a category-1 incident (call center).
    FlagIncident,
    /// Record the manager's arrival on site (the department, or the call center for it).
    RecordOnsite,
    /// Flag a hot complaint by hand (supervisors).
    FlagHot,
    /// Record the upward report of a hot complaint (supervisors).
    ReportHot,
    /// Show the customer's full phone number, on the record; the ticket does not change.
    RevealPhone,
}

impl Action {
    /// Every action, each callback outcome once.
    pub const EVERY: [Action; 23] = [
        Action::Answer,
        Action::Dispatch,
        Action::Accept,
        Action::Return,
        Action::Contact,
        Action::RequestExtension,
        Action::DecideExtension,
        Action::Resolve,
        Action::Callback(CallbackOutcome::NotReached),
        Action::Callback(CallbackOutcome::Satisfied),
        Action::Callback(CallbackOutcome::NotSatisfied),
        Action::Reopen,
        Action::Close,
        Action::Merge,
        Action::Comment,
        Action::Urge,
        Action::Overrule,
        Action::Recontact,
        Action::FlagIncident,
        Action::RecordOnsite,
        Action::FlagHot,
        Action::ReportHot,
        Action::RevealPhone,
    ];

    /// Its name in the API.
    pub fn name(self) -> TicketAction {
        use TicketAction as N;
        match self {
            Action::Answer => N::Answer,
            Action::Dispatch => N::Dispatch,
            Action::Accept => N::Accept,
            Action::Return => N::Return,
            Action::Contact => N::Contact,
            Action::RequestExtension => N::RequestExtension,
            Action::DecideExtension => N::DecideExtension,
            Action::Resolve => N::Resolve,
            Action::Callback(_) => N::Callback,
            Action::Reopen => N::Reopen,
            Action::Close => N::Close,
            Action::Merge => N::Merge,
            Action::Comment => N::Comment,
            Action::Urge => N::Urge,
            Action::Overrule => N::Overrule,
            Action::Recontact => N::Recontact,
            Action::FlagIncident => N::FlagIncident,
            Action::RecordOnsite => N::RecordOnsite,
            Action::FlagHot => N::FlagHot,
            Action::ReportHot => N::ReportHot,
            Action::RevealPhone => N::RevealPhone,
        }
    }

    /// What it does to a ticket, for refusals: "tickets cannot be {verb} by your role".
    pub fn verb(self) -> &'static str {
        match self {
            Action::Answer => "answered",
            Action::Dispatch => "dispatched",
            Action::Accept => "accepted",
            Action::Return => "returned",
            Action::Contact => "marked contacted",
            Action::RequestExtension => "extended",
            Action::DecideExtension => "given an extension decision",
            Action::Resolve => "resolved",
            Action::Callback(_) => "called back",
            Action::Reopen => "reopened",
            Action::Close => "closed",
            Action::Merge => "merged",
            Action::Comment => "commented on",
            Action::Urge => "urged",
            Action::Overrule => "sent back",
            Action::Recontact => "recorded as contacted again",
            Action::FlagIncident => "flagged as an incident",
            Action::RecordOnsite => "marked on site",
            Action::FlagHot => "flagged hot",
            Action::ReportHot => "reported upward",
            Action::RevealPhone => "asked for the customer's number",
        }
    }

    /// Whether `role` may take this action at all (independent of the ticket's state).
    pub fn allowed_for(self, role: Role) -> bool {
        use Action::*;
        match self {
            Answer | Dispatch | DecideExtension | Callback(_) | Reopen | Close | Merge | Overrule | Recontact => {
                role.is_call_center()
            }
            Accept | Return | Contact | RequestExtension => role == Role::DeptStaff,
            Resolve => role == Role::DeptStaff || role.is_call_center(),
            Comment => true,
            Urge | FlagHot | ReportHot => matches!(role, Role::Supervisor | Role::Admin),
            FlagIncident => role.is_call_center(),
            RecordOnsite => role == Role::DeptStaff || role.is_call_center(),
            RevealPhone => role.may_reveal_personal_data(),
        }
    }
}

/// Why an action was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransitionError {
    /// The role may never take this action.
    Forbidden,
    /// The role may, but not in the ticket's current state.
    InvalidTransition { from: TicketStatus },
}

/// The state machine: the status a ticket moves to when `role` takes `action` in `from`.
pub fn transition(from: TicketStatus, action: Action, role: Role) -> Result<TicketStatus, TransitionError> {
    use TicketStatus::*;
    if !action.allowed_for(role) {
        return Err(TransitionError::Forbidden);
    }
    let to = match (from, action) {
        (New | Returned | Reopened, Action::Answer) => Resolved,
        (New | Returned | Reopened, Action::Dispatch) => Dispatched,
        (Dispatched, Action::Accept) => Accepted,
        (Dispatched | Accepted, Action::Return) => Returned,
        (Accepted, Action::Contact) => InProgress,
        (Accepted | InProgress, Action::RequestExtension | Action::DecideExtension) => from,
        (InProgress, Action::Resolve) => Resolved,
        (Resolved, Action::Callback(CallbackOutcome::NotReached)) => Resolved,
        (Resolved, Action::Callback(CallbackOutcome::Satisfied)) => Closed,
        (Resolved, Action::Callback(CallbackOutcome::NotSatisfied)) => Reopened,
        (Resolved, Action::Reopen) => Reopened,
        (Resolved, Action::Close) => Closed,
        (s, Action::Merge) if s.is_open() || s == Resolved => Merged,
        (Dispatched | Accepted | InProgress, Action::Urge) => from,
        (Returned, Action::Overrule) => Dispatched,
        (Resolved, Action::Recontact) => Reopened,
        (s, Action::Recontact) if s.is_open() => s,
        (s, Action::FlagIncident | Action::RecordOnsite | Action::FlagHot | Action::ReportHot)
            if s.is_open() || s == Resolved =>
        {
            s
        }
        (_, Action::Comment | Action::RevealPhone) => from,
        _ => return Err(TransitionError::InvalidTransition { from }),
    };
    Ok(to)
}

#[cfg(test)]
mod tests {
    use super::*;
    use TicketStatus::*;

    fn all_actions() -> Vec<Action> {
        Action::EVERY.to_vec()
    }

    #[test]
    fn every_action_is_listed_once_and_named_once() {
        for (i, a) in Action::EVERY.iter().enumerate() {
            assert!(!Action::EVERY[..i].contains(a), "{a:?} twice");
        }
        for name in TicketAction::ALL {
            assert!(Action::EVERY.iter().any(|a| a.name() == *name), "{name} has no action");
        }
    }

    /// The allowed (state, action) pairs for a role that may take the action, as a table
    /// written out by hand from DESIGN §2: every other pair must be refused with 409.
    fn expected(from: TicketStatus, action: Action) -> Option<TicketStatus> {
        use Action::*;
        use CallbackOutcome as C;
        let table: &[(TicketStatus, Action, TicketStatus)] = &[
            (New, Answer, Resolved),
            (Returned, Answer, Resolved),
            (Reopened, Answer, Resolved),
            (New, Dispatch, Dispatched),
            (Returned, Dispatch, Dispatched),
            (Reopened, Dispatch, Dispatched),
            (Dispatched, Accept, Accepted),
            (Dispatched, Return, Returned),
            (Accepted, Return, Returned),
            (Accepted, Contact, InProgress),
            (Accepted, RequestExtension, Accepted),
            (InProgress, RequestExtension, InProgress),
            (Accepted, DecideExtension, Accepted),
            (InProgress, DecideExtension, InProgress),
            (InProgress, Resolve, Resolved),
            (Resolved, Callback(C::NotReached), Resolved),
            (Resolved, Callback(C::Satisfied), Closed),
            (Resolved, Callback(C::NotSatisfied), Reopened),
            (Resolved, Reopen, Reopened),
            (Resolved, Close, Closed),
            (New, Merge, Merged),
            (Dispatched, Merge, Merged),
            (Accepted, Merge, Merged),
            (InProgress, Merge, Merged),
            (Returned, Merge, Merged),
            (Reopened, Merge, Merged),
            (Resolved, Merge, Merged),
            (Dispatched, Urge, Dispatched),
            (Accepted, Urge, Accepted),
            (InProgress, Urge, InProgress),
            (Returned, Overrule, Dispatched),
            (Resolved, Recontact, Reopened),
            (New, Recontact, New),
            (Dispatched, Recontact, Dispatched),
            (Accepted, Recontact, Accepted),
            (InProgress, Recontact, InProgress),
            (Returned, Recontact, Returned),
            (Reopened, Recontact, Reopened),
        ];
        if action == Comment || action == RevealPhone {
            return Some(from);
        }
        // Flags and their clocks: on any ticket still being worked or waiting for callback.
        if matches!(action, FlagIncident | RecordOnsite | FlagHot | ReportHot) {
            return (from.is_open() || from == Resolved).then_some(from);
        }
        table.iter().find(|(f, a, _)| *f == from && *a == action).map(|(_, _, to)| *to)
    }

    #[test]
    fn every_state_and_action_pair_follows_the_lifecycle() {
        for &from in TicketStatus::ALL {
            for action in all_actions() {
                for role in Role::ALL {
                    let got = transition(from, action, role);
                    if !action.allowed_for(role) {
                        assert_eq!(got, Err(TransitionError::Forbidden), "{from} {action:?} {role:?}");
                        continue;
                    }
                    match expected(from, action) {
                        Some(to) => assert_eq!(got, Ok(to), "{from} {action:?} {role:?}"),
                        None => assert_eq!(
                            got,
                            Err(TransitionError::InvalidTransition { from }),
                            "{from} {action:?} {role:?}"
                        ),
                    }
                }
            }
        }
    }

    #[test]
    fn department_work_is_for_department_staff_only() {
        for action in [Action::Accept, Action::Return, Action::Contact, Action::RequestExtension] {
            assert!(action.allowed_for(Role::DeptStaff));
            for role in [Role::Agent, Role::Supervisor, Role::Admin, Role::Integration] {
                assert!(!action.allowed_for(role), "{action:?} {role:?}");
            }
        }
    }

    #[test]
    fn call_center_work_is_refused_to_departments_and_integrations() {
        for action in [Action::Answer, Action::Dispatch, Action::DecideExtension, Action::Close] {
            assert!(!action.allowed_for(Role::DeptStaff));
            assert!(!action.allowed_for(Role::Integration));
            assert!(action.allowed_for(Role::Agent));
            assert!(action.allowed_for(Role::Supervisor));
        }
        assert!(Action::Resolve.allowed_for(Role::DeptStaff));
        assert!(Action::Resolve.allowed_for(Role::Agent));
    }

    #[test]
    fn only_a_satisfied_callback_closes() {
        let role = Role::Agent;
        assert_eq!(
            transition(Resolved, Action::Callback(CallbackOutcome::of(true, Some(Satisfaction::Satisfied))), role),
            Ok(Closed)
        );
        assert_eq!(
            transition(Resolved, Action::Callback(CallbackOutcome::of(true, Some(Satisfaction::Neutral))), role),
            Ok(Reopened)
        );
        assert_eq!(
            transition(Resolved, Action::Callback(CallbackOutcome::of(true, Some(Satisfaction::Dissatisfied))), role),
            Ok(Reopened)
        );
        assert_eq!(transition(Resolved, Action::Callback(CallbackOutcome::of(false, None)), role), Ok(Resolved));
    }

    #[test]
    fn strings_round_trip() {
        for s in TicketStatus::ALL {
            assert_eq!(TicketStatus::parse(s.as_str()), Some(*s));
        }
        for u in Urgency::ALL {
            assert_eq!(Urgency::parse(u.as_str()), Some(*u));
        }
        assert_eq!(Channel::parse("walk_in"), Some(Channel::WalkIn));
        assert_eq!(TicketKind::parse("bogus"), None);
    }

    #[test]
    fn open_or_resolved_is_the_open_statuses_and_resolved() {
        let expected: Vec<TicketStatus> = TicketStatus::OPEN.into_iter().chain([Resolved]).collect();
        assert_eq!(TicketStatus::OPEN_OR_RESOLVED.to_vec(), expected);
        for s in TicketStatus::ALL {
            assert_eq!(TicketStatus::OPEN_OR_RESOLVED.contains(s), s.is_open() || *s == Resolved, "{s}");
            assert!(!s.awaits_response() || s.is_open(), "{s} awaits a response but is not open");
        }
    }
}

#[cfg(test)]
mod wire_tests {
    use super::*;

    /// serde's names (from `rename_all`) must be the texts `as_str` stores and parses.
    #[test]
    fn serde_names_are_the_stored_texts() {
        fn check<T: Serialize + for<'de> Deserialize<'de> + PartialEq + std::fmt::Debug + Copy>(
            all: &[T],
            text: impl Fn(T) -> &'static str,
        ) {
            for v in all {
                let json = serde_json::to_string(v).unwrap();
                assert_eq!(json, format!("\"{}\"", text(*v)));
                assert_eq!(serde_json::from_str::<T>(&json).unwrap(), *v);
            }
        }
        check(TicketStatus::ALL, TicketStatus::as_str);
        check(TicketKind::ALL, TicketKind::as_str);
        check(Channel::ALL, Channel::as_str);
        check(Urgency::ALL, Urgency::as_str);
        check(Satisfaction::ALL, Satisfaction::as_str);
        check(ExtensionStatus::ALL, ExtensionStatus::as_str);
        check(EventKind::ALL, EventKind::as_str);
        check(TicketAction::ALL, TicketAction::as_str);
    }
}

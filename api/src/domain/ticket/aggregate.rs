//! The ticket as one typed value, and the one function that changes it.
//!
//! Every change — an action of a person, the sweeper's at-risk notes and escalations, the
//! auto-close, both sides of a merge — is a [`Command`] given to [`Ticket::apply`], which
//! asks the state machine ([`transition`]), changes the ticket and returns the history
//! events it makes. Nothing else writes a ticket's status or clocks. Facts that live in
//! other tables (is the department active, is there a pending extension) are checked by
//! the workflow before it calls `apply` and handed in with the command.

use chrono::{DateTime, Utc};

use super::{
    event::{Happened, HotReason, TicketEvent},
    transition, Action, CallbackOutcome, Channel, Satisfaction, TicketAction, TicketKind, TicketStatus,
    TransitionError, Urgency,
};
use crate::domain::{
    ids::{AnswerId, CustomerId, DepartmentId, ExtensionId, RootCauseId, TicketId, UserId},
    role::Actor,
    sla::{ClockFacts, ClockKind, SlaPolicy, SweepWork, TicketClocks},
};

/// The five clocks of a ticket, each by its kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Clocks([ClockFacts; 5]);

impl Clocks {
    fn index(kind: ClockKind) -> usize {
        match kind {
            ClockKind::Response => 0,
            ClockKind::Resolution => 1,
            ClockKind::Onsite => 2,
            ClockKind::HotReport => 3,
            ClockKind::Supervision => 4,
        }
    }

    pub fn get(&self, kind: ClockKind) -> &ClockFacts {
        &self.0[Clocks::index(kind)]
    }

    pub fn get_mut(&mut self, kind: ClockKind) -> &mut ClockFacts {
        &mut self.0[Clocks::index(kind)]
    }

    /// Starts `kind` afresh: a new window, nothing met, no marks of the sweeper.
    fn start(&mut self, kind: ClockKind, at: DateTime<Utc>, due: DateTime<Utc>) {
        *self.get_mut(kind) = ClockFacts { started_at: Some(at), due_at: Some(due), ..ClockFacts::default() };
    }
}

/// A ticket (工单): what was recorded, where it is, and its clocks.
#[derive(Debug, Clone, PartialEq)]
pub struct Ticket {
    pub id: TicketId,
    /// `YYYYMMDD-NNNN`.
    pub number: String,
    pub status: TicketStatus,
    pub kind: TicketKind,
    pub channel: Channel,
    pub subject: String,
    pub description: String,
    pub customer_id: CustomerId,
    /// The first-contact owner (首问责任人).
    pub owner_id: UserId,
    pub department_id: Option<DepartmentId>,
    /// The department that last returned it (退单): an overrule sends it back there.
    pub returned_by: Option<DepartmentId>,
    /// The reason it gave.
    pub return_reason: Option<String>,
    /// The tier of the current or last dispatch.
    pub urgency: Option<Urgency>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub accepted_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub clocks: Clocks,
    /// The resolution deadline set at intake; reports count against it (DESIGN §1.17).
    pub resolution_original_due_at: DateTime<Utc>,
    /// For a resolved ticket that needs no callback: when it closes by itself.
    pub auto_close_at: Option<DateTime<Utc>>,
    pub escalation_level: i32,
    pub resolution: Option<String>,
    /// The cause found, as `Category / Cause`.
    pub root_cause: Option<String>,
    pub root_cause_id: Option<RootCauseId>,
    pub duplicate_of: Option<TicketId>,
    pub complainant_count: i32,
    pub contact_count: i32,
    /// Callbacks that did not reach the customer since the last resolution.
    pub callback_attempts: i32,
    pub urge_count: i32,
    pub urged_at: Option<DateTime<Utc>>,
    /// Raised by one on every change.
    pub version: i32,
}

/// What a new ticket is made of at intake.
#[derive(Debug, Clone)]
pub struct Intake {
    pub id: TicketId,
    pub number: String,
    pub channel: Channel,
    pub kind: TicketKind,
    pub subject: String,
    pub description: String,
    pub customer_id: CustomerId,
    /// A category-1 incident: the on-site clock starts at intake.
    pub incident: bool,
}

/// The root cause found when resolving (DESIGN §1.10).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cause {
    /// From the admin's list: its id and its `Category / Cause` label.
    Listed { id: RootCauseId, label: String },
    /// In words, while the list is empty.
    Words(String),
}

/// The main ticket of a merge, as the duplicate's side needs to know it.
#[derive(Debug, Clone)]
pub struct MainTicket {
    pub id: TicketId,
    pub number: String,
    pub status: TicketStatus,
    pub duplicate_of: Option<TicketId>,
}

/// Every change a ticket can undergo.
#[derive(Debug, Clone)]
pub enum Command {
    Answer {
        answer: String,
        answer_id: Option<AnswerId>,
    },
    /// The department was checked to be active.
    Dispatch {
        department_id: DepartmentId,
        urgency: Urgency,
        note: Option<String>,
    },
    Overrule {
        note: String,
    },
    Accept,
    Return {
        reason: String,
    },
    Contact {
        note: Option<String>,
    },
    /// `pending`: another request of this ticket waits for a decision.
    RequestExtension {
        extension_id: ExtensionId,
        new_due_at: DateTime<Utc>,
        reason: String,
        pending: bool,
    },
    /// `decided`: the request's state if it is no longer pending.
    DecideExtension {
        extension_id: ExtensionId,
        approve: bool,
        new_due_at: DateTime<Utc>,
        decided: Option<&'static str>,
        note: Option<String>,
    },
    /// `list_in_use`: the admin keeps a list of causes, so a complaint must name one of it.
    Resolve {
        resolution: String,
        cause: Option<Cause>,
        list_in_use: bool,
    },
    Callback {
        reached: bool,
        satisfaction: Option<Satisfaction>,
        comment: Option<String>,
    },
    Reopen {
        reason: String,
    },
    Close {
        note: Option<String>,
    },
    Comment {
        body: String,
        internal: bool,
    },
    RevealPhone {
        note: Option<String>,
    },
    /// This ticket is a duplicate of `main`; `has_duplicates`: it has duplicates of its own.
    MergeInto {
        main: MainTicket,
        has_duplicates: bool,
    },
    /// A duplicate was merged into this ticket; `complainants` is the distinct count over
    /// the family now.
    AbsorbDuplicate {
        duplicate_id: TicketId,
        duplicate_number: String,
        duplicate_contacts: i32,
        complainants: i32,
    },
    Urge {
        note: String,
        due_at: Option<DateTime<Utc>>,
    },
    Recontact {
        note: Option<String>,
    },
    FlagIncident {
        note: Option<String>,
    },
    RecordOnsite {
        note: Option<String>,
    },
    FlagHot {
        note: String,
    },
    ReportHot {
        note: String,
    },
    /// The sweeper's pass: at-risk notes, escalations, the auto-close (the system acts).
    Sweep,
}

/// A refusal that is about the ticket itself, not about who asks or in which state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conflict {
    AlreadyIncident,
    NotIncident,
    AlreadyOnsite,
    AlreadyHot,
    NotHot,
    AlreadyReported,
    NotReturned,
    ExtensionPending,
    ExtensionDecided,
    MergeChain,
    MergeClosed,
}

/// Why a command was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The actor may not see the ticket (department staff and other departments' tickets).
    NotFound,
    /// The actor's role may never do this; `verb` says what ("dispatched").
    Forbidden { verb: &'static str },
    /// Not in the ticket's current state.
    InvalidTransition { from: TicketStatus, verb: &'static str },
    /// The ticket's own facts forbid it.
    Conflict { conflict: Conflict, message: String },
    /// A field of the command is wrong.
    Invalid { field: &'static str, message: String },
}

fn conflict(conflict: Conflict, message: impl Into<String>) -> Refusal {
    Refusal::Conflict { conflict, message: message.into() }
}

fn invalid(field: &'static str, message: impl Into<String>) -> Refusal {
    Refusal::Invalid { field, message: message.into() }
}

impl Command {
    /// The lifecycle action this command is, for the state machine; None for the system's
    /// own changes (the sweep, the main side of a merge).
    pub fn action(&self) -> Option<Action> {
        use Command as C;
        Some(match self {
            C::Answer { .. } => Action::Answer,
            C::Dispatch { .. } => Action::Dispatch,
            C::Overrule { .. } => Action::Overrule,
            C::Accept => Action::Accept,
            C::Return { .. } => Action::Return,
            C::Contact { .. } => Action::Contact,
            C::RequestExtension { .. } => Action::RequestExtension,
            C::DecideExtension { .. } => Action::DecideExtension,
            C::Resolve { .. } => Action::Resolve,
            C::Callback { reached, satisfaction, .. } => Action::Callback(CallbackOutcome::of(*reached, *satisfaction)),
            C::Reopen { .. } => Action::Reopen,
            C::Close { .. } => Action::Close,
            C::Comment { .. } => Action::Comment,
            C::RevealPhone { .. } => Action::RevealPhone,
            C::MergeInto { .. } => Action::Merge,
            C::Urge { .. } => Action::Urge,
            C::Recontact { .. } => Action::Recontact,
            C::FlagIncident { .. } => Action::FlagIncident,
            C::RecordOnsite { .. } => Action::RecordOnsite,
            C::FlagHot { .. } => Action::FlagHot,
            C::ReportHot { .. } => Action::ReportHot,
            C::AbsorbDuplicate { .. } | C::Sweep => return None,
        })
    }
}

impl Ticket {
    /// A contact recorded now (受理) by `actor`, its first-contact owner: the resolution
    /// clock starts, an incident's on-site clock too, and a contact through the press or
    /// an online forum is a hot complaint at once.
    pub fn open(intake: Intake, actor: &Actor, now: DateTime<Utc>, policy: &SlaPolicy) -> (Ticket, Vec<TicketEvent>) {
        let resolution_due = policy.resolution_due(now);
        let mut clocks = Clocks::default();
        clocks.start(ClockKind::Resolution, now, resolution_due);
        let mut ticket = Ticket {
            id: intake.id,
            number: intake.number,
            status: TicketStatus::New,
            kind: intake.kind,
            channel: intake.channel,
            subject: intake.subject,
            description: intake.description,
            customer_id: intake.customer_id,
            owner_id: actor.id,
            department_id: None,
            returned_by: None,
            return_reason: None,
            urgency: None,
            created_at: now,
            updated_at: now,
            accepted_at: None,
            closed_at: None,
            clocks,
            resolution_original_due_at: resolution_due,
            auto_close_at: None,
            escalation_level: 0,
            resolution: None,
            root_cause: None,
            root_cause_id: None,
            duplicate_of: None,
            complainant_count: 1,
            contact_count: 1,
            callback_attempts: 0,
            urge_count: 0,
            urged_at: None,
            version: 1,
        };
        if intake.incident {
            ticket.clocks.start(ClockKind::Onsite, now, policy.onsite_due(now));
        }
        let mut events = vec![ticket.event(
            Happened::Created {
                number: ticket.number.clone(),
                channel: ticket.channel,
                kind: ticket.kind,
                customer_id: ticket.customer_id,
                owner_id: ticket.owner_id,
                resolution_due_at: resolution_due,
                incident: intake.incident,
                onsite_due_at: ticket.clocks.get(ClockKind::Onsite).due_at,
            },
            Some(actor.id),
            now,
        )];
        if matches!(ticket.channel, Channel::Media | Channel::OnlineForum) {
            events.push(ticket.flag_hot(HotReason::Channel(ticket.channel), Some(actor.id), now, policy));
        }
        (ticket, events)
    }

    pub fn resolved_at(&self) -> Option<DateTime<Utc>> {
        self.clocks.get(ClockKind::Resolution).met_at
    }

    /// The deadline escalation uses: the original one, or an approved extension's.
    pub fn resolution_due_at(&self) -> DateTime<Utc> {
        self.clocks.get(ClockKind::Resolution).due_at.unwrap_or(self.resolution_original_due_at)
    }

    pub fn is_incident(&self) -> bool {
        self.clocks.get(ClockKind::Onsite).due_at.is_some()
    }

    pub fn is_hot(&self) -> bool {
        self.clocks.get(ClockKind::HotReport).started_at.is_some()
    }

    /// The clocks as the SLA rules read them.
    pub fn timing(&self) -> TicketClocks {
        let c = |k| *self.clocks.get(k);
        TicketClocks {
            status: self.status,
            response: c(ClockKind::Response),
            resolution: c(ClockKind::Resolution),
            onsite: c(ClockKind::Onsite),
            hot_report: c(ClockKind::HotReport),
            supervision: c(ClockKind::Supervision),
            auto_close_at: self.auto_close_at,
        }
    }

    fn event(&self, happened: Happened, actor: Option<UserId>, at: DateTime<Utc>) -> TicketEvent {
        TicketEvent { happened, actor, at, moved: None, department_id: self.department_id }
    }

    /// Whether `actor` may take `action` now, and the status it leads to: department scope,
    /// role and state (the state machine), and the ticket's own facts. The one answer to
    /// "who may do what", for doing it and for listing what may be done.
    pub fn check(&self, action: Action, actor: &Actor) -> Result<TicketStatus, Refusal> {
        if !actor.can_see_department(self.department_id.as_ref()) {
            return Err(Refusal::NotFound);
        }
        let verb = action.verb();
        let to = transition(self.status, action, actor.role).map_err(|e| match e {
            TransitionError::Forbidden => Refusal::Forbidden { verb },
            TransitionError::InvalidTransition { from } => Refusal::InvalidTransition { from, verb },
        })?;
        let onsite = self.clocks.get(ClockKind::Onsite);
        let hot = self.clocks.get(ClockKind::HotReport);
        match action {
            Action::FlagIncident if self.is_incident() => {
                Err(conflict(Conflict::AlreadyIncident, "this ticket is already a category-1 incident"))
            }
            Action::RecordOnsite if !self.is_incident() => {
                Err(conflict(Conflict::NotIncident, "this ticket is not a category-1 incident"))
            }
            Action::RecordOnsite if onsite.met_at.is_some() => {
                Err(conflict(Conflict::AlreadyOnsite, "the arrival on site is already recorded"))
            }
            Action::FlagHot if self.is_hot() => {
                Err(conflict(Conflict::AlreadyHot, "this ticket is already flagged hot"))
            }
            Action::ReportHot if !self.is_hot() => Err(conflict(Conflict::NotHot, "this ticket is not flagged hot")),
            Action::ReportHot if hot.met_at.is_some() => {
                Err(conflict(Conflict::AlreadyReported, "this hot complaint is already reported"))
            }
            Action::Overrule if self.returned_by.is_none() => {
                Err(conflict(Conflict::NotReturned, "this ticket was never returned by a department"))
            }
            _ => Ok(to),
        }
    }

    /// The actions `actor` may take now, by their API names (`allowed_actions`).
    /// `pending_extension`: an extension request waits for a decision (a fact of another
    /// table, loaded with the ticket).
    pub fn allowed_actions(&self, actor: &Actor, pending_extension: bool) -> Vec<TicketAction> {
        let mut names: Vec<TicketAction> = Action::EVERY
            .iter()
            .filter(|a| match a {
                Action::DecideExtension => pending_extension,
                Action::RequestExtension => !pending_extension,
                _ => true,
            })
            .filter(|a| self.check(**a, actor).is_ok())
            .map(|a| a.name())
            .collect();
        names.dedup();
        names
    }

    /// Whether `command` changes the ticket; a reveal of the phone only goes on its record.
    pub fn changes(command: &Command) -> bool {
        !matches!(command, Command::RevealPhone { .. })
    }

    /// Applies `command` by `actor` (None: the system) at `now`: checks it, changes the
    /// ticket and returns the history events it makes, in order. On a refusal the ticket
    /// is unchanged; so it is after a command that only goes on the record.
    pub fn apply(
        &mut self,
        command: Command,
        actor: Option<&Actor>,
        now: DateTime<Utc>,
        policy: &SlaPolicy,
    ) -> Result<Vec<TicketEvent>, Refusal> {
        let from = self.status;
        let acted = command.action().is_some();
        let changes = Ticket::changes(&command);
        let to = match (command.action(), actor) {
            (Some(action), Some(actor)) => self.check(action, actor)?,
            (Some(action), None) => return Err(Refusal::Forbidden { verb: action.verb() }),
            (None, _) => from,
        };
        let mut next = self.clone();
        let by = actor.map(|a| a.id);
        let department_before = self.department_id;
        let events = next.change(command, to, by, now, policy)?;
        next.status = events.status.unwrap_or(to);
        if next.status != TicketStatus::Resolved {
            next.auto_close_at = None; // only a resolved ticket closes by itself
        }
        if !changes {
            // On the record only: the ticket itself stays as it was (no new version).
            return Ok(events.list);
        }
        if !events.list.is_empty() {
            next.updated_at = now;
        }
        next.version += 1;
        let moved = (from != next.status).then_some((from, next.status));
        let mut out = Vec::with_capacity(events.list.len());
        for (i, mut e) in events.list.into_iter().enumerate() {
            if acted && i == 0 {
                e.moved = moved;
                // A return is the returning department's event; a dispatch the receiving one's.
                e.department_id = next.department_id.or(department_before);
            }
            out.push(e);
        }
        *self = next;
        Ok(out)
    }

    /// The change itself, on a copy: the first event is the command's own.
    fn change(
        &mut self,
        command: Command,
        to: TicketStatus,
        by: Option<UserId>,
        now: DateTime<Utc>,
        policy: &SlaPolicy,
    ) -> Result<Made, Refusal> {
        use Command as C;
        let mut made = Made::default();
        let happened = match command {
            C::Answer { answer, answer_id } => {
                self.resolve_now(answer.clone(), now, policy);
                Happened::Answered { answer, answer_id }
            }
            C::Dispatch { department_id, urgency, note } => {
                let response_due_at = self.send_to(department_id, urgency, now, policy);
                Happened::Dispatched { department_id, urgency, response_due_at, note }
            }
            C::Overrule { note } => {
                let department_id = self
                    .returned_by
                    .ok_or_else(|| conflict(Conflict::NotReturned, "this ticket was never returned by a department"))?;
                // The tier of the dispatch that was returned: a returned ticket always had one.
                let urgency = self.urgency.unwrap_or(Urgency::P4);
                let response_due_at = self.send_to(department_id, urgency, now, policy);
                let return_reason = self.return_reason.clone();
                Happened::ReturnOverruled { department_id, urgency, response_due_at, note, return_reason }
            }
            C::Accept => {
                self.accepted_at = Some(now);
                Happened::Accepted { department_id: self.department_id }
            }
            C::Return { reason } => {
                let department_id = self.department_id.take();
                self.returned_by = department_id;
                self.return_reason = Some(reason.clone());
                Happened::Returned { department_id, reason }
            }
            C::Contact { note } => {
                let response = self.clocks.get_mut(ClockKind::Response);
                response.met_at = Some(now);
                Happened::Contacted { note, on_time: response.due_at.is_none_or(|due| now <= due) }
            }
            C::RequestExtension { extension_id, new_due_at, reason, pending } => {
                if pending {
                    return Err(conflict(
                        Conflict::ExtensionPending,
                        "an extension request is already waiting for a decision",
                    ));
                }
                let current = self.clocks.get(ClockKind::Resolution).due_at;
                if current.is_some_and(|due| new_due_at <= due) || new_due_at <= now {
                    return Err(invalid("new_due_at", "must be later than the current deadline and than now"));
                }
                Happened::ExtensionRequested { extension_id, new_due_at, reason }
            }
            C::DecideExtension { extension_id, approve, new_due_at, decided, note } => {
                if let Some(state) = decided {
                    return Err(conflict(
                        Conflict::ExtensionDecided,
                        format!("this extension request was already {state}"),
                    ));
                }
                let resolution = self.clocks.get_mut(ClockKind::Resolution);
                let previous_due_at = resolution.due_at.unwrap_or(self.resolution_original_due_at);
                if approve {
                    resolution.due_at = Some(new_due_at);
                    // A new deadline is a new promise: missing it is a new breach.
                    resolution.escalated_at = None;
                    resolution.risk_noted_at = None;
                }
                Happened::ExtensionDecided { approved: approve, extension_id, previous_due_at, new_due_at, note }
            }
            C::Resolve { resolution, cause, list_in_use } => {
                if self.kind == TicketKind::Complaint {
                    match &cause {
                        Some(Cause::Listed { .. }) => {}
                        _ if list_in_use => {
                            return Err(invalid(
                                "root_cause_id",
                                "a complaint is resolved with a root cause from the list",
                            ))
                        }
                        None => return Err(invalid("root_cause", "a complaint is resolved with the root cause found")),
                        Some(Cause::Words(_)) => {}
                    }
                }
                let due = self.clocks.get(ClockKind::Resolution).due_at;
                let on_time = due.is_none_or(|d| now <= d);
                let within_original_deadline = now <= self.resolution_original_due_at;
                let (root_cause_id, root_cause) = match cause {
                    Some(Cause::Listed { id, label }) => (Some(id), Some(label)),
                    Some(Cause::Words(words)) => (None, Some(words)),
                    None => (None, None),
                };
                self.root_cause = root_cause.clone();
                self.root_cause_id = root_cause_id;
                self.resolve_now(resolution.clone(), now, policy);
                Happened::Resolved { resolution, root_cause, root_cause_id, on_time, within_original_deadline }
            }
            C::Callback { reached, satisfaction, comment } => {
                if reached && satisfaction.is_none() {
                    return Err(invalid("satisfaction", "is required when the customer was reached"));
                }
                match to {
                    TicketStatus::Closed => self.closed_at = Some(now),
                    TicketStatus::Reopened => self.unresolve(),
                    _ => self.callback_attempts += 1, // not reached: try again later
                }
                Happened::Callback { reached, satisfaction, comment, attempt: self.callback_attempts }
            }
            C::Reopen { reason } => {
                self.unresolve();
                Happened::Reopened { reason }
            }
            C::Close { note } => {
                self.closed_at = Some(now);
                Happened::Closed { note, auto: false }
            }
            C::Comment { body, internal } => Happened::Comment { body, internal },
            C::RevealPhone { note } => Happened::PhoneRevealed { note },
            C::MergeInto { main, has_duplicates } => {
                if main.id == self.id {
                    return Err(invalid("into", "a ticket cannot be merged into itself"));
                }
                if main.status == TicketStatus::Merged || main.duplicate_of.is_some() {
                    return Err(conflict(
                        Conflict::MergeChain,
                        format!("{} is itself a duplicate; merge into its main ticket", main.number),
                    ));
                }
                if main.status == TicketStatus::Closed {
                    return Err(conflict(Conflict::MergeClosed, format!("{} is closed", main.number)));
                }
                if has_duplicates {
                    return Err(conflict(
                        Conflict::MergeChain,
                        "this ticket has duplicates of its own; merge them into the other ticket first",
                    ));
                }
                self.duplicate_of = Some(main.id);
                Happened::MergedInto { into: main.id, into_number: main.number }
            }
            C::AbsorbDuplicate { duplicate_id, duplicate_number, duplicate_contacts, complainants } => {
                // Distinct callers over the family; contacts add up.
                self.complainant_count = complainants;
                self.contact_count = self.contact_count.saturating_add(duplicate_contacts);
                let threshold = i32::try_from(policy.hot_threshold).unwrap_or(i32::MAX);
                if !self.is_hot() && self.complainant_count >= threshold {
                    let count = self.complainant_count;
                    made.follow.push(self.flag_hot(HotReason::Complainants { count }, by, now, policy));
                }
                Happened::MergedHere {
                    duplicate_id,
                    duplicate_number,
                    complainant_count: self.complainant_count,
                    contact_count: self.contact_count,
                }
            }
            C::Urge { note, due_at } => {
                if let Some(due) = due_at {
                    if due <= now {
                        return Err(invalid("due_at", "must be in the future"));
                    }
                    self.clocks.start(ClockKind::Supervision, now, due);
                }
                self.urge_count += 1;
                self.urged_at = Some(now);
                Happened::Urged { note, due_at, department_id: self.department_id }
            }
            C::Recontact { note } => {
                self.contact_count = self.contact_count.saturating_add(1);
                if to == TicketStatus::Reopened {
                    self.unresolve();
                }
                Happened::Recontacted { note, contact_count: self.contact_count }
            }
            C::FlagIncident { note } => {
                let onsite_due_at = policy.onsite_due(now);
                self.clocks.start(ClockKind::Onsite, now, onsite_due_at);
                Happened::FlaggedIncident { note, onsite_due_at }
            }
            C::RecordOnsite { note } => {
                let onsite = self.clocks.get_mut(ClockKind::Onsite);
                onsite.met_at = Some(now);
                Happened::OnsiteArrived { note, on_time: onsite.due_at.is_none_or(|d| now <= d) }
            }
            C::FlagHot { note } => {
                let e = self.flag_hot(HotReason::ByHand { note }, by, now, policy);
                made.list.push(e);
                return Ok(made);
            }
            C::ReportHot { note } => {
                let hot = self.clocks.get_mut(ClockKind::HotReport);
                hot.met_at = Some(now);
                Happened::HotReported { note, on_time: hot.due_at.is_none_or(|d| now <= d) }
            }
            C::Sweep => return Ok(self.sweep(now, policy)),
        };
        made.list.insert(0, self.event(happened, by, now));
        made.list.append(&mut made.follow);
        Ok(made)
    }

    /// The sweeper's work at `now` (DESIGN §2): one `at_risk` event per clock gone at risk,
    /// one `escalated` per clock past due (each raising the level), and the auto-close.
    fn sweep(&mut self, now: DateTime<Utc>, policy: &SlaPolicy) -> Made {
        let SweepWork { at_risk, overdue, auto_close } = self.timing().sweep_work(now, policy.at_risk_percent);
        let mut made = Made::default();
        for clock in at_risk {
            let facts = self.clocks.get_mut(clock);
            facts.risk_noted_at = Some(now);
            let due_at = facts.due_at;
            made.list.push(self.event(
                Happened::AtRisk { clock, due_at, department_id: self.department_id },
                None,
                now,
            ));
        }
        for clock in overdue {
            self.escalation_level += 1;
            let facts = self.clocks.get_mut(clock);
            facts.escalated_at = Some(now);
            let due_at = facts.due_at;
            let happened =
                Happened::Escalated { clock, level: self.escalation_level, due_at, department_id: self.department_id };
            made.list.push(self.event(happened, None, now));
        }
        if auto_close {
            // Resolved with no repeat contact for the policy's time: closed by the system.
            self.closed_at = Some(now);
            self.auto_close_at = None;
            made.status = Some(TicketStatus::Closed);
            let mut e = self.event(Happened::Closed { note: None, auto: true }, None, now);
            e.moved = Some((self.status, TicketStatus::Closed));
            made.list.push(e);
        }
        made
    }

    /// Starts a new dispatch: the department, the tier and a new response clock.
    fn send_to(
        &mut self,
        department: DepartmentId,
        urgency: Urgency,
        now: DateTime<Utc>,
        policy: &SlaPolicy,
    ) -> DateTime<Utc> {
        let due = policy.response_due(now, urgency);
        self.department_id = Some(department);
        self.urgency = Some(urgency);
        self.accepted_at = None;
        self.clocks.start(ClockKind::Response, now, due);
        due
    }

    /// Resolved now: the resolution clock (and a supervision order's) is met, and a kind
    /// that needs no callback closes by itself after the policy's time.
    fn resolve_now(&mut self, text: String, now: DateTime<Utc>, policy: &SlaPolicy) {
        self.clocks.get_mut(ClockKind::Resolution).met_at = Some(now);
        let supervision = self.clocks.get_mut(ClockKind::Supervision);
        if supervision.started_at.is_some() {
            supervision.met_at = Some(now);
        }
        self.resolution = Some(text);
        self.callback_attempts = 0;
        self.auto_close_at = (!policy.callback_required.for_kind(self.kind)).then(|| now + policy.auto_close_after);
    }

    /// Back to work: no longer resolved, and a supervision order is owed again.
    fn unresolve(&mut self) {
        self.clocks.get_mut(ClockKind::Resolution).met_at = None;
        self.clocks.get_mut(ClockKind::Supervision).met_at = None;
    }

    /// Flags a hot complaint: the report-upward clock starts now.
    fn flag_hot(
        &mut self,
        reason: HotReason,
        by: Option<UserId>,
        now: DateTime<Utc>,
        policy: &SlaPolicy,
    ) -> TicketEvent {
        let due = policy.hot_report_due(now);
        self.clocks.start(ClockKind::HotReport, now, due);
        self.event(Happened::FlaggedHot { reason, hot_report_due_at: Some(due) }, by, now)
    }
}

/// What one change made: its events, the events that follow from it, and a status of
/// its own (the auto-close) when it is not the state machine's.
#[derive(Default)]
struct Made {
    list: Vec<TicketEvent>,
    follow: Vec<TicketEvent>,
    status: Option<TicketStatus>,
}

#[cfg(test)]
mod tests {
    use chrono::TimeDelta;

    use super::*;
    use crate::domain::{ids::TicketId, role::Role, ticket::EventKind};

    fn at(minutes: i64) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-12-01T09:00:00Z").unwrap().with_timezone(&Utc) + TimeDelta::minutes(minutes)
    }

    fn actor(role: Role, department: Option<DepartmentId>) -> Actor {
        Actor { id: UserId::new(), role, department_id: department }
    }

    fn new_ticket(kind: TicketKind, channel: Channel) -> (Ticket, Vec<TicketEvent>) {
        let intake = Intake {
            id: TicketId::new(),
            number: "20261201-0001".into(),
            channel,
            kind,
            subject: "Leak".into(),
            description: "Ceiling".into(),
            customer_id: CustomerId::new(),
            incident: false,
        };
        Ticket::open(intake, &actor(Role::Agent, None), at(0), &SlaPolicy::default())
    }

    #[test]
    fn intake_starts_the_resolution_clock_and_a_press_contact_is_hot_at_once() {
        let (t, events) = new_ticket(TicketKind::Complaint, Channel::Phone);
        assert_eq!(t.status, TicketStatus::New);
        assert_eq!(t.resolution_due_at(), at(48 * 60));
        assert_eq!(events.len(), 1);
        let (hot, events) = new_ticket(TicketKind::Complaint, Channel::Media);
        assert!(hot.is_hot());
        assert_eq!(events.iter().map(|e| e.kind()).collect::<Vec<_>>(), [EventKind::Created, EventKind::FlaggedHot]);
    }

    #[test]
    fn an_overrule_sends_the_ticket_back_to_the_department_that_returned_it_with_its_tier() {
        let policy = SlaPolicy::default();
        let (mut t, _) = new_ticket(TicketKind::Complaint, Channel::Phone);
        let dept = DepartmentId::new();
        let agent = actor(Role::Agent, None);
        let staff = actor(Role::DeptStaff, Some(dept));
        t.apply(
            Command::Dispatch { department_id: dept, urgency: Urgency::P1, note: None },
            Some(&agent),
            at(1),
            &policy,
        )
        .unwrap();
        let returned = t.apply(Command::Return { reason: "not ours".into() }, Some(&staff), at(2), &policy).unwrap();
        assert_eq!(t.department_id, None);
        assert_eq!(returned[0].department_id, Some(dept), "a return counts for the department that returned it");
        let events = t.apply(Command::Overrule { note: "it is yours".into() }, Some(&agent), at(3), &policy).unwrap();
        assert_eq!((t.status, t.department_id, t.urgency), (TicketStatus::Dispatched, Some(dept), Some(Urgency::P1)));
        assert_eq!(t.clocks.get(ClockKind::Response).due_at, Some(at(3 + 15)), "a new P1 window");
        assert!(
            matches!(&events[0].happened, Happened::ReturnOverruled { return_reason: Some(r), .. } if r == "not ours")
        );
        assert_eq!(events[0].moved, Some((TicketStatus::Returned, TicketStatus::Dispatched)));
    }

    #[test]
    fn a_refused_command_leaves_the_ticket_as_it_was() {
        let policy = SlaPolicy::default();
        let (mut t, _) = new_ticket(TicketKind::Complaint, Channel::Phone);
        let before = t.clone();
        let staff = actor(Role::DeptStaff, Some(DepartmentId::new()));
        assert_eq!(t.apply(Command::Accept, Some(&staff), at(1), &policy), Err(Refusal::NotFound));
        let agent = actor(Role::Agent, None);
        assert!(matches!(t.apply(Command::Accept, Some(&agent), at(1), &policy), Err(Refusal::Forbidden { .. })));
        let supervisor = actor(Role::Supervisor, None);
        assert!(matches!(
            t.apply(Command::ReportHot { note: "x".into() }, Some(&supervisor), at(1), &policy),
            Err(Refusal::Conflict { conflict: Conflict::NotHot, .. })
        ));
        assert!(matches!(
            t.apply(Command::Urge { note: "x".into(), due_at: None }, Some(&supervisor), at(1), &policy),
            Err(Refusal::InvalidTransition { from: TicketStatus::New, .. })
        ));
        assert_eq!(t, before);
    }

    #[test]
    fn the_sweep_notes_risk_escalates_once_and_closes_what_closes_by_itself() {
        let policy = SlaPolicy::default();
        let (mut t, _) = new_ticket(TicketKind::Inquiry, Channel::Phone);
        let agent = actor(Role::Agent, None);
        let dept = DepartmentId::new();
        t.apply(
            Command::Dispatch { department_id: dept, urgency: Urgency::P2, note: None },
            Some(&agent),
            at(0),
            &policy,
        )
        .unwrap();
        let kinds = |events: &[TicketEvent]| events.iter().map(TicketEvent::kind).collect::<Vec<_>>();
        let at_risk = t.apply(Command::Sweep, None, at(25), &policy).unwrap();
        assert_eq!(kinds(&at_risk), [EventKind::AtRisk]);
        let late = t.apply(Command::Sweep, None, at(31), &policy).unwrap();
        assert_eq!(kinds(&late), [EventKind::Escalated]);
        assert_eq!(t.escalation_level, 1);
        assert!(t.apply(Command::Sweep, None, at(40), &policy).unwrap().is_empty(), "escalated once");
        // Resolved, an inquiry (no callback needed) closes by itself after the policy's time.
        let staff = actor(Role::DeptStaff, Some(dept));
        t.apply(Command::Accept, Some(&staff), at(41), &policy).unwrap();
        t.apply(Command::Contact { note: None }, Some(&staff), at(42), &policy).unwrap();
        let resolve = Command::Resolve { resolution: "told".into(), cause: None, list_in_use: false };
        t.apply(resolve, Some(&staff), at(43), &policy).unwrap();
        assert_eq!(t.auto_close_at, Some(at(43) + policy.auto_close_after));
        let closed = t.apply(Command::Sweep, None, at(43) + policy.auto_close_after, &policy).unwrap();
        assert_eq!(kinds(&closed), [EventKind::Closed]);
        assert_eq!(closed[0].moved, Some((TicketStatus::Resolved, TicketStatus::Closed)));
        assert_eq!(t.status, TicketStatus::Closed);
    }

    #[test]
    fn revealing_the_phone_goes_on_the_record_and_changes_nothing() {
        let policy = SlaPolicy::default();
        let (mut t, _) = new_ticket(TicketKind::Complaint, Channel::Phone);
        let before = t.clone();
        let events =
            t.apply(Command::RevealPhone { note: None }, Some(&actor(Role::Agent, None)), at(5), &policy).unwrap();
        assert_eq!(events.iter().map(TicketEvent::kind).collect::<Vec<_>>(), [EventKind::PhoneRevealed]);
        assert_eq!(t, before);
    }

    #[test]
    fn allowed_actions_follow_the_state_the_role_and_the_facts() {
        let (t, _) = new_ticket(TicketKind::Complaint, Channel::Phone);
        let agent = actor(Role::Agent, None);
        let allowed = t.allowed_actions(&agent, false);
        for a in [TicketAction::Answer, TicketAction::Dispatch, TicketAction::FlagIncident, TicketAction::RevealPhone] {
            assert!(allowed.contains(&a), "{a}");
        }
        for a in [TicketAction::Accept, TicketAction::RecordOnsite, TicketAction::ReportHot, TicketAction::Overrule] {
            assert!(!allowed.contains(&a), "{a}");
        }
        let staff = actor(Role::DeptStaff, Some(DepartmentId::new()));
        assert!(t.allowed_actions(&staff, false).is_empty(), "not their department's");
    }
}

//! What happened on a ticket, as the aggregate reports it: one typed value per history
//! entry. Its `data` is made once, here, and the same value goes to the history row, the
//! webhook outbox and the live stream.

use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use super::{Channel, EventKind, Satisfaction, TicketKind, TicketStatus, Urgency};
use crate::domain::{
    ids::{AnswerId, CustomerId, DepartmentId, ExtensionId, RootCauseId, TicketId, UserId},
    sla::ClockKind,
};

/// Why a ticket became a hot complaint (热点投诉).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HotReason {
    /// It came through the press or an online forum: public attention from the start.
    Channel(Channel),
    /// A supervisor flagged it, saying why.
    ByHand { note: String },
    /// Enough distinct complainants were merged into it.
    Complainants { count: i32 },
}

/// One entry of a ticket's history, with what it records.
#[derive(Debug, Clone, PartialEq)]
pub enum Happened {
    Created {
        number: String,
        channel: Channel,
        kind: TicketKind,
        customer_id: CustomerId,
        owner_id: UserId,
        resolution_due_at: DateTime<Utc>,
        incident: bool,
        onsite_due_at: Option<DateTime<Utc>>,
    },
    Answered {
        answer: String,
        answer_id: Option<AnswerId>,
    },
    Dispatched {
        department_id: DepartmentId,
        urgency: Urgency,
        response_due_at: DateTime<Utc>,
        note: Option<String>,
    },
    ReturnOverruled {
        department_id: DepartmentId,
        urgency: Urgency,
        response_due_at: DateTime<Utc>,
        note: String,
        return_reason: Option<String>,
    },
    Accepted {
        department_id: Option<DepartmentId>,
    },
    Returned {
        department_id: Option<DepartmentId>,
        reason: String,
    },
    Contacted {
        note: Option<String>,
        on_time: bool,
    },
    ExtensionRequested {
        extension_id: ExtensionId,
        new_due_at: DateTime<Utc>,
        reason: String,
    },
    ExtensionDecided {
        approved: bool,
        extension_id: ExtensionId,
        previous_due_at: DateTime<Utc>,
        new_due_at: DateTime<Utc>,
        note: Option<String>,
    },
    Resolved {
        resolution: String,
        root_cause: Option<String>,
        root_cause_id: Option<RootCauseId>,
        on_time: bool,
        within_original_deadline: bool,
    },
    Callback {
        reached: bool,
        satisfaction: Option<Satisfaction>,
        comment: Option<String>,
        attempt: i32,
    },
    Reopened {
        reason: String,
    },
    /// Closed by hand (with a note) or by the system (`auto`).
    Closed {
        note: Option<String>,
        auto: bool,
    },
    Comment {
        body: String,
        internal: bool,
    },
    PhoneRevealed {
        note: Option<String>,
    },
    /// This ticket was merged, as a duplicate, into `into`.
    MergedInto {
        into: TicketId,
        into_number: String,
    },
    /// A duplicate was merged into this (main) ticket.
    MergedHere {
        duplicate_id: TicketId,
        duplicate_number: String,
        complainant_count: i32,
        contact_count: i32,
    },
    /// An urge (催办), or with a due time a supervision order (督办).
    Urged {
        note: String,
        due_at: Option<DateTime<Utc>>,
        department_id: Option<DepartmentId>,
    },
    Recontacted {
        note: Option<String>,
        contact_count: i32,
    },
    FlaggedIncident {
        note: Option<String>,
        onsite_due_at: DateTime<Utc>,
    },
    OnsiteArrived {
        note: Option<String>,
        on_time: bool,
    },
    FlaggedHot {
        reason: HotReason,
        hot_report_due_at: Option<DateTime<Utc>>,
    },
    HotReported {
        note: String,
        on_time: bool,
    },
    AtRisk {
        clock: ClockKind,
        due_at: Option<DateTime<Utc>>,
        department_id: Option<DepartmentId>,
    },
    Escalated {
        clock: ClockKind,
        level: i32,
        due_at: Option<DateTime<Utc>>,
        department_id: Option<DepartmentId>,
    },
}

/// A history entry as the aggregate made it: what happened, who did it and when, the
/// status it moved the ticket between, and the department it counts for (the one the
/// ticket was with: a return counts for the department that returned it).
#[derive(Debug, Clone, PartialEq)]
pub struct TicketEvent {
    pub happened: Happened,
    pub actor: Option<UserId>,
    pub at: DateTime<Utc>,
    pub moved: Option<(TicketStatus, TicketStatus)>,
    pub department_id: Option<DepartmentId>,
}

impl Happened {
    pub fn kind(&self) -> EventKind {
        use Happened as H;
        match self {
            H::Created { .. } => EventKind::Created,
            H::Answered { .. } => EventKind::Answered,
            H::Dispatched { .. } => EventKind::Dispatched,
            H::ReturnOverruled { .. } => EventKind::ReturnOverruled,
            H::Accepted { .. } => EventKind::Accepted,
            H::Returned { .. } => EventKind::Returned,
            H::Contacted { .. } => EventKind::Contacted,
            H::ExtensionRequested { .. } => EventKind::ExtensionRequested,
            H::ExtensionDecided { approved: true, .. } => EventKind::ExtensionApproved,
            H::ExtensionDecided { approved: false, .. } => EventKind::ExtensionRejected,
            H::Resolved { .. } => EventKind::Resolved,
            H::Callback { .. } => EventKind::Callback,
            H::Reopened { .. } => EventKind::Reopened,
            H::Closed { .. } => EventKind::Closed,
            H::Comment { .. } => EventKind::Comment,
            H::PhoneRevealed { .. } => EventKind::PhoneRevealed,
            H::MergedInto { .. } | H::MergedHere { .. } => EventKind::Merged,
            H::Urged { due_at: None, .. } => EventKind::Urged,
            H::Urged { due_at: Some(_), .. } => EventKind::Supervised,
            H::Recontacted { .. } => EventKind::Recontacted,
            H::FlaggedIncident { .. } => EventKind::FlaggedIncident,
            H::OnsiteArrived { .. } => EventKind::OnsiteArrived,
            H::FlaggedHot { .. } => EventKind::FlaggedHot,
            H::HotReported { .. } => EventKind::HotReported,
            H::AtRisk { .. } => EventKind::AtRisk,
            H::Escalated { .. } => EventKind::Escalated,
        }
    }

    /// The event's details as the history, webhooks and the stream show them.
    fn details(&self) -> Value {
        use Happened as H;
        match self {
            H::Created { number, channel, kind, customer_id, owner_id, resolution_due_at, incident, onsite_due_at } => {
                json!({
                    "number": number, "channel": channel, "kind": kind, "customer_id": customer_id,
                    "owner_id": owner_id, "resolution_due_at": resolution_due_at, "incident": incident,
                    "onsite_due_at": onsite_due_at,
                })
            }
            H::Answered { answer, answer_id } => json!({ "answer": answer, "answer_id": answer_id }),
            H::Dispatched { department_id, urgency, response_due_at, note } => json!({
                "department_id": department_id, "urgency": urgency, "response_due_at": response_due_at, "note": note,
            }),
            H::ReturnOverruled { department_id, urgency, response_due_at, note, return_reason } => json!({
                "department_id": department_id, "urgency": urgency, "response_due_at": response_due_at,
                "note": note, "return_reason": return_reason,
            }),
            H::Accepted { department_id } => json!({ "department_id": department_id }),
            H::Returned { department_id, reason } => json!({ "department_id": department_id, "reason": reason }),
            H::Contacted { note, on_time } => json!({ "note": note, "on_time": on_time }),
            H::ExtensionRequested { extension_id, new_due_at, reason } => {
                json!({ "extension_id": extension_id, "new_due_at": new_due_at, "reason": reason })
            }
            H::ExtensionDecided { extension_id, previous_due_at, new_due_at, note, .. } => json!({
                "extension_id": extension_id, "previous_due_at": previous_due_at, "new_due_at": new_due_at, "note": note,
            }),
            H::Resolved { resolution, root_cause, root_cause_id, on_time, within_original_deadline } => json!({
                "resolution": resolution, "root_cause": root_cause, "root_cause_id": root_cause_id,
                "on_time": on_time, "within_original_deadline": within_original_deadline,
            }),
            H::Callback { reached, satisfaction, comment, attempt } => {
                json!({ "reached": reached, "satisfaction": satisfaction, "comment": comment, "attempt": attempt })
            }
            H::Reopened { reason } => json!({ "reason": reason }),
            H::Closed { auto: true, .. } => json!({ "auto": true }),
            H::Closed { note, auto: false } => json!({ "note": note }),
            H::Comment { body, internal } => json!({ "body": body, "internal": internal }),
            H::PhoneRevealed { note } => json!({ "note": note }),
            H::MergedInto { into, into_number } => {
                json!({ "role": "duplicate", "into": into, "into_number": into_number })
            }
            H::MergedHere { duplicate_id, duplicate_number, complainant_count, contact_count } => json!({
                "role": "main", "duplicate_id": duplicate_id, "duplicate_number": duplicate_number,
                "complainant_count": complainant_count, "contact_count": contact_count,
            }),
            H::Urged { note, due_at, department_id } => {
                json!({ "note": note, "due_at": due_at, "department_id": department_id })
            }
            H::Recontacted { note, contact_count } => json!({ "note": note, "contact_count": contact_count }),
            H::FlaggedIncident { note, onsite_due_at } => json!({ "note": note, "onsite_due_at": onsite_due_at }),
            H::OnsiteArrived { note, on_time } => json!({ "note": note, "on_time": on_time }),
            H::HotReported { note, on_time } => json!({ "note": note, "on_time": on_time }),
            H::FlaggedHot { reason, hot_report_due_at } => match reason {
                HotReason::Channel(channel) => {
                    json!({ "reason": "channel", "channel": channel, "hot_report_due_at": hot_report_due_at })
                }
                HotReason::ByHand { note } => {
                    json!({ "reason": "by_hand", "note": note, "hot_report_due_at": hot_report_due_at })
                }
                HotReason::Complainants { count } => json!({
                    "reason": "complainants", "complainant_count": count, "hot_report_due_at": hot_report_due_at,
                }),
            },
            H::AtRisk { clock, due_at, department_id } => {
                json!({ "clock": clock, "due_at": due_at, "department_id": department_id })
            }
            H::Escalated { clock, level, due_at, department_id } => {
                json!({ "clock": clock, "level": level, "due_at": due_at, "department_id": department_id })
            }
        }
    }
}

impl TicketEvent {
    pub fn kind(&self) -> EventKind {
        self.happened.kind()
    }

    /// The details, with `from` and `to` when the status changed: made once per event.
    pub fn data(&self) -> Value {
        let mut data = self.happened.details();
        if let (Some((from, to)), Value::Object(map)) = (self.moved, &mut data) {
            map.insert("from".into(), json!(from));
            map.insert("to".into(), json!(to));
        }
        data
    }
}

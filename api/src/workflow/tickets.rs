use chrono::{DateTime, NaiveDateTime, Utc};
use serde_json::{json, Value};

use crate::{
    db::{
        self, customers::CustomerRow, departments, events::EventRow, extensions::ExtensionRow,
        idempotency::IdempotencyRow, tickets::TicketRow, DbConnection,
    },
    domain::{
        phone::Phone,
        role::Actor,
        sla::{ClockFacts, ClockKind, TicketClocks},
        ticket::{
            transition, Action, CallbackOutcome, Channel, EventKind, ExtensionStatus, Satisfaction, TicketKind,
            TicketStatus, Urgency,
        },
    },
    error::Error,
};

/// Who acts, and when.
#[derive(Debug, Clone)]
pub struct Ctx<'a> {
    pub actor: &'a Actor,
    pub now: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct NewCustomer {
    pub name: String,
    pub phone: Phone,
    pub address: Option<String>,
    pub unit: Option<String>,
}

#[derive(Debug, Clone)]
pub struct NewTicket {
    pub channel: Channel,
    pub kind: TicketKind,
    pub subject: String,
    pub description: String,
    pub customer: NewCustomer,
    /// A category-1 incident: the on-site clock starts at intake.
    pub incident: bool,
}

/// An `Idempotency-Key` and the request it came with.
#[derive(Debug, Clone)]
pub struct Idempotency {
    pub key: String,
    pub request: Value,
}

/// The clocks of a stored ticket.
pub fn clocks(row: &TicketRow) -> Result<TicketClocks, Error> {
    let t = |v: Option<NaiveDateTime>| v.map(db::from_db);
    Ok(TicketClocks {
        status: status_of(row)?,
        response: ClockFacts {
            started_at: t(row.dispatched_at),
            due_at: t(row.response_due_at),
            met_at: t(row.responded_at),
            escalated_at: t(row.response_escalated_at),
            risk_noted_at: t(row.response_risk_noted_at),
        },
        resolution: ClockFacts {
            started_at: Some(db::from_db(row.created_at)),
            due_at: Some(db::from_db(row.resolution_due_at)),
            met_at: t(row.resolved_at),
            escalated_at: t(row.resolution_escalated_at),
            risk_noted_at: t(row.resolution_risk_noted_at),
        },
        onsite: ClockFacts {
            started_at: t(row.onsite_started_at),
            due_at: t(row.onsite_due_at),
            met_at: t(row.onsite_at),
            escalated_at: t(row.onsite_escalated_at),
            risk_noted_at: t(row.onsite_risk_noted_at),
        },
        hot_report: ClockFacts {
            started_at: t(row.hot_at),
            due_at: t(row.hot_report_due_at),
            met_at: t(row.hot_reported_at),
            escalated_at: t(row.hot_report_escalated_at),
            risk_noted_at: t(row.hot_report_risk_noted_at),
        },
        supervision: ClockFacts {
            started_at: t(row.supervised_at),
            due_at: t(row.supervision_due_at),
            // Met by resolving after the order; a reopened ticket owes it again.
            met_at: t(row.resolved_at.filter(|r| row.supervised_at.is_some_and(|s| *r >= s))),
            escalated_at: t(row.supervision_escalated_at),
            risk_noted_at: t(row.supervision_risk_noted_at),
        },
        auto_close_at: t(row.auto_close_at),
    })
}

/// Recomputes what is derived from the clocks: the queue's sort key, the at-risk moment
/// and the sweeper's key.
pub fn refresh_deadlines(conn: &mut DbConnection, row: &mut TicketRow) -> Result<(), Error> {
    let clocks = clocks(row)?;
    let at_risk_percent = db::sla_policy::get(conn)?.at_risk_percent;
    row.queue_due_at = db::to_db(clocks.queue_due_at());
    row.risk_at = clocks.risk_at(at_risk_percent).map(db::to_db);
    row.sweep_due_at = clocks.next_sweep_at(at_risk_percent).map(db::to_db);
    Ok(())
}

/// The sweeper's marks of one clock on the row: (escalated at, at-risk noted at).
pub fn sweep_marks(row: &mut TicketRow, kind: ClockKind) -> (&mut Option<NaiveDateTime>, &mut Option<NaiveDateTime>) {
    match kind {
        ClockKind::Response => (&mut row.response_escalated_at, &mut row.response_risk_noted_at),
        ClockKind::Resolution => (&mut row.resolution_escalated_at, &mut row.resolution_risk_noted_at),
        ClockKind::Onsite => (&mut row.onsite_escalated_at, &mut row.onsite_risk_noted_at),
        ClockKind::HotReport => (&mut row.hot_report_escalated_at, &mut row.hot_report_risk_noted_at),
        ClockKind::Supervision => (&mut row.supervision_escalated_at, &mut row.supervision_risk_noted_at),
    }
}

pub fn status_of(row: &TicketRow) -> Result<TicketStatus, Error> {
    TicketStatus::parse(&row.status)
        .ok_or_else(|| Error::internal(format!("ticket {} has unknown status {:?}", row.id, row.status)))
}

/// Appends one event to the ticket's history, marked with the department it is with.
pub(super) fn event(
    conn: &mut DbConnection,
    ticket: &TicketRow,
    kind: EventKind,
    actor: Option<&str>,
    at: DateTime<Utc>,
    data: Value,
) -> Result<(), Error> {
    event_in(conn, ticket, ticket.department_id.as_deref(), kind, actor, at, data)
}

/// Appends one event marked with `department`: the department the ticket was with when
/// it happened, which reports count it for. Webhooks that want it get a delivery.
fn event_in(
    conn: &mut DbConnection,
    ticket: &TicketRow,
    department: Option<&str>,
    kind: EventKind,
    actor: Option<&str>,
    at: DateTime<Utc>,
    data: Value,
) -> Result<(), Error> {
    let row = EventRow {
        id: db::new_id(),
        ticket_id: ticket.id.clone(),
        kind: kind.as_str().to_owned(),
        actor_id: actor.map(str::to_owned),
        at: db::to_db(at),
        data: data.to_string(),
        department_id: department.map(str::to_owned),
    };
    db::events::insert(conn, &row)?;
    super::notify::enqueue(conn, ticket, &row)
}

/// Records a contact (受理): finds or creates the customer by phone, numbers the ticket,
/// starts its resolution clock and makes the agent its first-contact owner.
/// Returns the ticket and whether it was created now (false: an idempotent retry).
pub fn intake(
    conn: &mut DbConnection,
    ctx: &Ctx,
    input: NewTicket,
    idempotency: Option<Idempotency>,
) -> Result<(TicketRow, bool), Error> {
    if !matches!(ctx.actor.role, r if r.is_call_center() || r == crate::domain::role::Role::Integration) {
        return Err(Error::forbidden("your role may not record contacts"));
    }
    if let Some(idem) = &idempotency {
        if let Some(seen) = db::idempotency::find(conn, &ctx.actor.id, &idem.key)? {
            let first: Value = serde_json::from_str(&seen.request).map_err(Error::internal)?;
            if first != idem.request {
                return Err(Error::invalid("Idempotency-Key", "this key was already used for a different request"));
            }
            let ticket = db::tickets::find(conn, &seen.ticket_id)?.ok_or_else(|| Error::not_found("ticket"))?;
            return Ok((ticket, false));
        }
    }

    let now = ctx.now;
    let (mut customer, created) = match db::customers::find_by_phone(conn, input.customer.phone.as_str())? {
        Some(known) => (known, false),
        None => db::customers::insert_or_find(
            conn,
            &CustomerRow {
                id: db::new_id(),
                name: input.customer.name.clone(),
                phone: input.customer.phone.as_str().to_owned(),
                address: input.customer.address.clone(),
                unit: input.customer.unit.clone(),
                created_at: db::to_db(now),
            },
        )?,
    };
    if !created {
        customer.name = input.customer.name.clone();
        if input.customer.address.is_some() {
            customer.address = input.customer.address.clone();
        }
        if input.customer.unit.is_some() {
            customer.unit = input.customer.unit.clone();
        }
        db::customers::update(conn, &customer)?;
    }

    let policy = db::sla_policy::get(conn)?;
    let number = db::tickets::next_number(conn, &now.format("%Y%m%d").to_string())?;
    let resolution_due = policy.resolution_due(now);
    let mut row = TicketRow {
        id: db::new_id(),
        number,
        status: TicketStatus::New.as_str().to_owned(),
        kind: input.kind.as_str().to_owned(),
        channel: input.channel.as_str().to_owned(),
        subject: input.subject,
        description: input.description,
        customer_id: customer.id.clone(),
        owner_id: ctx.actor.id.clone(),
        department_id: None,
        urgency: None,
        created_at: db::to_db(now),
        updated_at: db::to_db(now),
        dispatched_at: None,
        accepted_at: None,
        response_due_at: None,
        responded_at: None,
        response_escalated_at: None,
        resolution_due_at: db::to_db(resolution_due),
        resolution_original_due_at: db::to_db(resolution_due),
        resolved_at: None,
        resolution_escalated_at: None,
        closed_at: None,
        escalation_level: 0,
        resolution: None,
        root_cause: None,
        duplicate_of: None,
        complainant_count: 1,
        contact_count: 1,
        queue_due_at: db::to_db(resolution_due),
        version: 1,
        sweep_due_at: None,
        callback_attempts: 0,
        risk_at: None,
        response_risk_noted_at: None,
        resolution_risk_noted_at: None,
        auto_close_at: None,
        onsite_started_at: None,
        onsite_due_at: None,
        onsite_at: None,
        onsite_escalated_at: None,
        onsite_risk_noted_at: None,
        hot_at: None,
        hot_report_due_at: None,
        hot_reported_at: None,
        hot_report_escalated_at: None,
        hot_report_risk_noted_at: None,
        root_cause_id: None,
        supervised_at: None,
        supervision_due_at: None,
        supervision_escalated_at: None,
        supervision_risk_noted_at: None,
        urge_count: 0,
        urged_at: None,
    };
    if input.incident {
        row.onsite_started_at = Some(db::to_db(now));
        row.onsite_due_at = Some(db::to_db(policy.onsite_due(now)));
    }
    // Contacts through the press or online forums have public attention: hot at once.
    let hot_by_channel = matches!(input.channel, Channel::Media | Channel::OnlineForum);
    if hot_by_channel {
        row.hot_at = Some(db::to_db(now));
        row.hot_report_due_at = Some(db::to_db(policy.hot_report_due(now)));
    }
    refresh_deadlines(conn, &mut row)?;
    db::tickets::insert(conn, &row)?;
    event(
        conn,
        &row,
        EventKind::Created,
        Some(&ctx.actor.id),
        now,
        json!({
            "number": row.number, "channel": row.channel, "kind": row.kind,
            "customer_id": customer.id, "owner_id": row.owner_id,
            "resolution_due_at": resolution_due, "incident": input.incident,
            "onsite_due_at": row.onsite_due_at.map(db::from_db),
        }),
    )?;
    if hot_by_channel {
        let data = json!({ "reason": "channel", "channel": row.channel, "hot_report_due_at": row.hot_report_due_at.map(db::from_db) });
        event(conn, &row, EventKind::FlaggedHot, Some(&ctx.actor.id), now, data)?;
    }
    if let Some(idem) = idempotency {
        db::idempotency::insert(
            conn,
            &IdempotencyRow {
                user_id: ctx.actor.id.clone(),
                key: idem.key,
                request: idem.request.to_string(),
                ticket_id: row.id.clone(),
                created_at: db::to_db(now),
            },
        )?;
    }
    Ok((row, true))
}

/// A ticket the actor may see, or 404 (department staff get 404 for other departments'
/// tickets, not 403: they are not told the ticket exists).
pub fn visible(conn: &mut DbConnection, actor: &Actor, id: &str) -> Result<TicketRow, Error> {
    let row = db::tickets::find(conn, id)?.ok_or_else(|| Error::not_found("ticket"))?;
    if !actor.can_see_department(row.department_id.as_deref()) {
        return Err(Error::not_found("ticket"));
    }
    Ok(row)
}

/// The shape of every action: lock and load, scope, ask the state machine, let `apply`
/// change the row, then write the row and one history event in the same transaction.
fn act(
    conn: &mut DbConnection,
    ctx: &Ctx,
    id: &str,
    action: Action,
    verb: &str,
    kind: EventKind,
    apply: impl FnOnce(&mut DbConnection, &mut TicketRow, TicketStatus) -> Result<Value, Error>,
) -> Result<TicketRow, Error> {
    let mut row = db::tickets::find_for_update(conn, id)?.ok_or_else(|| Error::not_found("ticket"))?;
    if !ctx.actor.can_see_department(row.department_id.as_deref()) {
        return Err(Error::not_found("ticket"));
    }
    let from = status_of(&row)?;
    let to = transition(from, action, ctx.actor.role).map_err(|e| Error::transition(e, verb))?;
    let department_before = row.department_id.clone();
    let mut data = apply(conn, &mut row, to)?;
    if to != TicketStatus::Resolved {
        row.auto_close_at = None; // only a resolved ticket closes by itself
    }
    row.status = to.as_str().to_owned();
    row.updated_at = db::to_db(ctx.now);
    row.version += 1;
    refresh_deadlines(conn, &mut row)?;
    db::tickets::save(conn, &row)?;
    if from != to {
        if let Value::Object(map) = &mut data {
            map.insert("from".into(), json!(from));
            map.insert("to".into(), json!(to));
        }
    }
    // A return is the returning department's event; a dispatch the receiving one's.
    let department = row.department_id.as_deref().or(department_before.as_deref());
    event_in(conn, &row, department, kind, Some(&ctx.actor.id), ctx.now, data)?;
    Ok(row)
}

/// Answer at intake (resolve at once), in the agent's words or citing a unified answer
/// (统一答复口径): a cited answer must be in effect, its text is the default, and its use
/// is counted in the same transaction.
pub fn answer(
    conn: &mut DbConnection,
    ctx: &Ctx,
    id: &str,
    answer: Option<String>,
    answer_id: Option<String>,
) -> Result<TicketRow, Error> {
    act(conn, ctx, id, Action::Answer, "answered", EventKind::Answered, |conn, row, _| {
        let cited = answer_id.as_deref().map(|a| super::answers::cite(conn, ctx, a, &row.id)).transpose()?;
        let text = answer
            .or_else(|| cited.as_ref().map(|a| a.body.clone()))
            .ok_or_else(|| Error::invalid("answer", "give the answer, or the answer_id of a unified answer"))?;
        row.resolved_at = Some(db::to_db(ctx.now));
        row.resolution = Some(text.clone());
        row.callback_attempts = 0;
        row.auto_close_at = auto_close_at(conn, row, ctx.now)?;
        Ok(json!({ "answer": text, "answer_id": answer_id }))
    })
}

/// Dispatch (派单) to a department with a tier: starts a new response clock.
pub fn dispatch(
    conn: &mut DbConnection,
    ctx: &Ctx,
    id: &str,
    department_id: &str,
    urgency: Urgency,
    note: Option<String>,
) -> Result<TicketRow, Error> {
    act(conn, ctx, id, Action::Dispatch, "dispatched", EventKind::Dispatched, |conn, row, _| {
        match departments::find(conn, department_id)? {
            Some(d) if d.active => {}
            Some(_) => return Err(Error::invalid("department_id", "this department is inactive")),
            None => return Err(Error::invalid("department_id", "no such department")),
        }
        let due = start_response_clock(conn, row, department_id, urgency, ctx.now)?;
        Ok(json!({ "department_id": department_id, "urgency": urgency, "response_due_at": due, "note": note }))
    })
}

/// Sends the ticket to `department_id` with `urgency`: a new response clock starts now.
fn start_response_clock(
    conn: &mut DbConnection,
    row: &mut TicketRow,
    department_id: &str,
    urgency: Urgency,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, Error> {
    let due = db::sla_policy::get(conn)?.response_due(now, urgency);
    row.department_id = Some(department_id.to_owned());
    row.urgency = Some(urgency.as_str().to_owned());
    row.dispatched_at = Some(db::to_db(now));
    row.accepted_at = None;
    row.response_due_at = Some(db::to_db(due));
    row.responded_at = None;
    row.response_escalated_at = None;
    row.response_risk_noted_at = None;
    Ok(due)
}

/// Overrules a department's return (审定): the ticket goes back to the department that
/// returned it, with the same tier and a new response clock.
pub fn overrule_return(conn: &mut DbConnection, ctx: &Ctx, id: &str, note: String) -> Result<TicketRow, Error> {
    act(conn, ctx, id, Action::Overrule, "sent back", EventKind::ReturnOverruled, |conn, row, _| {
        let returned = db::events::latest_of_kind(conn, &row.id, EventKind::Returned.as_str())?
            .ok_or_else(|| Error::conflict("not_returned", "this ticket was never returned by a department"))?;
        let data: serde_json::Value = serde_json::from_str(&returned.data).map_err(Error::internal)?;
        let department_id = data["department_id"]
            .as_str()
            .ok_or_else(|| Error::internal("a return without its department"))?
            .to_owned();
        let urgency = row.urgency.as_deref().and_then(Urgency::parse).unwrap_or(Urgency::P4);
        let due = start_response_clock(conn, row, &department_id, urgency, ctx.now)?;
        Ok(json!({
            "department_id": department_id, "urgency": urgency, "response_due_at": due,
            "note": note, "return_reason": data["reason"],
        }))
    })
}

/// The department signs for the dispatch (签收).
pub fn accept(conn: &mut DbConnection, ctx: &Ctx, id: &str) -> Result<TicketRow, Error> {
    act(conn, ctx, id, Action::Accept, "accepted", EventKind::Accepted, |_, row, _| {
        row.accepted_at = Some(db::to_db(ctx.now));
        Ok(json!({ "department_id": row.department_id }))
    })
}

/// The department returns the ticket (退单): back to the call-center queue. The response
/// clock stops; a new dispatch starts a new one.
pub fn return_ticket(conn: &mut DbConnection, ctx: &Ctx, id: &str, reason: String) -> Result<TicketRow, Error> {
    act(conn, ctx, id, Action::Return, "returned", EventKind::Returned, |_, row, _| {
        let department = row.department_id.take();
        Ok(json!({ "department_id": department, "reason": reason }))
    })
}

/// The department has contacted the customer (联系确认): meets the response clock.
pub fn contact(conn: &mut DbConnection, ctx: &Ctx, id: &str, note: Option<String>) -> Result<TicketRow, Error> {
    act(conn, ctx, id, Action::Contact, "marked contacted", EventKind::Contacted, |_, row, _| {
        row.responded_at = Some(db::to_db(ctx.now));
        let on_time = row.response_due_at.is_none_or(|due| db::to_db(ctx.now) <= due);
        Ok(json!({ "note": note, "on_time": on_time }))
    })
}

/// The department asks for a new completion time, agreed with the customer (延期).
pub fn request_extension(
    conn: &mut DbConnection,
    ctx: &Ctx,
    id: &str,
    new_due_at: DateTime<Utc>,
    reason: String,
    customer_agreed: bool,
) -> Result<(TicketRow, ExtensionRow), Error> {
    // The regulations: the department agrees the new time with the customer first.
    if !customer_agreed {
        return Err(Error::invalid("customer_agreed", "agree the new time with the customer before asking"));
    }
    let mut created = None;
    let row =
        act(conn, ctx, id, Action::RequestExtension, "extended", EventKind::ExtensionRequested, |conn, row, _| {
            if db::extensions::has_pending(conn, &row.id)? {
                return Err(Error::conflict(
                    "extension_pending",
                    "an extension request is already waiting for a decision",
                ));
            }
            let new_due = db::to_db(new_due_at);
            if new_due <= row.resolution_due_at || new_due <= db::to_db(ctx.now) {
                return Err(Error::invalid("new_due_at", "must be later than the current deadline and than now"));
            }
            let ext = ExtensionRow {
                id: db::new_id(),
                ticket_id: row.id.clone(),
                status: ExtensionStatus::Pending.as_str().to_owned(),
                requested_by: ctx.actor.id.clone(),
                requested_at: db::to_db(ctx.now),
                previous_due_at: row.resolution_due_at,
                new_due_at: new_due,
                reason: reason.clone(),
                customer_agreed,
                decided_by: None,
                decided_at: None,
                decision_note: None,
            };
            db::extensions::insert(conn, &ext)?;
            let data = json!({ "extension_id": ext.id, "new_due_at": new_due_at, "reason": reason });
            created = Some(ext);
            Ok(data)
        })?;
    let ext = created.ok_or_else(|| Error::internal("extension was not created"))?;
    Ok((row, ext))
}

/// The call center approves or rejects an extension. An approved one replaces the
/// deadline escalation uses; the original deadline is kept (DESIGN §1.17).
pub fn decide_extension(
    conn: &mut DbConnection,
    ctx: &Ctx,
    id: &str,
    extension_id: &str,
    approve: bool,
    note: Option<String>,
) -> Result<(TicketRow, ExtensionRow), Error> {
    let kind = if approve { EventKind::ExtensionApproved } else { EventKind::ExtensionRejected };
    let verb = if approve { "extended" } else { "refused an extension" };
    let mut decided = None;
    let row = act(conn, ctx, id, Action::DecideExtension, verb, kind, |conn, row, _| {
        let mut ext =
            db::extensions::find(conn, &row.id, extension_id)?.ok_or_else(|| Error::not_found("extension request"))?;
        if ext.status != ExtensionStatus::Pending.as_str() {
            return Err(Error::conflict(
                "extension_decided",
                format!("this extension request was already {}", ext.status),
            ));
        }
        let status = if approve { ExtensionStatus::Approved } else { ExtensionStatus::Rejected };
        ext.status = status.as_str().to_owned();
        ext.decided_by = Some(ctx.actor.id.clone());
        ext.decided_at = Some(db::to_db(ctx.now));
        ext.decision_note = note.clone();
        db::extensions::update(conn, &ext)?;
        let previous = db::from_db(row.resolution_due_at);
        if approve {
            row.resolution_due_at = ext.new_due_at;
            // A new deadline is a new promise: missing it is a new breach.
            row.resolution_escalated_at = None;
            row.resolution_risk_noted_at = None;
        }
        let data = json!({
            "extension_id": ext.id, "previous_due_at": previous,
            "new_due_at": db::from_db(ext.new_due_at), "note": note,
        });
        decided = Some(ext);
        Ok(data)
    })?;
    let ext = decided.ok_or_else(|| Error::internal("extension was not decided"))?;
    Ok((row, ext))
}

/// Reports the matter resolved, with the root cause found (DESIGN §1.10): a cause from
/// the admin's list (`root_cause_id`), or free text while the list is empty. Complaints
/// must name one.
pub fn resolve(
    conn: &mut DbConnection,
    ctx: &Ctx,
    id: &str,
    resolution: String,
    root_cause: Option<String>,
    root_cause_id: Option<String>,
) -> Result<TicketRow, Error> {
    act(conn, ctx, id, Action::Resolve, "resolved", EventKind::Resolved, |conn, row, _| {
        let (cause_id, cause) = match root_cause_id {
            Some(cause_id) => {
                let cause = db::root_causes::find(conn, &cause_id)?
                    .filter(|c| c.active)
                    .ok_or_else(|| Error::invalid("root_cause_id", "no such active root cause"))?;
                let parent_id = cause.parent_id.clone().ok_or_else(|| {
                    Error::invalid("root_cause_id", "choose a cause within the category, not the category")
                })?;
                let parent = db::root_causes::find(conn, &parent_id)?.ok_or_else(|| Error::internal("orphan cause"))?;
                (Some(cause.id), Some(format!("{} / {}", parent.name, cause.name)))
            }
            None => (None, root_cause),
        };
        if row.kind == TicketKind::Complaint.as_str() {
            if cause_id.is_none() && db::root_causes::any_active_cause(conn)? {
                return Err(Error::invalid("root_cause_id", "a complaint is resolved with a root cause from the list"));
            }
            if cause.is_none() {
                return Err(Error::invalid("root_cause", "a complaint is resolved with the root cause found"));
            }
        }
        let on_time = db::to_db(ctx.now) <= row.resolution_due_at;
        let within_original = db::to_db(ctx.now) <= row.resolution_original_due_at;
        row.resolved_at = Some(db::to_db(ctx.now));
        row.resolution = Some(resolution.clone());
        row.root_cause = cause.clone();
        row.root_cause_id = cause_id.clone();
        row.callback_attempts = 0;
        row.auto_close_at = auto_close_at(conn, row, ctx.now)?;
        Ok(json!({
            "resolution": resolution, "root_cause": cause, "root_cause_id": cause_id,
            "on_time": on_time, "within_original_deadline": within_original,
        }))
    })
}

/// Records the callback (回访): satisfied closes, otherwise the ticket is reopened; a
/// customer not reached leaves it resolved for another try.
pub fn callback(
    conn: &mut DbConnection,
    ctx: &Ctx,
    id: &str,
    reached: bool,
    satisfaction: Option<Satisfaction>,
    comment: Option<String>,
) -> Result<TicketRow, Error> {
    if reached && satisfaction.is_none() {
        return Err(Error::invalid("satisfaction", "is required when the customer was reached"));
    }
    let outcome = CallbackOutcome::of(reached, satisfaction);
    act(conn, ctx, id, Action::Callback(outcome), "called back", EventKind::Callback, |conn, row, to| {
        db::callbacks::insert(
            conn,
            &db::callbacks::CallbackRow {
                id: db::new_id(),
                ticket_id: row.id.clone(),
                department_id: row.department_id.clone(),
                at: db::to_db(ctx.now),
                by_user: ctx.actor.id.clone(),
                reached,
                satisfaction: satisfaction.map(|s| s.as_str().to_owned()),
                comment: comment.clone(),
            },
        )?;
        match to {
            TicketStatus::Closed => row.closed_at = Some(db::to_db(ctx.now)),
            TicketStatus::Reopened => row.resolved_at = None,
            _ => row.callback_attempts += 1, // not reached: try again later
        }
        Ok(
            json!({ "reached": reached, "satisfaction": satisfaction, "comment": comment, "attempt": row.callback_attempts }),
        )
    })
}

/// Sends a resolved ticket back to work.
pub fn reopen(conn: &mut DbConnection, ctx: &Ctx, id: &str, reason: String) -> Result<TicketRow, Error> {
    act(conn, ctx, id, Action::Reopen, "reopened", EventKind::Reopened, |_, row, _| {
        row.resolved_at = None;
        Ok(json!({ "reason": reason }))
    })
}

/// Closes a resolved ticket without a satisfied callback (e.g. no callback needed).
pub fn close(conn: &mut DbConnection, ctx: &Ctx, id: &str, note: Option<String>) -> Result<TicketRow, Error> {
    act(conn, ctx, id, Action::Close, "closed", EventKind::Closed, |_, row, _| {
        row.closed_at = Some(db::to_db(ctx.now));
        Ok(json!({ "note": note }))
    })
}

/// Adds a comment to the timeline; internal comments are for staff only.
pub fn comment(conn: &mut DbConnection, ctx: &Ctx, id: &str, body: String, internal: bool) -> Result<TicketRow, Error> {
    act(conn, ctx, id, Action::Comment, "commented on", EventKind::Comment, |_, _, _| {
        Ok(json!({ "body": body, "internal": internal }))
    })
}

/// Reveals the customer's full phone number and records who did, when and why on the
/// ticket's history (DESIGN §1.14). The ticket itself does not change. Department staff
/// reach only their department's tickets (`visible`) and must give a reason.
pub fn reveal_phone(conn: &mut DbConnection, ctx: &Ctx, id: &str, note: Option<String>) -> Result<String, Error> {
    if !ctx.actor.role.may_reveal_personal_data() {
        return Err(Error::forbidden("your role may not reveal customers' phone numbers"));
    }
    let row = visible(conn, ctx.actor, id)?;
    if ctx.actor.role.must_say_why_to_reveal() && note.is_none() {
        return Err(Error::invalid("note", "say why you need the number (e.g. \"to call back about the repair\")"));
    }
    let customer = db::customers::find(conn, &row.customer_id)?
        .ok_or_else(|| Error::internal(format!("ticket {} without customer", row.id)))?;
    event(conn, &row, EventKind::PhoneRevealed, Some(&ctx.actor.id), ctx.now, json!({ "note": note }))?;
    Ok(customer.phone)
}

/// Merges a duplicate into its main ticket (重复投诉): the duplicate is kept, `merged`,
/// pointing at the main ticket; the main ticket counts the distinct complainants and the
/// contacts of its family; both timelines say so. Refused for closed tickets, for chains
/// (merging into a duplicate, or merging a ticket that has duplicates) and for itself.
pub fn merge(conn: &mut DbConnection, ctx: &Ctx, id: &str, into: &str) -> Result<(TicketRow, TicketRow), Error> {
    if id == into {
        return Err(Error::invalid("into", "a ticket cannot be merged into itself"));
    }
    // Both rows are locked, in one order for every merge: two opposite merges running at
    // once then wait for each other instead of deadlocking (PostgreSQL).
    let (first, second) = if id < into { (id, into) } else { (into, id) };
    for row in [first, second] {
        db::tickets::find_for_update(conn, row)?;
    }
    let duplicate = act(conn, ctx, id, Action::Merge, "merged", EventKind::Merged, |conn, row, _| {
        let main = db::tickets::find_for_update(conn, into)?.ok_or_else(|| Error::invalid("into", "no such ticket"))?;
        let main_status = status_of(&main)?;
        if main_status == TicketStatus::Merged || main.duplicate_of.is_some() {
            return Err(Error::conflict(
                "merge_chain",
                format!("{} is itself a duplicate; merge into its main ticket", main.number),
            ));
        }
        if main_status == TicketStatus::Closed {
            return Err(Error::conflict("merge_closed", format!("{} is closed", main.number)));
        }
        if db::tickets::has_duplicates(conn, &row.id)? {
            return Err(Error::conflict(
                "merge_chain",
                "this ticket has duplicates of its own; merge them into the other ticket first",
            ));
        }
        row.duplicate_of = Some(main.id.clone());
        Ok(json!({ "role": "duplicate", "into": main.id, "into_number": main.number }))
    })?;
    // The duplicate is written: now the main ticket counts its family.
    let mut main = db::tickets::find_for_update(conn, into)?.ok_or_else(|| Error::invalid("into", "no such ticket"))?;
    // Distinct callers over the family; contacts add up (a duplicate never has its own).
    main.complainant_count = i32::try_from(db::tickets::distinct_complainants(conn, &main.id)?).unwrap_or(i32::MAX);
    main.contact_count = main.contact_count.saturating_add(duplicate.contact_count);
    main.version += 1;
    main.updated_at = db::to_db(ctx.now);
    db::tickets::save(conn, &main)?;
    let data = json!({
        "role": "main", "duplicate_id": duplicate.id, "duplicate_number": duplicate.number,
        "complainant_count": main.complainant_count, "contact_count": main.contact_count,
    });
    event(conn, &main, EventKind::Merged, Some(&ctx.actor.id), ctx.now, data)?;
    let policy = db::sla_policy::get(conn)?;
    if main.hot_at.is_none() && main.complainant_count >= i32::try_from(policy.hot_threshold).unwrap_or(i32::MAX) {
        flag_hot_row(&mut main, &policy, ctx.now);
        refresh_deadlines(conn, &mut main)?;
        main.version += 1;
        db::tickets::save(conn, &main)?;
        let data = json!({
            "reason": "complainants", "complainant_count": main.complainant_count,
            "hot_report_due_at": main.hot_report_due_at.map(db::from_db),
        });
        event(conn, &main, EventKind::FlaggedHot, Some(&ctx.actor.id), ctx.now, data)?;
    }
    Ok((duplicate, main))
}

/// A supervisor urges the department (催办) or, with a due time, issues a supervision order
/// (督办). Both go on the record; the state does not change. A supervision order starts
/// its clock (met when the ticket is resolved), replacing an earlier order's.
pub fn urge(
    conn: &mut DbConnection,
    ctx: &Ctx,
    id: &str,
    note: String,
    due_at: Option<DateTime<Utc>>,
) -> Result<TicketRow, Error> {
    let kind = if due_at.is_some() { EventKind::Supervised } else { EventKind::Urged };
    act(conn, ctx, id, Action::Urge, "urged", kind, |_, row, _| {
        row.urge_count += 1;
        row.urged_at = Some(db::to_db(ctx.now));
        if let Some(due) = due_at {
            if due <= ctx.now {
                return Err(Error::invalid("due_at", "must be in the future"));
            }
            row.supervised_at = Some(db::to_db(ctx.now));
            row.supervision_due_at = Some(db::to_db(due));
            row.supervision_escalated_at = None;
            row.supervision_risk_noted_at = None;
        }
        Ok(json!({ "note": note, "due_at": due_at, "department_id": row.department_id }))
    })
}

/// When a ticket resolved `now` closes by itself: for kinds that need no callback, after
/// the policy's `auto_close_after`; None for kinds that wait for their callback.
fn auto_close_at(conn: &mut DbConnection, row: &TicketRow, now: DateTime<Utc>) -> Result<Option<NaiveDateTime>, Error> {
    let policy = db::sla_policy::get(conn)?;
    let kind = TicketKind::parse(&row.kind).ok_or_else(|| Error::internal("ticket of unknown kind"))?;
    Ok((!policy.callback_required.for_kind(kind)).then(|| db::to_db(now + policy.auto_close_after)))
}

/// The same customer contacted again about this ticket: the contact is counted, and a
/// resolved ticket is reopened instead of closing by itself (DESIGN §1.8).
pub fn recontact(conn: &mut DbConnection, ctx: &Ctx, id: &str, note: Option<String>) -> Result<TicketRow, Error> {
    act(conn, ctx, id, Action::Recontact, "recorded as contacted again", EventKind::Recontacted, |_, row, to| {
        row.contact_count = row.contact_count.saturating_add(1);
        if to == TicketStatus::Reopened {
            row.resolved_at = None;
        }
        Ok(json!({ "note": note, "contact_count": row.contact_count }))
    })
}

fn flag_hot_row(row: &mut TicketRow, policy: &crate::domain::sla::SlaPolicy, now: DateTime<Utc>) {
    row.hot_at = Some(db::to_db(now));
    row.hot_report_due_at = Some(db::to_db(policy.hot_report_due(now)));
}

/// Flags a category-1 incident (一类突发事件) after intake: the on-site clock starts now.
pub fn flag_incident(conn: &mut DbConnection, ctx: &Ctx, id: &str, note: Option<String>) -> Result<TicketRow, Error> {
    act(conn, ctx, id, Action::FlagIncident, "flagged as an incident", EventKind::FlaggedIncident, |conn, row, _| {
        if row.onsite_due_at.is_some() {
            return Err(Error::conflict("already_incident", "this ticket is already a category-1 incident"));
        }
        let due = db::sla_policy::get(conn)?.onsite_due(ctx.now);
        row.onsite_started_at = Some(db::to_db(ctx.now));
        row.onsite_due_at = Some(db::to_db(due));
        Ok(json!({ "note": note, "onsite_due_at": due }))
    })
}

/// Records the responsible manager's arrival on site: meets the on-site clock.
pub fn record_onsite(conn: &mut DbConnection, ctx: &Ctx, id: &str, note: Option<String>) -> Result<TicketRow, Error> {
    act(conn, ctx, id, Action::RecordOnsite, "marked on site", EventKind::OnsiteArrived, |_, row, _| {
        let due = row
            .onsite_due_at
            .ok_or_else(|| Error::conflict("not_incident", "this ticket is not a category-1 incident"))?;
        if row.onsite_at.is_some() {
            return Err(Error::conflict("already_onsite", "the arrival on site is already recorded"));
        }
        row.onsite_at = Some(db::to_db(ctx.now));
        Ok(json!({ "note": note, "on_time": db::to_db(ctx.now) <= due }))
    })
}

/// Flags a hot complaint (热点投诉) by hand: the report-upward clock starts now.
pub fn flag_hot(conn: &mut DbConnection, ctx: &Ctx, id: &str, reason: String) -> Result<TicketRow, Error> {
    act(conn, ctx, id, Action::FlagHot, "flagged hot", EventKind::FlaggedHot, |conn, row, _| {
        if row.hot_at.is_some() {
            return Err(Error::conflict("already_hot", "this ticket is already flagged hot"));
        }
        flag_hot_row(row, &db::sla_policy::get(conn)?, ctx.now);
        Ok(json!({ "reason": "by_hand", "note": reason, "hot_report_due_at": row.hot_report_due_at.map(db::from_db) }))
    })
}

/// Records that a hot complaint was reported upward: meets its clock.
pub fn report_hot(conn: &mut DbConnection, ctx: &Ctx, id: &str, note: String) -> Result<TicketRow, Error> {
    act(conn, ctx, id, Action::ReportHot, "reported upward", EventKind::HotReported, |_, row, _| {
        let due = row.hot_report_due_at.ok_or_else(|| Error::conflict("not_hot", "this ticket is not flagged hot"))?;
        if row.hot_reported_at.is_some() {
            return Err(Error::conflict("already_reported", "this hot complaint is already reported"));
        }
        row.hot_reported_at = Some(db::to_db(ctx.now));
        Ok(json!({ "note": note, "on_time": db::to_db(ctx.now) <= due }))
    })
}

//! Each ticket action inside one transaction, in one shape: load the ticket (locked), read
//! the policy once, check what the action needs from other tables, let the aggregate
//! apply the command (`domain::ticket::Ticket::apply`), then save the ticket and append
//! its events with their webhook deliveries. Rendering the answer happens after commit.

use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::{
    db::{
        self, customers::CustomerRow, events::EventRow, extensions::ExtensionRow, idempotency::IdempotencyRow,
        DbConnection,
    },
    domain::{
        ids::{AnswerId, CustomerId, DepartmentId, ExtensionId, RootCauseId, TicketId},
        phone::Phone,
        role::{Actor, Role},
        sla::SlaPolicy,
        ticket::{
            Action, CallbackOutcome, Cause, Channel, Command, ExtensionStatus, Intake, MainTicket, Satisfaction,
            Ticket, TicketEvent, TicketKind, Urgency,
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

/// Appends the events to the history — each event's details made once, for the history
/// row and the webhook deliveries alike.
fn append(conn: &mut DbConnection, ticket: &Ticket, events: &[TicketEvent]) -> Result<(), Error> {
    for event in events {
        let data = event.data();
        let row = EventRow {
            id: db::new_id(),
            ticket_id: ticket.id.to_string(),
            kind: event.kind().as_str().to_owned(),
            actor_id: event.actor.map(|a| a.to_string()),
            at: db::to_db(event.at),
            data: data.to_string(),
            department_id: event.department_id.map(|d| d.to_string()),
        };
        db::events::insert(conn, &row)?;
        super::notify::enqueue(conn, ticket, &row, data)?;
    }
    Ok(())
}

/// Applies one command to a loaded ticket and writes the outcome: the ticket and its events.
fn commit(
    conn: &mut DbConnection,
    ticket: &mut Ticket,
    command: Command,
    actor: Option<&Actor>,
    now: DateTime<Utc>,
    policy: &SlaPolicy,
) -> Result<Vec<TicketEvent>, Error> {
    let changes = Ticket::changes(&command);
    let events = ticket.apply(command, actor, now, policy)?;
    if changes {
        db::tickets::store(conn, ticket, policy.at_risk_percent)?;
    }
    append(conn, ticket, &events)?;
    Ok(events)
}

/// The sweeper's pass over one loaded ticket (the system acts); returns the events it
/// recorded. The ticket is written either way, so its next look is set anew.
pub(super) fn commit_system(
    conn: &mut DbConnection,
    ticket: &mut Ticket,
    policy: &SlaPolicy,
    now: DateTime<Utc>,
) -> Result<Vec<TicketEvent>, Error> {
    commit(conn, ticket, Command::Sweep, None, now, policy)
}

/// A ticket the actor may see, or 404 (department staff get 404 for other departments'
/// tickets, not 403: they are not told the ticket exists).
pub fn visible(conn: &mut DbConnection, actor: &Actor, id: TicketId) -> Result<Ticket, Error> {
    let ticket = db::tickets::load(conn, id)?.ok_or_else(|| Error::not_found("ticket"))?;
    if !actor.can_see_department(ticket.department_id.as_ref()) {
        return Err(Error::not_found("ticket"));
    }
    Ok(ticket)
}

/// The shape of every action: lock and load, read the policy, check that the actor may
/// take `action` now (scope, role, state: 404/403/409 before anything about the input),
/// let `command` gather what it needs from other tables, then apply and write.
fn act(
    conn: &mut DbConnection,
    ctx: &Ctx,
    id: TicketId,
    action: Action,
    command: impl FnOnce(&mut DbConnection, &Ticket) -> Result<Command, Error>,
) -> Result<Ticket, Error> {
    let mut ticket = db::tickets::load_for_update(conn, id)?.ok_or_else(|| Error::not_found("ticket"))?;
    ticket.check(action, ctx.actor)?;
    let policy = db::sla_policy::get(conn)?;
    let command = command(conn, &ticket)?;
    commit(conn, &mut ticket, command, Some(ctx.actor), ctx.now, &policy)?;
    Ok(ticket)
}

/// Records a contact (受理): finds or creates the customer by phone, numbers the ticket,
/// starts its resolution clock and makes the agent its first-contact owner.
/// Returns the ticket and whether it was created now (false: an idempotent retry).
pub fn intake(
    conn: &mut DbConnection,
    ctx: &Ctx,
    input: NewTicket,
    idempotency: Option<Idempotency>,
) -> Result<(Ticket, bool), Error> {
    if !(ctx.actor.role.is_call_center() || ctx.actor.role == Role::Integration) {
        return Err(Error::forbidden("your role may not record contacts"));
    }
    let actor_id = ctx.actor.id.to_string();
    if let Some(idem) = &idempotency {
        if let Some(seen) = db::idempotency::find(conn, &actor_id, &idem.key)? {
            let first: Value = serde_json::from_str(&seen.request).map_err(Error::internal)?;
            if first != idem.request {
                return Err(Error::invalid("Idempotency-Key", "this key was already used for a different request"));
            }
            let id = db::stored(&seen.ticket_id)?;
            let ticket = db::tickets::load(conn, id)?.ok_or_else(|| Error::not_found("ticket"))?;
            return Ok((ticket, false));
        }
    }

    let now = ctx.now;
    let customer = remember_caller(conn, &input.customer, now)?;
    let policy = db::sla_policy::get(conn)?;
    let number = db::tickets::next_number(conn, &now.format("%Y%m%d").to_string())?;
    let (ticket, events) = Ticket::open(
        Intake {
            id: TicketId::new(),
            number,
            channel: input.channel,
            kind: input.kind,
            subject: input.subject,
            description: input.description,
            customer_id: customer,
            incident: input.incident,
        },
        ctx.actor,
        now,
        &policy,
    );
    db::tickets::insert(conn, &db::tickets::TicketRow::of(&ticket, policy.at_risk_percent))?;
    append(conn, &ticket, &events)?;
    if let Some(idem) = idempotency {
        db::idempotency::insert(
            conn,
            &IdempotencyRow {
                user_id: actor_id,
                key: idem.key,
                request: idem.request.to_string(),
                ticket_id: ticket.id.to_string(),
                created_at: db::to_db(now),
            },
        )?;
    }
    Ok((ticket, true))
}

/// The caller's customer record, found by phone (and brought up to date with what the
/// caller said now) or created; race-free for two intakes of one new number.
fn remember_caller(conn: &mut DbConnection, caller: &NewCustomer, now: DateTime<Utc>) -> Result<CustomerId, Error> {
    let (mut customer, created) = match db::customers::find_by_phone(conn, caller.phone.as_str())? {
        Some(known) => (known, false),
        None => db::customers::insert_or_find(
            conn,
            &CustomerRow {
                id: CustomerId::new().to_string(),
                name: caller.name.clone(),
                phone: caller.phone.as_str().to_owned(),
                address: caller.address.clone(),
                unit: caller.unit.clone(),
                created_at: db::to_db(now),
            },
        )?,
    };
    if !created {
        customer.name = caller.name.clone();
        if caller.address.is_some() {
            customer.address = caller.address.clone();
        }
        if caller.unit.is_some() {
            customer.unit = caller.unit.clone();
        }
        db::customers::update(conn, &customer)?;
    }
    db::stored(&customer.id)
}

/// Answer at intake (resolve at once), in the agent's words or citing a unified answer
/// (统一答复口径): a cited answer must be in effect, its text is the default, and its use
/// is counted in the same transaction.
pub fn answer(
    conn: &mut DbConnection,
    ctx: &Ctx,
    id: TicketId,
    answer: Option<String>,
    answer_id: Option<AnswerId>,
) -> Result<Ticket, Error> {
    act(conn, ctx, id, Action::Answer, |conn, ticket| {
        let cited = answer_id.map(|a| super::answers::cite(conn, ctx, a, ticket.id)).transpose()?;
        let answer = answer
            .or_else(|| cited.map(|a| a.body))
            .ok_or_else(|| Error::invalid("answer", "give the answer, or the answer_id of a unified answer"))?;
        Ok(Command::Answer { answer, answer_id })
    })
}

/// Dispatch (派单) to a department with a tier: starts a new response clock.
pub fn dispatch(
    conn: &mut DbConnection,
    ctx: &Ctx,
    id: TicketId,
    department_id: DepartmentId,
    urgency: Urgency,
    note: Option<String>,
) -> Result<Ticket, Error> {
    act(conn, ctx, id, Action::Dispatch, |conn, _| match db::departments::find(conn, &department_id.to_string())? {
        Some(d) if d.active => Ok(Command::Dispatch { department_id, urgency, note }),
        Some(_) => Err(Error::invalid("department_id", "this department is inactive")),
        None => Err(Error::invalid("department_id", "no such department")),
    })
}

/// Overrules a department's return (审定): the ticket goes back to the department that
/// returned it, with the same tier and a new response clock.
pub fn overrule_return(conn: &mut DbConnection, ctx: &Ctx, id: TicketId, note: String) -> Result<Ticket, Error> {
    act(conn, ctx, id, Action::Overrule, |_, _| Ok(Command::Overrule { note }))
}

/// The department signs for the dispatch (签收).
pub fn accept(conn: &mut DbConnection, ctx: &Ctx, id: TicketId) -> Result<Ticket, Error> {
    act(conn, ctx, id, Action::Accept, |_, _| Ok(Command::Accept))
}

/// The department returns the ticket (退单): back to the call-center queue. The response
/// clock stops; a new dispatch starts a new one.
pub fn return_ticket(conn: &mut DbConnection, ctx: &Ctx, id: TicketId, reason: String) -> Result<Ticket, Error> {
    act(conn, ctx, id, Action::Return, |_, _| Ok(Command::Return { reason }))
}

/// The department has contacted the customer (联系确认): meets the response clock.
pub fn contact(conn: &mut DbConnection, ctx: &Ctx, id: TicketId, note: Option<String>) -> Result<Ticket, Error> {
    act(conn, ctx, id, Action::Contact, |_, _| Ok(Command::Contact { note }))
}

/// The department asks for a new completion time, agreed with the customer (延期).
pub fn request_extension(
    conn: &mut DbConnection,
    ctx: &Ctx,
    id: TicketId,
    new_due_at: DateTime<Utc>,
    reason: String,
    customer_agreed: bool,
) -> Result<(Ticket, ExtensionRow), Error> {
    // The regulations: the department agrees the new time with the customer first.
    if !customer_agreed {
        return Err(Error::invalid("customer_agreed", "agree the new time with the customer before asking"));
    }
    let extension_id = ExtensionId::new();
    let new_due_at = db::from_db(db::to_db(new_due_at));
    let mut previous = None;
    let ticket = act(conn, ctx, id, Action::RequestExtension, |conn, ticket| {
        previous = Some(ticket.resolution_due_at());
        let pending = db::extensions::has_pending(conn, &ticket.id.to_string())?;
        Ok(Command::RequestExtension { extension_id, new_due_at, reason: reason.clone(), pending })
    })?;
    let ext = ExtensionRow {
        id: extension_id.to_string(),
        ticket_id: ticket.id.to_string(),
        status: ExtensionStatus::Pending.as_str().to_owned(),
        requested_by: ctx.actor.id.to_string(),
        requested_at: db::to_db(ctx.now),
        previous_due_at: db::to_db(previous.unwrap_or(new_due_at)),
        new_due_at: db::to_db(new_due_at),
        reason,
        customer_agreed,
        decided_by: None,
        decided_at: None,
        decision_note: None,
    };
    db::extensions::insert(conn, &ext)?;
    Ok((ticket, ext))
}

/// The call center approves or rejects an extension. An approved one replaces the
/// deadline escalation uses; the original deadline is kept (DESIGN §1.17).
pub fn decide_extension(
    conn: &mut DbConnection,
    ctx: &Ctx,
    id: TicketId,
    extension_id: ExtensionId,
    approve: bool,
    note: Option<String>,
) -> Result<(Ticket, ExtensionRow), Error> {
    let mut found = None;
    let ticket = act(conn, ctx, id, Action::DecideExtension, |conn, ticket| {
        let ext = db::extensions::find(conn, &ticket.id.to_string(), &extension_id.to_string())?
            .ok_or_else(|| Error::not_found("extension request"))?;
        let decided = match ExtensionStatus::parse(&ext.status) {
            Some(ExtensionStatus::Pending) => None,
            Some(done) => Some(done.as_str()),
            None => return Err(Error::internal(format!("extension {} has status {:?}", ext.id, ext.status))),
        };
        let new_due_at = db::from_db(ext.new_due_at);
        found = Some(ext);
        Ok(Command::DecideExtension { extension_id, approve, new_due_at, decided, note: note.clone() })
    })?;
    let mut ext = found.ok_or_else(|| Error::internal("extension was not read"))?;
    let status = if approve { ExtensionStatus::Approved } else { ExtensionStatus::Rejected };
    ext.status = status.as_str().to_owned();
    ext.decided_by = Some(ctx.actor.id.to_string());
    ext.decided_at = Some(db::to_db(ctx.now));
    ext.decision_note = note;
    db::extensions::update(conn, &ext)?;
    Ok((ticket, ext))
}

/// Reports the matter resolved, with the root cause found (DESIGN §1.10): a cause from
/// the admin's list (`root_cause_id`), or free text while the list is empty. Complaints
/// must name one.
pub fn resolve(
    conn: &mut DbConnection,
    ctx: &Ctx,
    id: TicketId,
    resolution: String,
    root_cause: Option<String>,
    root_cause_id: Option<RootCauseId>,
) -> Result<Ticket, Error> {
    act(conn, ctx, id, Action::Resolve, |conn, ticket| {
        let cause = match root_cause_id {
            Some(cause_id) => Some(listed_cause(conn, cause_id)?),
            None => root_cause.map(Cause::Words),
        };
        let list_in_use = ticket.kind == TicketKind::Complaint
            && !matches!(cause, Some(Cause::Listed { .. }))
            && db::root_causes::any_active_cause(conn)?;
        Ok(Command::Resolve { resolution, cause, list_in_use })
    })
}

/// An active cause of the list, within its category, as `Category / Cause`.
fn listed_cause(conn: &mut DbConnection, id: RootCauseId) -> Result<Cause, Error> {
    let cause = db::root_causes::find(conn, &id.to_string())?
        .filter(|c| c.active)
        .ok_or_else(|| Error::invalid("root_cause_id", "no such active root cause"))?;
    let parent_id = cause
        .parent_id
        .clone()
        .ok_or_else(|| Error::invalid("root_cause_id", "choose a cause within the category, not the category"))?;
    let parent = db::root_causes::find(conn, &parent_id)?.ok_or_else(|| Error::internal("orphan cause"))?;
    Ok(Cause::Listed { id, label: format!("{} / {}", parent.name, cause.name) })
}

/// Records the callback (回访): satisfied closes, otherwise the ticket is reopened; a
/// customer not reached leaves it resolved for another try.
pub fn callback(
    conn: &mut DbConnection,
    ctx: &Ctx,
    id: TicketId,
    reached: bool,
    satisfaction: Option<Satisfaction>,
    comment: Option<String>,
) -> Result<Ticket, Error> {
    if reached && satisfaction.is_none() {
        return Err(Error::invalid("satisfaction", "is required when the customer was reached"));
    }
    let action = Action::Callback(CallbackOutcome::of(reached, satisfaction));
    let ticket =
        act(conn, ctx, id, action, |_, _| Ok(Command::Callback { reached, satisfaction, comment: comment.clone() }))?;
    db::callbacks::insert(
        conn,
        &db::callbacks::CallbackRow {
            id: db::new_id(),
            ticket_id: ticket.id.to_string(),
            department_id: ticket.department_id.map(|d| d.to_string()),
            at: db::to_db(ctx.now),
            by_user: ctx.actor.id.to_string(),
            reached,
            satisfaction: satisfaction.map(|s| s.as_str().to_owned()),
            comment,
        },
    )?;
    Ok(ticket)
}

/// Sends a resolved ticket back to work.
pub fn reopen(conn: &mut DbConnection, ctx: &Ctx, id: TicketId, reason: String) -> Result<Ticket, Error> {
    act(conn, ctx, id, Action::Reopen, |_, _| Ok(Command::Reopen { reason }))
}

/// Closes a resolved ticket without a satisfied callback (e.g. no callback needed).
pub fn close(conn: &mut DbConnection, ctx: &Ctx, id: TicketId, note: Option<String>) -> Result<Ticket, Error> {
    act(conn, ctx, id, Action::Close, |_, _| Ok(Command::Close { note }))
}

/// Adds a comment to the timeline; internal comments are for staff only.
pub fn comment(
    conn: &mut DbConnection,
    ctx: &Ctx,
    id: TicketId,
    body: String,
    internal: bool,
) -> Result<Ticket, Error> {
    act(conn, ctx, id, Action::Comment, |_, _| Ok(Command::Comment { body, internal }))
}

/// Reveals the customer's full phone number and records who did, when and why on the
/// ticket's history (DESIGN §1.14). The ticket itself does not change. Department staff
/// reach only their department's tickets and must give a reason.
pub fn reveal_phone(conn: &mut DbConnection, ctx: &Ctx, id: TicketId, note: Option<String>) -> Result<String, Error> {
    if !ctx.actor.role.may_reveal_personal_data() {
        return Err(Error::forbidden("your role may not reveal customers' phone numbers"));
    }
    let ticket = act(conn, ctx, id, Action::RevealPhone, |_, _| {
        if ctx.actor.role.must_say_why_to_reveal() && note.is_none() {
            return Err(Error::invalid("note", "say why you need the number (e.g. \"to call back about the repair\")"));
        }
        Ok(Command::RevealPhone { note })
    })?;
    let customer = db::customers::find(conn, &ticket.customer_id.to_string())?
        .ok_or_else(|| Error::internal(format!("ticket {} without customer", ticket.id)))?;
    Ok(customer.phone)
}

/// Merges a duplicate into its main ticket (重复投诉): the duplicate is kept, `merged`,
/// pointing at the main ticket; the main ticket counts the distinct complainants and the
/// contacts of its family; both timelines say so. Refused for closed tickets, for chains
/// (merging into a duplicate, or merging a ticket that has duplicates) and for itself.
pub fn merge(conn: &mut DbConnection, ctx: &Ctx, id: TicketId, into: TicketId) -> Result<(Ticket, Ticket), Error> {
    if id == into {
        return Err(Error::invalid("into", "a ticket cannot be merged into itself"));
    }
    // Both rows are locked, in one order for every merge: two opposite merges running at
    // once then wait for each other instead of deadlocking (PostgreSQL).
    let (first, second) = if id.to_string() < into.to_string() { (id, into) } else { (into, id) };
    for ticket in [first, second] {
        db::tickets::find_for_update(conn, &ticket.to_string())?;
    }
    let mut main_found = None;
    let duplicate = act(conn, ctx, id, Action::Merge, |conn, duplicate| {
        let main = db::tickets::load(conn, into)?.ok_or_else(|| Error::invalid("into", "no such ticket"))?;
        let has_duplicates = db::tickets::has_duplicates(conn, &duplicate.id.to_string())?;
        let command = Command::MergeInto {
            main: MainTicket {
                id: main.id,
                number: main.number.clone(),
                status: main.status,
                duplicate_of: main.duplicate_of,
            },
            has_duplicates,
        };
        main_found = Some(main);
        Ok(command)
    })?;
    // The duplicate is written: now the main ticket counts its family.
    let mut main = main_found.ok_or_else(|| Error::internal("main ticket was not read"))?;
    let complainants =
        i32::try_from(db::tickets::distinct_complainants(conn, &main.id.to_string())?).unwrap_or(i32::MAX);
    let command = Command::AbsorbDuplicate {
        duplicate_id: duplicate.id,
        duplicate_number: duplicate.number.clone(),
        duplicate_contacts: duplicate.contact_count,
        complainants,
    };
    let policy = db::sla_policy::get(conn)?;
    commit(conn, &mut main, command, Some(ctx.actor), ctx.now, &policy)?;
    Ok((duplicate, main))
}

/// A supervisor urges the department (催办) or, with a due time, issues a supervision order
/// (督办). Both go on the record; the state does not change. A supervision order starts
/// its clock (met when the ticket is resolved), replacing an earlier order's.
pub fn urge(
    conn: &mut DbConnection,
    ctx: &Ctx,
    id: TicketId,
    note: String,
    due_at: Option<DateTime<Utc>>,
) -> Result<Ticket, Error> {
    act(conn, ctx, id, Action::Urge, |_, _| Ok(Command::Urge { note, due_at }))
}

/// The same customer contacted again about this ticket: the contact is counted, and a
/// resolved ticket is reopened instead of closing by itself (DESIGN §1.8).
pub fn recontact(conn: &mut DbConnection, ctx: &Ctx, id: TicketId, note: Option<String>) -> Result<Ticket, Error> {
    act(conn, ctx, id, Action::Recontact, |_, _| Ok(Command::Recontact { note }))
}

/// Flags a category-1 incident (一类突发事件) after intake: the on-site clock starts now.
pub fn flag_incident(conn: &mut DbConnection, ctx: &Ctx, id: TicketId, note: Option<String>) -> Result<Ticket, Error> {
    act(conn, ctx, id, Action::FlagIncident, |_, _| Ok(Command::FlagIncident { note }))
}

/// Records the responsible manager's arrival on site: meets the on-site clock.
pub fn record_onsite(conn: &mut DbConnection, ctx: &Ctx, id: TicketId, note: Option<String>) -> Result<Ticket, Error> {
    act(conn, ctx, id, Action::RecordOnsite, |_, _| Ok(Command::RecordOnsite { note }))
}

/// Flags a hot complaint (热点投诉) by hand: the report-upward clock starts now.
pub fn flag_hot(conn: &mut DbConnection, ctx: &Ctx, id: TicketId, reason: String) -> Result<Ticket, Error> {
    act(conn, ctx, id, Action::FlagHot, |_, _| Ok(Command::FlagHot { note: reason }))
}

/// Records that a hot complaint was reported upward: meets its clock.
pub fn report_hot(conn: &mut DbConnection, ctx: &Ctx, id: TicketId, note: String) -> Result<Ticket, Error> {
    act(conn, ctx, id, Action::ReportHot, |_, _| Ok(Command::ReportHot { note }))
}

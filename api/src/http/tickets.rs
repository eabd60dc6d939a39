//! Intake, the queue, one ticket, its timeline and its extension requests.

use std::collections::{HashMap, HashSet};

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::{
    extract::{required_text, AuthUser, Body, Query},
    openapi::{ReadErrors, WriteErrors},
    pagination::{self, Page},
    stored_id, AppState,
};
use crate::{
    clock,
    db::{
        self,
        customers::CustomerRow,
        events::EventRow,
        extensions::ExtensionRow,
        tickets::{TicketFilter, TicketRow},
    },
    domain::{
        ids::TicketId,
        phone::{self, Phone},
        role::{Actor, Role},
        sla::{Clock, ClockKind, ClockState},
        ticket::{
            Channel, EventKind, ExtensionStatus, Ticket as DomainTicket, TicketAction, TicketKind, TicketStatus,
            Urgency,
        },
    },
    error::{Error, ErrorCode},
    live::LiveEvent,
    workflow::{
        duplicates,
        tickets::{self as workflow, Ctx, Idempotency, NewCustomer, NewTicket},
    },
};

// ---------------------------------------------------------------------------------------
// Representations

/// The customer as a ticket shows them. The phone is always masked (`138****5678`): the
/// call center reveals the full number with `POST /tickets/{id}/reveal-phone`, on the record.
#[derive(Debug, Serialize, ToSchema)]
pub struct CustomerSummary {
    pub id: Uuid,
    pub name: String,
    #[schema(example = "138****5678")]
    pub phone: String,
    pub address: Option<String>,
    /// Unit, project or site the customer belongs to.
    pub unit: Option<String>,
}

/// One SLA clock.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClockView {
    pub started_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    pub met_at: Option<DateTime<Utc>>,
    pub state: ClockState,
    /// Past due without being met, or met late.
    pub breached: bool,
    /// When the sweeper escalated this clock, if it did.
    pub escalated_at: Option<DateTime<Utc>>,
}

/// A ticket's clocks.
#[derive(Debug, Serialize, ToSchema)]
pub struct TicketClocksView {
    /// From dispatch to the department's first contact; null until dispatched.
    pub response: Option<ClockView>,
    /// From intake to resolution (48 hours by default, or an approved extension).
    pub resolution: ClockView,
    /// Category-1 incidents: until the responsible manager is on site (2 hours by default).
    pub onsite: Option<ClockView>,
    /// Hot complaints: until reported upward (one working day).
    pub hot_report: Option<ClockView>,
    /// The latest supervision order (督办): until the ticket is resolved, by the due time the
    /// supervisor set.
    pub supervision: Option<ClockView>,
}

/// A ticket (工单).
#[derive(Debug, Serialize, ToSchema)]
pub struct Ticket {
    pub id: Uuid,
    /// Human-readable, unique and sortable: `YYYYMMDD-NNNN` (UTC day of intake).
    #[schema(example = "20261122-0007")]
    pub number: String,
    pub status: TicketStatus,
    pub kind: TicketKind,
    pub channel: Channel,
    pub subject: String,
    pub description: String,
    pub customer: CustomerSummary,
    /// The agent who took the contact and owns it until it is resolved (首问责任制).
    pub owner_id: Uuid,
    pub owner_name: String,
    /// The department it is dispatched to; null when in the call-center queue.
    pub department_id: Option<Uuid>,
    pub department_name: Option<String>,
    /// Urgency tier of the current or last dispatch.
    pub urgency: Option<Urgency>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub dispatched_at: Option<DateTime<Utc>>,
    pub accepted_at: Option<DateTime<Utc>>,
    pub response_due_at: Option<DateTime<Utc>>,
    pub responded_at: Option<DateTime<Utc>>,
    /// The deadline escalation uses: the original one, or an approved extension's.
    pub resolution_due_at: DateTime<Utc>,
    /// The deadline set at intake; reports count against it too (DESIGN §1.17).
    pub resolution_original_due_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
    /// A resolved ticket that needs no callback closes by itself then, unless the customer
    /// contacts again.
    pub auto_close_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    /// Raised by one for each clock the sweeper escalated.
    pub escalation_level: i32,
    /// Urges (催办) and supervision orders (督办) so far.
    pub urge_count: i32,
    /// The latest urge or supervision order.
    pub urged_at: Option<DateTime<Utc>>,
    pub resolution: Option<String>,
    /// The cause found, as `Category / Cause` (or the words given before a list existed).
    pub root_cause: Option<String>,
    pub root_cause_id: Option<Uuid>,
    pub duplicate_of: Option<Uuid>,
    /// Distinct customers on this ticket and its merged duplicates.
    pub complainant_count: i32,
    /// Contacts on this ticket and its merged duplicates.
    pub contact_count: i32,
    /// Callbacks that did not reach the customer since the last resolution.
    pub callback_attempts: i32,
    /// A category-1 incident (一类突发事件): fire, explosion, crime, injury, large losses or
    /// negative press. Its on-site clock is in `clocks.onsite`.
    pub incident: bool,
    /// When the responsible manager's arrival on site was recorded.
    pub onsite_at: Option<DateTime<Utc>>,
    /// A hot complaint (热点投诉); its report-upward clock is in `clocks.hot_report`.
    pub hot: bool,
    pub hot_at: Option<DateTime<Utc>>,
    pub hot_reported_at: Option<DateTime<Utc>>,
    pub clocks: TicketClocksView,
    /// A clock is past due and not met.
    pub breached: bool,
    /// A running clock has used up the at-risk share of its window.
    pub at_risk: bool,
    /// Raised by one on every change.
    pub version: i32,
    /// What the caller may do to this ticket now: the endpoints (by name) that the server
    /// would accept from them, from the same state machine, role, department scope and
    /// token scope it enforces. A console shows its buttons from this list.
    pub allowed_actions: Vec<TicketAction>,
}

/// Who is looking at tickets, for `allowed_actions`.
#[derive(Debug, Clone)]
pub struct Viewer {
    pub actor: Actor,
    /// A session, or an API token with `tickets:write`.
    pub may_act: bool,
}

impl Viewer {
    pub fn of(user: &AuthUser) -> Viewer {
        Viewer { actor: user.0.clone(), may_act: user.may_act_on_tickets() }
    }
}

fn clock_view(clock: Clock, escalated_at: Option<DateTime<Utc>>, now: DateTime<Utc>, at_risk_percent: u8) -> ClockView {
    let state = clock.state(now, at_risk_percent);
    ClockView {
        started_at: clock.started_at,
        due_at: clock.due_at,
        met_at: clock.met_at,
        state,
        breached: state.is_breached(),
        escalated_at,
    }
}

impl Ticket {
    pub fn build(
        ticket: DomainTicket,
        lookups: &Lookups,
        viewer: &Viewer,
        now: DateTime<Utc>,
    ) -> Result<Ticket, Error> {
        let at_risk_percent = lookups.at_risk_percent;
        let customer_id = ticket.customer_id.to_string();
        let customer = lookups
            .customers
            .get(&customer_id)
            .ok_or_else(|| Error::internal(format!("ticket {} without customer", ticket.id)))?;
        let clocks = ticket.timing();
        let view = |kind: ClockKind| {
            clocks.clock(kind).map(|c| clock_view(c, clocks.facts(kind).escalated_at, now, at_risk_percent))
        };
        let (response, onsite, hot_report, supervision) = (
            view(ClockKind::Response),
            view(ClockKind::Onsite),
            view(ClockKind::HotReport),
            view(ClockKind::Supervision),
        );
        let resolution =
            view(ClockKind::Resolution).ok_or_else(|| Error::internal("a ticket without resolution clock"))?;
        let states =
            [&response, &onsite, &hot_report, &supervision].into_iter().flatten().chain([&resolution]).map(|c| c.state);
        let (breached, at_risk) =
            states.fold((false, false), |(b, r), s| (b || s == ClockState::Breached, r || s == ClockState::AtRisk));
        let allowed_actions = if viewer.may_act {
            ticket.allowed_actions(&viewer.actor, lookups.pending_extensions.contains(&ticket.id))
        } else {
            Vec::new()
        };
        let owner_name = lookups.names.get(&ticket.owner_id.to_string()).cloned().unwrap_or_default();
        let department_name = ticket.department_id.and_then(|d| lookups.departments.get(&d.to_string()).cloned());
        let response_clock = ticket.clocks.get(ClockKind::Response);
        let onsite_clock = ticket.clocks.get(ClockKind::Onsite);
        let hot_clock = ticket.clocks.get(ClockKind::HotReport);
        Ok(Ticket {
            id: ticket.id.into(),
            number: ticket.number.clone(),
            status: ticket.status,
            kind: ticket.kind,
            channel: ticket.channel,
            customer: CustomerSummary {
                id: stored_id(&customer.id)?,
                name: customer.name.clone(),
                phone: phone::mask(&customer.phone),
                address: customer.address.clone(),
                unit: customer.unit.clone(),
            },
            owner_id: ticket.owner_id.into(),
            owner_name,
            department_id: ticket.department_id.map(Into::into),
            department_name,
            urgency: ticket.urgency,
            created_at: ticket.created_at,
            updated_at: ticket.updated_at,
            dispatched_at: response_clock.started_at,
            accepted_at: ticket.accepted_at,
            response_due_at: response_clock.due_at,
            responded_at: response_clock.met_at,
            resolution_due_at: ticket.resolution_due_at(),
            resolution_original_due_at: ticket.resolution_original_due_at,
            resolved_at: ticket.resolved_at(),
            auto_close_at: ticket.auto_close_at,
            closed_at: ticket.closed_at,
            escalation_level: ticket.escalation_level,
            urge_count: ticket.urge_count,
            urged_at: ticket.urged_at,
            duplicate_of: ticket.duplicate_of.map(Into::into),
            root_cause_id: ticket.root_cause_id.map(Into::into),
            complainant_count: ticket.complainant_count,
            contact_count: ticket.contact_count,
            callback_attempts: ticket.callback_attempts,
            incident: ticket.is_incident(),
            onsite_at: onsite_clock.met_at,
            hot: ticket.is_hot(),
            hot_at: hot_clock.started_at,
            hot_reported_at: hot_clock.met_at,
            clocks: TicketClocksView { response, resolution, onsite, hot_report, supervision },
            breached,
            at_risk,
            version: ticket.version,
            allowed_actions,
            subject: ticket.subject,
            description: ticket.description,
            resolution: ticket.resolution,
            root_cause: ticket.root_cause,
        })
    }
}

/// What representing tickets needs besides the tickets: customers, names, the at-risk
/// setting, which have an extension request waiting. Loaded with one query per table for
/// a whole page.
pub struct Lookups {
    customers: HashMap<String, CustomerRow>,
    names: HashMap<String, String>,
    departments: HashMap<String, String>,
    pending_extensions: HashSet<TicketId>,
    at_risk_percent: u8,
}

impl Lookups {
    pub fn load(conn: &mut db::DbConnection, tickets: &[DomainTicket]) -> Result<Lookups, Error> {
        let customers: Vec<String> = tickets.iter().map(|t| t.customer_id.to_string()).collect();
        let owners: Vec<String> = tickets.iter().map(|t| t.owner_id.to_string()).collect();
        let departments: Vec<String> = tickets.iter().filter_map(|t| t.department_id).map(|d| d.to_string()).collect();
        let ids: Vec<String> = tickets.iter().map(|t| t.id.to_string()).collect();
        let pending = db::extensions::pending_among(conn, &ids)?;
        Ok(Lookups {
            customers: db::customers::find_many(conn, &customers)?.into_iter().map(|c| (c.id.clone(), c)).collect(),
            names: db::users::names(conn, &owners)?.into_iter().collect(),
            departments: db::departments::names(conn, &departments)?.into_iter().collect(),
            pending_extensions: pending.iter().map(|id| db::stored(id)).collect::<Result<_, _>>()?,
            at_risk_percent: db::sla_policy::get(conn)?.at_risk_percent,
        })
    }
}

/// Renders one ticket for `viewer` (its customer's phone masked).
pub fn render(
    conn: &mut db::DbConnection,
    ticket: DomainTicket,
    viewer: &Viewer,
    now: DateTime<Utc>,
) -> Result<Ticket, Error> {
    let lookups = Lookups::load(conn, std::slice::from_ref(&ticket))?;
    Ticket::build(ticket, &lookups, viewer, now)
}

/// Renders stored tickets for `viewer` (their customers' phones masked).
pub fn render_rows(
    conn: &mut db::DbConnection,
    rows: Vec<TicketRow>,
    viewer: &Viewer,
    now: DateTime<Utc>,
) -> Result<Vec<Ticket>, Error> {
    let tickets = rows.into_iter().map(TicketRow::into_ticket).collect::<Result<Vec<_>, _>>()?;
    let lookups = Lookups::load(conn, &tickets)?;
    tickets.into_iter().map(|t| Ticket::build(t, &lookups, viewer, now)).collect()
}

/// A page of stored tickets (read with one more row than `limit`, to know whether there
/// are more), rendered for `viewer`; `cursor_of` is the row's sort key.
fn ticket_page(
    conn: &mut db::DbConnection,
    mut rows: Vec<TicketRow>,
    limit: i64,
    cursor_of: fn(&TicketRow) -> String,
    viewer: &Viewer,
    now: DateTime<Utc>,
) -> Result<Page<Ticket>, Error> {
    let more = rows.len() as i64 > limit;
    rows.truncate(usize::try_from(limit).unwrap_or(0));
    let next_cursor = if more { rows.last().map(cursor_of) } else { None };
    Ok(Page { items: render_rows(conn, rows, viewer, now)?, next_cursor })
}

/// An entry of a ticket's timeline.
#[derive(Debug, Serialize, ToSchema)]
pub struct Event {
    pub id: Uuid,
    pub ticket_id: Uuid,
    pub kind: EventKind,
    /// Who did it; null for the system (the SLA sweeper).
    pub actor_id: Option<Uuid>,
    /// The actor's display name; null for the system.
    pub actor_name: Option<String>,
    pub at: DateTime<Utc>,
    /// Details; for `escalated`: `clock` and `level`; for transitions: `from` and `to`.
    #[schema(value_type = Object)]
    pub data: serde_json::Value,
}

impl Event {
    fn from_row(row: EventRow, names: &HashMap<String, String>) -> Result<Event, Error> {
        Ok(Event {
            actor_name: row.actor_id.as_ref().and_then(|a| names.get(a).cloned()),
            id: stored_id(&row.id)?,
            ticket_id: stored_id(&row.ticket_id)?,
            kind: EventKind::parse(&row.kind)
                .ok_or_else(|| Error::internal(format!("unknown event kind {:?}", row.kind)))?,
            actor_id: row.actor_id.as_deref().map(stored_id).transpose()?,
            at: db::from_db(row.at),
            data: serde_json::from_str(&row.data).map_err(Error::internal)?,
        })
    }
}

/// A request for a new completion time (延期).
#[derive(Debug, Serialize, ToSchema)]
pub struct Extension {
    pub id: Uuid,
    pub ticket_id: Uuid,
    pub ticket_number: String,
    pub status: ExtensionStatus,
    pub requested_by: Uuid,
    pub requested_at: DateTime<Utc>,
    /// The deadline the request would replace.
    pub previous_due_at: DateTime<Utc>,
    pub new_due_at: DateTime<Utc>,
    pub reason: String,
    pub customer_agreed: bool,
    pub decided_by: Option<Uuid>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decision_note: Option<String>,
}

impl Extension {
    pub fn from_row(row: ExtensionRow, ticket_number: String) -> Result<Extension, Error> {
        Ok(Extension {
            ticket_number,
            id: stored_id(&row.id)?,
            ticket_id: stored_id(&row.ticket_id)?,
            status: ExtensionStatus::parse(&row.status).ok_or_else(|| Error::internal("unknown extension status"))?,
            requested_by: stored_id(&row.requested_by)?,
            requested_at: db::from_db(row.requested_at),
            previous_due_at: db::from_db(row.previous_due_at),
            new_due_at: db::from_db(row.new_due_at),
            reason: row.reason,
            customer_agreed: row.customer_agreed,
            decided_by: row.decided_by.as_deref().map(stored_id).transpose()?,
            decided_at: row.decided_at.map(db::from_db),
            decision_note: row.decision_note,
        })
    }
}

// ---------------------------------------------------------------------------------------
// Intake

/// The caller.
#[derive(Debug, Deserialize, Serialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CustomerInput {
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100, example = "王女士")]
    pub name: String,
    /// Digits with optional spaces, dashes, brackets and a leading `+`; 3–20 digits.
    #[validate(length(min = 3, max = 32))]
    #[schema(min_length = 3, max_length = 32, example = "13812345678")]
    pub phone: String,
    #[validate(length(max = 300))]
    #[schema(max_length = 300)]
    pub address: Option<String>,
    /// Unit, project or site.
    #[validate(length(max = 200))]
    #[schema(max_length = 200)]
    pub unit: Option<String>,
}

/// A new contact.
#[derive(Debug, Deserialize, Serialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateTicket {
    pub channel: Channel,
    pub kind: TicketKind,
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub subject: String,
    #[validate(length(max = 10000))]
    #[schema(max_length = 10000)]
    #[serde(default)]
    pub description: String,
    #[validate(nested)]
    pub customer: CustomerInput,
    /// A category-1 incident (fire, explosion, crime, injury, large losses, negative
    /// press): starts the on-site clock (2 hours by default).
    #[serde(default)]
    pub incident: bool,
}

/// Records a contact (受理). Honours `Idempotency-Key`: a retry with the same key returns
/// the ticket the first request created (200 instead of 201, with `Idempotent-Replayed:
/// true`); keys are kept 24 hours.
#[utoipa::path(
    tag = "tickets",
    request_body = CreateTicket,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: up to 200 characters. Kept 24 hours, then purged: a retry within them (with the same body) answers 200 with the first ticket and `Idempotent-Replayed: true`; after them the key is new again")),
    responses(
        (status = 201, description = "Created", body = Ticket),
        (status = 200, description = "An idempotent retry: the ticket created first", body = Ticket, headers(("Idempotent-Replayed" = String, description = "`true`: this answer replays the one given to the first request with this `Idempotency-Key`"))),
        WriteErrors,
    ),
    security(("bearer" = []))
)]
#[post("/tickets")]
pub async fn create_ticket(
    state: web::Data<AppState>,
    user: AuthUser,
    req: HttpRequest,
    body: Body<CreateTicket>,
) -> Result<HttpResponse, Error> {
    let actor =
        user.require(&[Role::Agent, Role::Supervisor, Role::Admin, Role::Integration], "record contacts")?.clone();
    let viewer = Viewer::of(&user);
    let key = match req.headers().get("Idempotency-Key") {
        None => None,
        Some(v) => match v.to_str() {
            Ok(k) if !k.trim().is_empty() && k.len() <= 200 => Some(k.trim().to_owned()),
            _ => return Err(Error::invalid("Idempotency-Key", "must be 1 to 200 visible ASCII characters")),
        },
    };
    let body = body.parse()?;
    let idempotency = key.map(|key| Idempotency { key, request: serde_json::to_value(&body).unwrap_or_default() });
    let phone = Phone::parse(&body.customer.phone).map_err(|m| Error::invalid("customer.phone", m))?;
    let input = NewTicket {
        channel: body.channel,
        kind: body.kind,
        subject: required_text("subject", &body.subject)?,
        description: body.description,
        customer: NewCustomer {
            name: required_text("customer.name", &body.customer.name)?,
            phone,
            address: body.customer.address,
            unit: body.customer.unit,
        },
        incident: body.incident,
    };
    let now = clock::now(state.clock.as_ref());
    // Concurrent retries with one key race to insert it; the losers' transactions fail on
    // its primary key and, tried again, find the winner's ticket.
    let mut attempts = 0;
    let (event, ticket, created) = loop {
        attempts += 1;
        let (actor, input, idempotency, viewer) = (actor.clone(), input.clone(), idempotency.clone(), viewer.clone());
        let retryable = idempotency.is_some() && attempts < 3;
        // Rendered after commit, outside the writer, on the same connection.
        let result = state
            .db
            .write_then_read(
                move |c| workflow::intake(c, &Ctx { actor: &actor, now }, input, idempotency),
                move |c, (ticket, created)| {
                    let event = created.then(|| LiveEvent::of("ticket.created", &ticket, now));
                    Ok((event, render(c, ticket, &viewer, now)?, created))
                },
            )
            .await;
        match result {
            Err(Error::Conflict { code: ErrorCode::AlreadyExists, .. }) if retryable => continue,
            other => break other?,
        }
    };
    if let Some(event) = event {
        state.hub.publish(event);
        crate::metrics::METRICS.tickets_created.inc();
    }
    let mut response = if created { HttpResponse::Created() } else { HttpResponse::Ok() };
    if !created {
        response.insert_header(("Idempotent-Replayed", "true"));
    }
    Ok(response.insert_header(("Location", format!("/api/v1/tickets/{}", ticket.id))).json(ticket))
}

// ---------------------------------------------------------------------------------------
// The queue

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// One status or several: the key repeated (`status=dispatched&status=accepted`), or
    /// comma-separated (`status=dispatched,accepted`).
    #[param(value_type = Option<Vec<TicketStatus>>, style = Form, explode = true)]
    #[serde(default)]
    pub status: Vec<String>,
    pub department_id: Option<Uuid>,
    pub urgency: Option<Urgency>,
    /// `true`: only tickets with a clock past due and not met; `false`: none.
    pub breached: Option<bool>,
    /// `true`: a running clock has used the at-risk share of its window (80% by default)
    /// and none is breached yet: the ones to urge now.
    pub at_risk: Option<bool>,
    /// `true`: escalated at least once; `false`: never escalated.
    pub escalated: Option<bool>,
    /// `true`: hot complaints only; `false`: none of them.
    pub hot: Option<bool>,
    /// Only tickets with a running deadline at or before this time (e.g. "due in the next
    /// 15 minutes"; past deadlines included).
    pub due_before: Option<DateTime<Utc>>,
    /// Number, subject, description, the customer's name, address or unit; or the
    /// customer's phone as the caller sees it: the masked form (`139****4321`) or the last
    /// four digits, and for call-center roles the whole number (exactly).
    #[param(max_length = 100)]
    pub q: Option<String>,
    /// The first-contact owner: a user id, or `me`.
    #[param(pattern = "^(me|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$")]
    pub assignee: Option<String>,
    /// 1–200, default 50.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    #[param(pattern = "^[A-Za-z0-9_-]+$")]
    pub cursor: Option<String>,
}

/// The queue: tickets sorted by their nearest running deadline. Department staff see only
/// their department's tickets.
#[utoipa::path(
    tag = "tickets",
    params(ListParams),
    responses((status = 200, body = Page<Ticket>), ReadErrors),
    security(("bearer" = []))
)]
#[get("/tickets")]
pub async fn list_tickets(
    state: web::Data<AppState>,
    user: AuthUser,
    params: Query<ListParams>,
) -> Result<HttpResponse, Error> {
    let viewer = Viewer::of(&user);
    let actor = user.0;
    let p = params.into_inner();
    let limit = pagination::limit(p.limit)?;
    let mut statuses = Vec::new();
    for s in p.status.iter().flat_map(|s| s.split(',')).map(str::trim).filter(|s| !s.is_empty()) {
        let status = TicketStatus::parse(s).ok_or_else(|| Error::invalid("status", format!("unknown status `{s}`")))?;
        statuses.push(status.as_str().to_owned());
    }
    let mut department_id = p.department_id.map(|d| d.to_string());
    if actor.role == Role::DeptStaff {
        let own = actor.department_id.map(|d| d.to_string());
        if department_id.is_some() && department_id != own {
            return Ok(HttpResponse::Ok().json(Page::<Ticket> { items: vec![], next_cursor: None }));
        }
        department_id = own;
        if department_id.is_none() {
            return Ok(HttpResponse::Ok().json(Page::<Ticket> { items: vec![], next_cursor: None }));
        }
    }
    let owner_id = match p.assignee.as_deref() {
        None => None,
        Some("me") => Some(actor.id.to_string()),
        Some(id) => {
            Some(Uuid::parse_str(id).map_err(|_| Error::invalid("assignee", "must be a user id or `me`"))?.to_string())
        }
    };
    let q = p.q.map(|q| q.trim().to_owned()).filter(|q| !q.is_empty());
    if q.as_ref().is_some_and(|q| q.chars().count() > 100) {
        return Err(Error::invalid("q", "must be at most 100 characters"));
    }
    let now = clock::now(state.clock.as_ref());
    let filter = TicketFilter {
        statuses,
        department_id,
        urgency: p.urgency.map(|u| u.as_str().to_owned()),
        breached: p.breached,
        at_risk: p.at_risk,
        escalated: p.escalated,
        hot: p.hot,
        due_before: p.due_before.map(db::to_db),
        owner_id,
        phone: q.as_deref().and_then(|q| phone::search(q, actor.role.is_call_center())),
        q,
        now: Some(db::to_db(now)),
        after: p.cursor.as_deref().map(pagination::decode_time_id).transpose()?,
        limit: limit + 1,
    };
    let page = state
        .db
        .read(move |c| {
            let rows = db::tickets::list(c, &filter)?;
            ticket_page(c, rows, limit, |r| pagination::encode_time_id(r.queue_due_at, &r.id), &viewer, now)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// One ticket with its clocks.
#[utoipa::path(
    tag = "tickets",
    params(("id" = Uuid, Path, description = "Ticket id")),
    responses((status = 200, body = Ticket), ReadErrors),
    security(("bearer" = []))
)]
#[get("/tickets/{id}")]
pub async fn get_ticket(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, Error> {
    let viewer = Viewer::of(&user);
    let id = TicketId::from(id.into_inner());
    let now = clock::now(state.clock.as_ref());
    let ticket = state
        .db
        .read(move |c| {
            let ticket = workflow::visible(c, &viewer.actor, id)?;
            render(c, ticket, &viewer, now)
        })
        .await?;
    Ok(HttpResponse::Ok().json(ticket))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// 1–200, default 50.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    #[param(pattern = "^[A-Za-z0-9_-]+$")]
    pub cursor: Option<String>,
}

/// The ticket's history, oldest first. Internal comments are left out for integrations.
#[utoipa::path(
    tag = "tickets",
    params(("id" = Uuid, Path, description = "Ticket id"), PageParams),
    responses((status = 200, body = Page<Event>), ReadErrors),
    security(("bearer" = []))
)]
#[get("/tickets/{id}/events")]
pub async fn list_ticket_events(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<Uuid>,
    params: Query<PageParams>,
) -> Result<HttpResponse, Error> {
    let actor = user.0;
    let id = TicketId::from(id.into_inner());
    let limit = pagination::limit(params.limit)?;
    let after = params.cursor.as_deref().map(pagination::decode_time_id).transpose()?;
    let page = state
        .db
        .read(move |c| {
            workflow::visible(c, &actor, id)?;
            let internal = actor.role != Role::Integration;
            let rows = db::events::list(c, &id.to_string(), after, limit + 1, internal)?;
            let actors: Vec<String> = rows.iter().filter_map(|r| r.actor_id.clone()).collect();
            let names: HashMap<String, String> = db::users::names(c, &actors)?.into_iter().collect();
            pagination::page_of(
                rows,
                limit,
                |r| pagination::encode_time_id(r.at, &r.id),
                |r| Event::from_row(r, &names),
            )
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// The ticket's extension requests, oldest first.
#[utoipa::path(
    tag = "tickets",
    params(("id" = Uuid, Path, description = "Ticket id")),
    responses((status = 200, body = Vec<Extension>), ReadErrors),
    security(("bearer" = []))
)]
#[get("/tickets/{id}/extensions")]
pub async fn list_ticket_extensions(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, Error> {
    let actor = user.0;
    let id = TicketId::from(id.into_inner());
    let list = state
        .db
        .read(move |c| {
            let ticket = workflow::visible(c, &actor, id)?;
            db::extensions::for_ticket(c, &id.to_string())?
                .into_iter()
                .map(|e| Extension::from_row(e, ticket.number.clone()))
                .collect::<Result<Vec<_>, _>>()
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExtensionListParams {
    /// Default `pending`: the requests waiting for a decision.
    pub status: Option<ExtensionStatus>,
    /// Only requests for tickets with this department.
    pub department_id: Option<Uuid>,
    /// 1–200, default 50.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    #[param(pattern = "^[A-Za-z0-9_-]+$")]
    pub cursor: Option<String>,
}

/// Extension requests across all tickets, oldest first (call-center roles): the
/// supervisor's list of what waits for a decision.
#[utoipa::path(
    tag = "tickets",
    params(ExtensionListParams),
    responses((status = 200, body = Page<Extension>), ReadErrors),
    security(("bearer" = []))
)]
#[get("/extensions")]
pub async fn list_extensions(
    state: web::Data<AppState>,
    user: AuthUser,
    params: Query<ExtensionListParams>,
) -> Result<HttpResponse, Error> {
    user.require(&[Role::Agent, Role::Supervisor, Role::Admin], "list extension requests")?;
    let p = params.into_inner();
    let limit = pagination::limit(p.limit)?;
    let after = p.cursor.as_deref().map(pagination::decode_time_id).transpose()?;
    let status = p.status.unwrap_or(ExtensionStatus::Pending);
    let department = p.department_id.map(|d| d.to_string());
    let page = state
        .db
        .read(move |c| {
            let rows = db::extensions::list_by_status(c, status.as_str(), department.as_deref(), after, limit + 1)?;
            pagination::page_of(
                rows,
                limit,
                |(e, _)| pagination::encode_time_id(e.requested_at, &e.id),
                |(e, number)| Extension::from_row(e, number),
            )
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Likely duplicates of a ticket: the same caller's other open (or resolved) tickets,
/// newest first; then open tickets of other callers from the same unit/project in the last
/// 30 days whose text is alike, most alike first (call-center roles).
#[utoipa::path(
    tag = "tickets",
    params(("id" = Uuid, Path, description = "Ticket id")),
    responses((status = 200, body = Vec<Ticket>), ReadErrors),
    security(("bearer" = []))
)]
#[get("/tickets/{id}/duplicates")]
pub async fn list_duplicate_candidates(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, Error> {
    user.require(&[Role::Agent, Role::Supervisor, Role::Admin], "look for duplicates")?;
    let viewer = Viewer::of(&user);
    let id = TicketId::from(id.into_inner());
    let now = clock::now(state.clock.as_ref());
    let list = state
        .db
        .read(move |c| {
            let rows = duplicates::candidates(c, &viewer.actor, id, now)?;
            render_rows(c, rows, &viewer, now)
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// The callback worklist (回访): resolved tickets waiting for their callback, longest
/// waiting first, with the attempts so far (call-center roles).
#[utoipa::path(
    tag = "tickets",
    params(PageParams),
    responses((status = 200, body = Page<Ticket>), ReadErrors),
    security(("bearer" = []))
)]
#[get("/callbacks")]
pub async fn list_callbacks(
    state: web::Data<AppState>,
    user: AuthUser,
    params: Query<PageParams>,
) -> Result<HttpResponse, Error> {
    user.require(&[Role::Agent, Role::Supervisor, Role::Admin], "see the callback worklist")?;
    let viewer = Viewer::of(&user);
    let limit = pagination::limit(params.limit)?;
    let after = params.cursor.as_deref().map(pagination::decode_time_id).transpose()?;
    let now = clock::now(state.clock.as_ref());
    let page = state
        .db
        .read(move |c| {
            let rows = db::tickets::awaiting_callback(c, after, limit + 1)?;
            let cursor_of = |r: &TicketRow| pagination::encode_time_id(r.resolved_at.unwrap_or(r.updated_at), &r.id);
            ticket_page(c, rows, limit, cursor_of, &viewer, now)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

//! One endpoint per lifecycle action (DESIGN §3). Each extracts, hands the action to the
//! workflow inside one transaction, and answers with the ticket as it now is.

use actix_web::{post, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::{
    extract::{required_text, AuthUser, Body, OptionalBody},
    openapi::WriteErrors,
    tickets::{render, Extension, Ticket, Viewer},
    AppState,
};
use crate::{
    clock,
    db::DbConnection,
    domain::{
        ids::{AnswerId, DepartmentId, ExtensionId, RootCauseId, TicketId},
        ticket::{Satisfaction, Ticket as DomainTicket, Urgency},
    },
    error::Error,
    live::LiveEvent,
    workflow::tickets::{self as workflow, Ctx},
};

/// Runs one workflow action in a transaction, then — after commit, outside the writer, on
/// the same connection — renders the ticket it leaves for the caller.
async fn run<F>(state: &AppState, user: AuthUser, f: F) -> Result<HttpResponse, Error>
where
    F: FnOnce(&mut DbConnection, &Ctx) -> Result<DomainTicket, Error> + Send + 'static,
{
    let now = clock::now(state.clock.as_ref());
    let (actor, viewer) = (user.0.clone(), Viewer::of(&user));
    let (event, ticket): (LiveEvent, Ticket) = state
        .db
        .write_then_read(
            move |c| f(c, &Ctx { actor: &actor, now }),
            move |c, ticket| Ok((LiveEvent::of("ticket.changed", &ticket, now), render(c, ticket, &viewer, now)?)),
        )
        .await?;
    state.hub.publish(event);
    Ok(HttpResponse::Ok().json(ticket))
}

fn optional(text: Option<String>) -> Option<String> {
    text.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty())
}

/// A workflow action whose only input is an optional note.
type NoteAction = fn(&mut DbConnection, &Ctx, TicketId, Option<String>) -> Result<DomainTicket, Error>;

/// Runs an action that takes an optional note (contact, close, repeat contact, incident,
/// on site).
async fn with_note(
    state: &AppState,
    user: AuthUser,
    id: web::Path<Uuid>,
    body: OptionalBody<NoteRequest>,
    action: NoteAction,
) -> Result<HttpResponse, Error> {
    let note = optional(body.parse()?.note);
    let id = TicketId::from(id.into_inner());
    run(state, user, move |c, ctx| action(c, ctx, id, note)).await
}

/// At least one of `answer` and `answer_id`.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerRequest {
    /// What the caller was told; defaults to the cited answer's text.
    #[validate(length(min = 1, max = 10000))]
    #[schema(min_length = 1, max_length = 10000)]
    pub answer: Option<String>,
    /// A unified answer (统一答复口径) in effect now: the ticket cites it and its use is
    /// counted. An unknown, withdrawn or expired answer is refused (422).
    pub answer_id: Option<Uuid>,
}

/// Answers at intake: the ticket is resolved at once, optionally citing a unified answer
/// (agents).
#[utoipa::path(
    tag = "ticket actions",
    params(("id" = Uuid, Path)), request_body = AnswerRequest,
    responses((status = 200, body = Ticket), WriteErrors), security(("bearer" = []))
)]
#[post("/tickets/{id}/answer")]
pub async fn answer_ticket(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<Uuid>,
    body: Body<AnswerRequest>,
) -> Result<HttpResponse, Error> {
    let AnswerRequest { answer, answer_id } = body.parse()?;
    let answer = answer.map(|a| required_text("answer", a)).transpose()?;
    let answer_id = answer_id.map(AnswerId::from);
    let id = TicketId::from(id.into_inner());
    run(&state, user, move |c, ctx| workflow::answer(c, ctx, id, answer, answer_id)).await
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DispatchRequest {
    pub department_id: Uuid,
    pub urgency: Urgency,
    #[validate(length(max = 2000))]
    #[schema(max_length = 2000)]
    pub note: Option<String>,
}

/// Dispatches to a department with an urgency tier; starts the response clock (agents,
/// supervisors).
#[utoipa::path(
    tag = "ticket actions",
    params(("id" = Uuid, Path)), request_body = DispatchRequest,
    responses((status = 200, body = Ticket), WriteErrors), security(("bearer" = []))
)]
#[post("/tickets/{id}/dispatch")]
pub async fn dispatch_ticket(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<Uuid>,
    body: Body<DispatchRequest>,
) -> Result<HttpResponse, Error> {
    let DispatchRequest { department_id, urgency, note } = body.parse()?;
    let id = TicketId::from(id.into_inner());
    let department_id = DepartmentId::from(department_id);
    run(&state, user, move |c, ctx| workflow::dispatch(c, ctx, id, department_id, urgency, optional(note))).await
}

/// Signs for the dispatch (department staff).
#[utoipa::path(
    tag = "ticket actions",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Ticket), WriteErrors), security(("bearer" = []))
)]
#[post("/tickets/{id}/accept")]
pub async fn accept_ticket(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, Error> {
    let id = TicketId::from(id.into_inner());
    run(&state, user, move |c, ctx| workflow::accept(c, ctx, id)).await
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReasonRequest {
    #[validate(length(min = 1, max = 2000))]
    #[schema(min_length = 1, max_length = 2000)]
    pub reason: String,
}

/// Returns the ticket to the call-center queue with a reason (department staff).
#[utoipa::path(
    tag = "ticket actions",
    params(("id" = Uuid, Path)), request_body = ReasonRequest,
    responses((status = 200, body = Ticket), WriteErrors), security(("bearer" = []))
)]
#[post("/tickets/{id}/return")]
pub async fn return_ticket(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<Uuid>,
    body: Body<ReasonRequest>,
) -> Result<HttpResponse, Error> {
    let reason = required_text("reason", body.parse()?.reason)?;
    let id = TicketId::from(id.into_inner());
    run(&state, user, move |c, ctx| workflow::return_ticket(c, ctx, id, reason)).await
}

#[derive(Debug, Default, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoteRequest {
    #[validate(length(max = 2000))]
    #[schema(max_length = 2000)]
    pub note: Option<String>,
}

/// Records that the customer was contacted; meets the response clock (department staff).
#[utoipa::path(
    tag = "ticket actions",
    params(("id" = Uuid, Path)), request_body = NoteRequest,
    responses((status = 200, body = Ticket), WriteErrors), security(("bearer" = []))
)]
#[post("/tickets/{id}/contact")]
pub async fn contact_ticket(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<Uuid>,
    body: OptionalBody<NoteRequest>,
) -> Result<HttpResponse, Error> {
    with_note(&state, user, id, body, workflow::contact).await
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExtensionRequest {
    /// The completion time agreed with the customer; later than the current deadline.
    pub new_due_at: DateTime<Utc>,
    #[validate(length(min = 1, max = 2000))]
    #[schema(min_length = 1, max_length = 2000)]
    pub reason: String,
    /// Must be true: the new time is agreed with the customer first.
    pub customer_agreed: bool,
}

/// Asks for a new completion time (department staff).
#[utoipa::path(
    tag = "ticket actions",
    params(("id" = Uuid, Path)), request_body = ExtensionRequest,
    responses((status = 201, body = Extension), WriteErrors), security(("bearer" = []))
)]
#[post("/tickets/{id}/extensions")]
pub async fn request_extension(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<Uuid>,
    body: Body<ExtensionRequest>,
) -> Result<HttpResponse, Error> {
    let ExtensionRequest { new_due_at, reason, customer_agreed } = body.parse()?;
    let reason = required_text("reason", reason)?;
    let id = TicketId::from(id.into_inner());
    let actor = user.0;
    let now = clock::now(state.clock.as_ref());
    let (ticket, ext) = state
        .db
        .write(move |c| {
            workflow::request_extension(c, &Ctx { actor: &actor, now }, id, new_due_at, reason, customer_agreed)
        })
        .await?;
    state.hub.publish(LiveEvent::of("ticket.changed", &ticket, now));
    Ok(HttpResponse::Created().json(Extension::from_row(ext, ticket.number)?))
}

async fn decide(
    state: &AppState,
    user: AuthUser,
    path: (Uuid, Uuid),
    approve: bool,
    note: Option<String>,
) -> Result<HttpResponse, Error> {
    let (id, eid) = (TicketId::from(path.0), ExtensionId::from(path.1));
    run(state, user, move |c, ctx| {
        workflow::decide_extension(c, ctx, id, eid, approve, optional(note)).map(|(ticket, _)| ticket)
    })
    .await
}

/// Approves an extension: its time becomes the resolution deadline (agents, supervisors).
#[utoipa::path(
    tag = "ticket actions",
    params(("id" = Uuid, Path), ("eid" = Uuid, Path, description = "Extension id")), request_body = NoteRequest,
    responses((status = 200, body = Ticket), WriteErrors), security(("bearer" = []))
)]
#[post("/tickets/{id}/extensions/{eid}/approve")]
pub async fn approve_extension(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(Uuid, Uuid)>,
    body: OptionalBody<NoteRequest>,
) -> Result<HttpResponse, Error> {
    decide(&state, user, path.into_inner(), true, body.parse()?.note).await
}

/// Rejects an extension: the deadline stays (agents, supervisors).
#[utoipa::path(
    tag = "ticket actions",
    params(("id" = Uuid, Path), ("eid" = Uuid, Path, description = "Extension id")), request_body = NoteRequest,
    responses((status = 200, body = Ticket), WriteErrors), security(("bearer" = []))
)]
#[post("/tickets/{id}/extensions/{eid}/reject")]
pub async fn reject_extension(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(Uuid, Uuid)>,
    body: OptionalBody<NoteRequest>,
) -> Result<HttpResponse, Error> {
    decide(&state, user, path.into_inner(), false, body.parse()?.note).await
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResolveRequest {
    /// What was done.
    #[validate(length(min = 1, max = 10000))]
    #[schema(min_length = 1, max_length = 10000)]
    pub resolution: String,
    /// A cause from `GET /root-causes` (second level). Complaints need one once the
    /// list has causes (DESIGN §1.10).
    pub root_cause_id: Option<Uuid>,
    /// The cause in words, for as long as the list of causes is empty.
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub root_cause: Option<String>,
}

/// Reports the matter resolved (department staff, agents).
#[utoipa::path(
    tag = "ticket actions",
    params(("id" = Uuid, Path)), request_body = ResolveRequest,
    responses((status = 200, body = Ticket), WriteErrors), security(("bearer" = []))
)]
#[post("/tickets/{id}/resolve")]
pub async fn resolve_ticket(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<Uuid>,
    body: Body<ResolveRequest>,
) -> Result<HttpResponse, Error> {
    let ResolveRequest { resolution, root_cause, root_cause_id } = body.parse()?;
    let resolution = required_text("resolution", resolution)?;
    let root_cause = optional(root_cause);
    let root_cause_id = root_cause_id.map(RootCauseId::from);
    let id = TicketId::from(id.into_inner());
    run(&state, user, move |c, ctx| workflow::resolve(c, ctx, id, resolution, root_cause, root_cause_id)).await
}

#[derive(Debug, Deserialize, Serialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CallbackRequest {
    /// Whether the customer was reached.
    pub reached: bool,
    /// Required when reached. Only `satisfied` closes the ticket; otherwise it is reopened.
    pub satisfaction: Option<Satisfaction>,
    #[validate(length(max = 2000))]
    #[schema(max_length = 2000)]
    pub comment: Option<String>,
}

/// Records the callback (回访) (agents, supervisors).
#[utoipa::path(
    tag = "ticket actions",
    params(("id" = Uuid, Path)), request_body = CallbackRequest,
    responses((status = 200, body = Ticket), WriteErrors), security(("bearer" = []))
)]
#[post("/tickets/{id}/callback")]
pub async fn callback_ticket(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<Uuid>,
    body: Body<CallbackRequest>,
) -> Result<HttpResponse, Error> {
    let CallbackRequest { reached, satisfaction, comment } = body.parse()?;
    let id = TicketId::from(id.into_inner());
    run(&state, user, move |c, ctx| workflow::callback(c, ctx, id, reached, satisfaction, optional(comment))).await
}

/// Sends a resolved ticket back to work (agents, supervisors).
#[utoipa::path(
    tag = "ticket actions",
    params(("id" = Uuid, Path)), request_body = ReasonRequest,
    responses((status = 200, body = Ticket), WriteErrors), security(("bearer" = []))
)]
#[post("/tickets/{id}/reopen")]
pub async fn reopen_ticket(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<Uuid>,
    body: Body<ReasonRequest>,
) -> Result<HttpResponse, Error> {
    let reason = required_text("reason", body.parse()?.reason)?;
    let id = TicketId::from(id.into_inner());
    run(&state, user, move |c, ctx| workflow::reopen(c, ctx, id, reason)).await
}

/// Closes a resolved ticket (agents, supervisors).
#[utoipa::path(
    tag = "ticket actions",
    params(("id" = Uuid, Path)), request_body = NoteRequest,
    responses((status = 200, body = Ticket), WriteErrors), security(("bearer" = []))
)]
#[post("/tickets/{id}/close")]
pub async fn close_ticket(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<Uuid>,
    body: OptionalBody<NoteRequest>,
) -> Result<HttpResponse, Error> {
    with_note(&state, user, id, body, workflow::close).await
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CommentRequest {
    #[validate(length(min = 1, max = 10000))]
    #[schema(min_length = 1, max_length = 10000)]
    pub body: String,
    /// Internal comments are for staff; integrations do not see them.
    #[serde(default)]
    pub internal: bool,
}

/// Adds a comment to the timeline (everyone who can see the ticket).
#[utoipa::path(
    tag = "ticket actions",
    params(("id" = Uuid, Path)), request_body = CommentRequest,
    responses((status = 200, body = Ticket), WriteErrors), security(("bearer" = []))
)]
#[post("/tickets/{id}/comments")]
pub async fn comment_ticket(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<Uuid>,
    body: Body<CommentRequest>,
) -> Result<HttpResponse, Error> {
    let CommentRequest { body, internal } = body.parse()?;
    let body = required_text("body", body)?;
    let id = TicketId::from(id.into_inner());
    run(&state, user, move |c, ctx| workflow::comment(c, ctx, id, body, internal)).await
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MergeRequest {
    /// The main ticket this one duplicates.
    pub into: Uuid,
}

/// Merges this ticket into a main ticket as a duplicate (重复投诉): it is kept as `merged`,
/// and the main ticket counts its complainants and contacts (agents, supervisors).
#[utoipa::path(
    tag = "ticket actions",
    params(("id" = Uuid, Path)), request_body = MergeRequest,
    responses((status = 200, description = "The main ticket, with its counts", body = Ticket), WriteErrors),
    security(("bearer" = []))
)]
#[post("/tickets/{id}/merge")]
pub async fn merge_ticket(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<Uuid>,
    body: Body<MergeRequest>,
) -> Result<HttpResponse, Error> {
    let into = TicketId::from(body.parse()?.into);
    let id = TicketId::from(id.into_inner());
    let (actor, viewer) = (user.0.clone(), Viewer::of(&user));
    let now = clock::now(state.clock.as_ref());
    let (events, main) = state
        .db
        .write_then_read(
            move |c| workflow::merge(c, &Ctx { actor: &actor, now }, id, into),
            move |c, (duplicate, main)| {
                let events =
                    [LiveEvent::of("ticket.changed", &duplicate, now), LiveEvent::of("ticket.changed", &main, now)];
                Ok((events, render(c, main, &viewer, now)?))
            },
        )
        .await?;
    for event in events {
        state.hub.publish(event);
    }
    Ok(HttpResponse::Ok().json(main))
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UrgeRequest {
    #[validate(length(min = 1, max = 2000))]
    #[schema(min_length = 1, max_length = 2000)]
    pub note: String,
    /// With a due time this is a supervision order (督办); without, an urge (催办).
    pub due_at: Option<DateTime<Utc>>,
}

/// Presses the department (催办), or with `due_at` issues a supervision order (督办):
/// on the record and in the live stream (supervisors).
#[utoipa::path(
    tag = "ticket actions",
    params(("id" = Uuid, Path)), request_body = UrgeRequest,
    responses((status = 200, body = Ticket), WriteErrors), security(("bearer" = []))
)]
#[post("/tickets/{id}/urge")]
pub async fn urge_ticket(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<Uuid>,
    body: Body<UrgeRequest>,
) -> Result<HttpResponse, Error> {
    let UrgeRequest { note, due_at } = body.parse()?;
    let note = required_text("note", note)?;
    let id = TicketId::from(id.into_inner());
    run(&state, user, move |c, ctx| workflow::urge(c, ctx, id, note, due_at)).await
}

/// Overrules a department's return (审定): the ticket goes back to the department that
/// returned it, same tier, new response clock (agents, supervisors).
#[utoipa::path(
    tag = "ticket actions",
    params(("id" = Uuid, Path)), request_body = ReasonRequest,
    responses((status = 200, body = Ticket), WriteErrors), security(("bearer" = []))
)]
#[post("/tickets/{id}/overrule")]
pub async fn overrule_return(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<Uuid>,
    body: Body<ReasonRequest>,
) -> Result<HttpResponse, Error> {
    let reason = required_text("reason", body.parse()?.reason)?;
    let id = TicketId::from(id.into_inner());
    run(&state, user, move |c, ctx| workflow::overrule_return(c, ctx, id, reason)).await
}

/// Records that the same customer contacted again about this ticket: counted, and a
/// resolved ticket is reopened instead of closing by itself (agents, supervisors).
#[utoipa::path(
    tag = "ticket actions",
    params(("id" = Uuid, Path)), request_body = NoteRequest,
    responses((status = 200, body = Ticket), WriteErrors), security(("bearer" = []))
)]
#[post("/tickets/{id}/recontact")]
pub async fn recontact_ticket(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<Uuid>,
    body: OptionalBody<NoteRequest>,
) -> Result<HttpResponse, Error> {
    with_note(&state, user, id, body, workflow::recontact).await
}

/// Flags a category-1 incident (一类突发事件) after intake: the on-site clock starts
/// (agents, supervisors).
#[utoipa::path(
    tag = "ticket actions",
    params(("id" = Uuid, Path)), request_body = NoteRequest,
    responses((status = 200, body = Ticket), WriteErrors), security(("bearer" = []))
)]
#[post("/tickets/{id}/incident")]
pub async fn flag_incident(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<Uuid>,
    body: OptionalBody<NoteRequest>,
) -> Result<HttpResponse, Error> {
    with_note(&state, user, id, body, workflow::flag_incident).await
}

/// Records the responsible manager's arrival on site: meets the on-site clock
/// (department staff, or the call center on their behalf).
#[utoipa::path(
    tag = "ticket actions",
    params(("id" = Uuid, Path)), request_body = NoteRequest,
    responses((status = 200, body = Ticket), WriteErrors), security(("bearer" = []))
)]
#[post("/tickets/{id}/onsite")]
pub async fn record_onsite(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<Uuid>,
    body: OptionalBody<NoteRequest>,
) -> Result<HttpResponse, Error> {
    with_note(&state, user, id, body, workflow::record_onsite).await
}

/// Flags a hot complaint (热点投诉) by hand: it must be reported upward within one
/// working day (supervisors).
#[utoipa::path(
    tag = "ticket actions",
    params(("id" = Uuid, Path)), request_body = ReasonRequest,
    responses((status = 200, body = Ticket), WriteErrors), security(("bearer" = []))
)]
#[post("/tickets/{id}/hot")]
pub async fn flag_hot(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<Uuid>,
    body: Body<ReasonRequest>,
) -> Result<HttpResponse, Error> {
    let reason = required_text("reason", body.parse()?.reason)?;
    let id = TicketId::from(id.into_inner());
    run(&state, user, move |c, ctx| workflow::flag_hot(c, ctx, id, reason)).await
}

/// Records that a hot complaint was reported upward: meets its clock (supervisors).
#[utoipa::path(
    tag = "ticket actions",
    params(("id" = Uuid, Path)), request_body = HotReportRequest,
    responses((status = 200, body = Ticket), WriteErrors), security(("bearer" = []))
)]
#[post("/tickets/{id}/hot-report")]
pub async fn report_hot(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<Uuid>,
    body: Body<HotReportRequest>,
) -> Result<HttpResponse, Error> {
    let note = required_text("note", body.parse()?.note)?;
    let id = TicketId::from(id.into_inner());
    run(&state, user, move |c, ctx| workflow::report_hot(c, ctx, id, note)).await
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HotReportRequest {
    /// What was reported, to whom.
    #[validate(length(min = 1, max = 2000))]
    #[schema(min_length = 1, max_length = 2000)]
    pub note: String,
}

/// The customer's full phone number, revealed on the record.
#[derive(Debug, Serialize, ToSchema)]
pub struct RevealedPhone {
    #[schema(example = "13812345678")]
    pub phone: String,
}

/// Reveals the customer's full phone number (DESIGN §1.14): agents, supervisors, admins, and
/// department staff for their own department's tickets with a `note` saying why (422
/// without). Tickets always show it masked; each reveal is recorded on the ticket's
/// history as `phone_revealed` with who, when and the note (e.g. "callback").
#[utoipa::path(
    tag = "ticket actions",
    params(("id" = Uuid, Path)), request_body(content = NoteRequest, description = "Why the number is needed; required for department staff"),
    responses((status = 200, body = RevealedPhone), WriteErrors), security(("bearer" = []))
)]
#[post("/tickets/{id}/reveal-phone")]
pub async fn reveal_phone(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<Uuid>,
    body: OptionalBody<NoteRequest>,
) -> Result<HttpResponse, Error> {
    let note = optional(body.parse()?.note);
    let id = TicketId::from(id.into_inner());
    let now = clock::now(state.clock.as_ref());
    let actor = user.0;
    let phone = state.db.write(move |c| workflow::reveal_phone(c, &Ctx { actor: &actor, now }, id, note)).await?;
    Ok(HttpResponse::Ok().json(RevealedPhone { phone }))
}

//! Shift handovers (交接班): `POST /handovers` by the outgoing person with a server-made
//! snapshot of the queue; `POST /handovers/{id}/sign` by the incoming person.

use std::collections::{BTreeMap, HashMap};

use actix_web::{get, post, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::{
    extract::{required_text, AuthUser, Body, OptionalBody, Query},
    openapi::{ReadErrors, WriteErrors},
    pagination::{self, Page},
    tickets::PageParams,
    AppState,
};
use crate::{
    clock,
    db::{self, handovers::HandoverRow, DbConnection},
    domain::role::Role,
    error::Error,
    workflow::handovers::{self as workflow, NewHandover},
};

const CALL_CENTER: [Role; 3] = [Role::Agent, Role::Supervisor, Role::Admin];

/// A ticket as a handover names it.
#[derive(Debug, Serialize, ToSchema)]
pub struct SnapshotTicket {
    pub id: Uuid,
    pub number: String,
    pub subject: String,
    pub status: String,
    pub urgency: Option<String>,
    pub department_name: Option<String>,
    /// The nearest running deadline.
    pub due_at: DateTime<Utc>,
}

/// The queue as the server saw it when the handover was written.
#[derive(Debug, Serialize, ToSchema)]
pub struct Snapshot {
    pub taken_at: DateTime<Utc>,
    /// Open tickets (resolved ones waiting for a callback included) per status.
    pub open_by_status: BTreeMap<String, i64>,
    pub open_total: i64,
    /// Past a deadline now, nearest first.
    pub breached: Vec<SnapshotTicket>,
    /// Due before the next shift ends (and not yet breached), nearest first.
    pub due_before_shift_end: Vec<SnapshotTicket>,
}

impl From<workflow::SnapshotTicket> for SnapshotTicket {
    fn from(t: workflow::SnapshotTicket) -> SnapshotTicket {
        SnapshotTicket {
            id: t.id.into(),
            number: t.number,
            subject: t.subject,
            status: t.status,
            urgency: t.urgency,
            department_name: t.department_name,
            due_at: t.due_at,
        }
    }
}

impl From<workflow::Snapshot> for Snapshot {
    fn from(s: workflow::Snapshot) -> Snapshot {
        Snapshot {
            taken_at: s.taken_at,
            open_by_status: s.open_by_status,
            open_total: s.open_total,
            breached: s.breached.into_iter().map(Into::into).collect(),
            due_before_shift_end: s.due_before_shift_end.into_iter().map(Into::into).collect(),
        }
    }
}

/// A shift handover.
#[derive(Debug, Serialize, ToSchema)]
pub struct Handover {
    pub id: Uuid,
    pub author_id: Uuid,
    pub author_name: String,
    /// Who is to sign; null when anyone on the next shift may.
    pub recipient_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub shift_ends_at: DateTime<Utc>,
    /// What happened, what is still open, what to watch (the outgoing person's words).
    pub log: String,
    pub snapshot: Snapshot,
    pub recipient_name: Option<String>,
    pub signed_by: Option<Uuid>,
    pub signed_by_name: Option<String>,
    pub signed_at: Option<DateTime<Utc>>,
    pub sign_note: Option<String>,
}

impl Handover {
    /// With the display names of the people involved.
    fn load(conn: &mut DbConnection, row: HandoverRow) -> Result<Handover, Error> {
        let ids: Vec<String> = [Some(&row.author_id), row.recipient_id.as_ref(), row.signed_by.as_ref()]
            .into_iter()
            .flatten()
            .cloned()
            .collect();
        let names: HashMap<String, String> = db::users::names(conn, &ids)?.into_iter().collect();
        let name = |id: &Option<String>| id.as_ref().and_then(|i| names.get(i).cloned());
        let (author_name, recipient_name, signed_by_name) =
            (name(&Some(row.author_id.clone())).unwrap_or_default(), name(&row.recipient_id), name(&row.signed_by));
        let mut h = Handover::from_row(row)?;
        h.author_name = author_name;
        h.recipient_name = recipient_name;
        h.signed_by_name = signed_by_name;
        Ok(h)
    }

    fn from_row(row: HandoverRow) -> Result<Handover, Error> {
        let id = super::stored_id;
        let snapshot = workflow::Snapshot::stored(&row)?.into();
        Ok(Handover {
            id: id(&row.id)?,
            author_id: id(&row.author_id)?,
            author_name: String::new(),
            recipient_name: None,
            signed_by_name: None,
            recipient_id: row.recipient_id.as_deref().map(id).transpose()?,
            created_at: db::from_db(row.created_at),
            shift_ends_at: db::from_db(row.shift_ends_at),
            log: row.log,
            snapshot,
            signed_by: row.signed_by.as_deref().map(id).transpose()?,
            signed_at: row.signed_at.map(db::from_db),
            sign_note: row.sign_note,
        })
    }
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateHandover {
    #[validate(length(min = 1, max = 20000))]
    #[schema(min_length = 1, max_length = 20000)]
    pub log: String,
    /// When the next shift ends: tickets due before then are listed. Default: in 8 hours.
    pub shift_ends_at: Option<DateTime<Utc>>,
    /// The incoming person, if the handover is addressed to one.
    pub recipient_id: Option<Uuid>,
}

#[derive(Debug, Default, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignHandover {
    #[validate(length(max = 2000))]
    #[schema(max_length = 2000)]
    pub note: Option<String>,
}

/// Writes a handover for the next shift, with a snapshot of the queue taken now
/// (call-center roles).
#[utoipa::path(
    tag = "handovers", request_body = CreateHandover,
    responses((status = 201, body = Handover), WriteErrors), security(("bearer" = []))
)]
#[post("/handovers")]
pub async fn create_handover(
    state: web::Data<AppState>,
    user: AuthUser,
    body: Body<CreateHandover>,
) -> Result<HttpResponse, Error> {
    let author = user.require(&CALL_CENTER, "write handovers")?.clone();
    let CreateHandover { log, shift_ends_at, recipient_id } = body.parse()?;
    let handover =
        NewHandover { log: required_text("log", log)?, shift_ends_at, recipient_id: recipient_id.map(Into::into) };
    let now = clock::now(state.clock.as_ref());
    let row = state
        .db
        .write(move |c| {
            let row = workflow::create(c, &author, handover, now)?;
            Handover::load(c, row)
        })
        .await?;
    Ok(HttpResponse::Created().json(row))
}

/// Handovers, newest first (call-center roles).
#[utoipa::path(
    tag = "handovers", params(PageParams),
    responses((status = 200, body = Page<Handover>), ReadErrors), security(("bearer" = []))
)]
#[get("/handovers")]
pub async fn list_handovers(
    state: web::Data<AppState>,
    user: AuthUser,
    params: Query<PageParams>,
) -> Result<HttpResponse, Error> {
    user.require(&CALL_CENTER, "read handovers")?;
    let limit = pagination::limit(params.limit)?;
    let before = params.cursor.as_deref().map(pagination::decode_time_id).transpose()?;
    let page = state
        .db
        .read(move |c| {
            let rows = db::handovers::list(c, before, limit + 1)?;
            pagination::page_of(
                rows,
                limit,
                |r| pagination::encode_time_id(r.created_at, &r.id),
                |r| Handover::load(c, r),
            )
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// One handover (call-center roles).
#[utoipa::path(
    tag = "handovers", params(("id" = Uuid, Path)),
    responses((status = 200, body = Handover), ReadErrors), security(("bearer" = []))
)]
#[get("/handovers/{id}")]
pub async fn get_handover(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, Error> {
    user.require(&CALL_CENTER, "read handovers")?;
    let id = id.into_inner().to_string();
    let handover = state
        .db
        .read(move |c| {
            let row = db::handovers::find(c, &id)?.ok_or_else(|| Error::not_found("handover"))?;
            Handover::load(c, row)
        })
        .await?;
    Ok(HttpResponse::Ok().json(handover))
}

/// The incoming person signs the handover; from then on it never changes.
#[utoipa::path(
    tag = "handovers", params(("id" = Uuid, Path)),
    request_body = SignHandover,
    responses((status = 200, body = Handover), WriteErrors), security(("bearer" = []))
)]
#[post("/handovers/{id}/sign")]
pub async fn sign_handover(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<Uuid>,
    body: OptionalBody<SignHandover>,
) -> Result<HttpResponse, Error> {
    let signer = user.require(&CALL_CENTER, "sign handovers")?.clone();
    let note = body.parse()?.note.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty());
    let id = id.into_inner().to_string();
    let now = clock::now(state.clock.as_ref());
    let row = state
        .db
        .write(move |c| {
            let row = workflow::sign(c, &signer, &id, note.as_deref(), now)?;
            Handover::load(c, row)
        })
        .await?;
    Ok(HttpResponse::Ok().json(row))
}

//! Webhooks (admin): other systems are told of ticket events as they happen — an
//! escalation, a resolution, a new contact — by a signed POST, retried until delivered.

use actix_web::{delete, get, patch, post, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::{
    extract::{required_text, AdminUser, Body, Query},
    openapi::{ReadErrors, WriteErrors},
    pagination::{self, Page},
    tickets::PageParams,
    AppState,
};
use crate::{
    auth, clock,
    db::{
        self,
        webhooks::{DeliveryRow, DeliveryState, WebhookRow},
    },
    domain::{ticket::EventKind, webhook},
    error::{Error, ErrorCode},
    webhooks::target,
};

/// A webhook, without its secret.
#[derive(Debug, Serialize, ToSchema)]
pub struct Webhook {
    pub id: Uuid,
    pub name: String,
    /// Where deliveries are POSTed. A password (or a lone user name) in it is shown as
    /// `***`; new URLs may carry none.
    #[schema(example = "https://crm.example.com/switchboard")]
    pub url: String,
    /// The ticket history events it is sent.
    pub events: Vec<EventKind>,
    /// An inactive webhook is sent nothing, and its pending deliveries are given up.
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// After a rotation: until when the previous secret also signs deliveries (beside the
    /// new one; a past time: no longer); null when the secret was never rotated with an
    /// overlap.
    pub previous_secret_until: Option<DateTime<Utc>>,
}

impl Webhook {
    fn from_row(row: WebhookRow) -> Result<Webhook, Error> {
        Ok(Webhook {
            previous_secret_until: row.previous_secret_until.map(db::from_db),
            id: super::stored_id(&row.id)?,
            events: row.events.split_whitespace().filter_map(EventKind::parse).collect(),
            created_at: db::from_db(row.created_at),
            updated_at: db::from_db(row.updated_at),
            name: row.name,
            url: target::shown(&row.url),
            active: row.active,
        })
    }
}

/// A new webhook, or one whose secret was rotated: the only time its signing secret is shown.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedWebhook {
    /// The key of `X-Switchboard-Signature: sha256=<hex HMAC-SHA256 of "{timestamp}.{body}">`,
    /// where the timestamp is the `X-Switchboard-Timestamp` header (Unix seconds: refuse one
    /// older than 5 minutes, the replay window). During a rotation's overlap the header holds
    /// several comma-separated `sha256=…` values, the newest secret's first: accept the
    /// delivery when any matches. Not shown again.
    pub secret: String,
    #[serde(flatten)]
    pub details: Webhook,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateWebhook {
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100, example = "CRM")]
    pub name: String,
    /// An absolute `http://` or `https://` URL without a user name or password, whose host
    /// resolves to public addresses only: private, loopback, link-local, CGNAT, multicast,
    /// documentation and reserved ranges (and cloud metadata addresses) are refused, unless
    /// the server allows private targets (`SWITCHBOARD_WEBHOOK_ALLOW_PRIVATE`). Redirects
    /// are not followed.
    #[validate(length(max = 2000))]
    #[schema(max_length = 2000)]
    pub url: String,
    /// At least one.
    #[validate(length(min = 1))]
    pub events: Vec<EventKind>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateWebhook {
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub name: Option<String>,
    /// As when creating.
    #[validate(length(max = 2000))]
    #[schema(max_length = 2000)]
    pub url: Option<String>,
    #[validate(length(min = 1))]
    pub events: Option<Vec<EventKind>>,
    pub active: Option<bool>,
}

/// What a delivery carries: a ticket history event's kind, or `ping` (a test delivery of
/// no event, from `POST /webhooks/{id}/ping`).
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
pub enum DeliveryKind {
    Event(EventKind),
    Ping(Ping),
}

/// A test delivery.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Ping {
    Ping,
}

/// The event kind of pings (`X-Switchboard-Event: ping`).
const PING: &str = "ping";

/// Where a delivery stands.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    /// An attempt is to come (or in flight).
    Pending,
    /// The last attempt was taken (2xx).
    Delivered,
    /// Given up: no attempt was taken, and none is to come.
    Failed,
}

impl DeliveryStatus {
    fn state(self) -> DeliveryState {
        match self {
            DeliveryStatus::Pending => DeliveryState::Pending,
            DeliveryStatus::Delivered => DeliveryState::Delivered,
            DeliveryStatus::Failed => DeliveryState::Failed,
        }
    }
}

/// One delivery of an event to a webhook, and how it went.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookDelivery {
    /// Also sent as `X-Switchboard-Delivery`: repeats of a delivery carry the same id.
    pub id: Uuid,
    /// The history event delivered; for a ping, the ping's own id.
    pub event_id: Uuid,
    pub event_kind: DeliveryKind,
    pub status: DeliveryStatus,
    pub created_at: DateTime<Utc>,
    pub attempts: i32,
    /// Null once delivered or given up.
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub delivered_at: Option<DateTime<Utc>>,
    /// The receiver's HTTP status on the last attempt.
    pub last_status: Option<i32>,
    pub last_error: Option<String>,
    /// The JSON body sent.
    pub payload: serde_json::Value,
}

impl WebhookDelivery {
    fn from_row(row: DeliveryRow) -> Result<WebhookDelivery, Error> {
        let uuid = super::stored_id;
        Ok(WebhookDelivery {
            id: uuid(&row.id)?,
            event_id: uuid(&row.event_id)?,
            event_kind: match row.event_kind.as_str() {
                PING => DeliveryKind::Ping(Ping::Ping),
                kind => DeliveryKind::Event(
                    EventKind::parse(kind).ok_or_else(|| Error::internal(format!("unknown event kind {kind:?}")))?,
                ),
            },
            status: match (row.next_attempt_at, row.delivered_at) {
                (Some(_), _) => DeliveryStatus::Pending,
                (None, Some(_)) => DeliveryStatus::Delivered,
                (None, None) => DeliveryStatus::Failed,
            },
            created_at: db::from_db(row.created_at),
            attempts: row.attempts,
            next_attempt_at: row.next_attempt_at.map(db::from_db),
            delivered_at: row.delivered_at.map(db::from_db),
            last_status: row.last_status,
            last_error: row.last_error,
            payload: serde_json::from_str(&row.payload).map_err(Error::internal)?,
        })
    }
}

/// A URL the sender may POST to (`webhooks::target`), or 422 on `url` with the reason.
async fn url(text: &str, allow_private: bool) -> Result<String, Error> {
    let invalid = |r: target::Refused| Error::invalid("url", r.to_string());
    let url = target::parse(text).map_err(invalid)?;
    target::check(&url, allow_private).await.map_err(invalid)?;
    Ok(url.to_string())
}

fn events(kinds: &[EventKind]) -> String {
    let mut words: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
    words.sort_unstable();
    words.dedup();
    words.join(" ")
}

/// Every webhook, in creation order (admin).
#[utoipa::path(
    tag = "admin", params(PageParams),
    responses((status = 200, body = Page<Webhook>), ReadErrors), security(("bearer" = []))
)]
#[get("/webhooks")]
pub async fn list_webhooks(
    state: web::Data<AppState>,
    _admin: AdminUser,
    params: Query<PageParams>,
) -> Result<HttpResponse, Error> {
    let (limit, cursor) = (params.limit, params.cursor.as_deref());
    let page =
        pagination::by_id(&state.db, limit, cursor, db::webhooks::list, |r| r.id.clone(), Webhook::from_row).await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Creates a webhook (admin); the answer carries its signing secret, once.
#[utoipa::path(
    tag = "admin", request_body = CreateWebhook,
    responses((status = 201, body = CreatedWebhook), WriteErrors), security(("bearer" = []))
)]
#[post("/webhooks")]
pub async fn create_webhook(
    state: web::Data<AppState>,
    admin: AdminUser,
    body: Body<CreateWebhook>,
) -> Result<HttpResponse, Error> {
    let input = body.parse()?;
    let now = db::to_db(clock::now(state.clock.as_ref()));
    let row = WebhookRow {
        id: db::new_id(),
        name: required_text("name", &input.name)?,
        url: url(&input.url, state.webhook_allow_private).await?,
        secret: auth::random_secret(40),
        events: events(&input.events),
        active: true,
        created_by: admin.0.id.to_string(),
        created_at: now,
        updated_at: now,
        previous_secret: None,
        previous_secret_until: None,
    };
    let row = state
        .db
        .write(move |c| {
            db::webhooks::insert(c, &row)?;
            Ok(row)
        })
        .await?;
    Ok(HttpResponse::Created().json(CreatedWebhook { secret: row.secret.clone(), details: Webhook::from_row(row)? }))
}

/// Changes a webhook's name, URL, events or active flag (admin).
#[utoipa::path(
    tag = "admin", params(("id" = Uuid, Path)), request_body = UpdateWebhook,
    responses((status = 200, body = Webhook), WriteErrors), security(("bearer" = []))
)]
#[patch("/webhooks/{id}")]
pub async fn update_webhook(
    state: web::Data<AppState>,
    _admin: AdminUser,
    id: web::Path<Uuid>,
    body: Body<UpdateWebhook>,
) -> Result<HttpResponse, Error> {
    let input = body.parse()?;
    let id = id.into_inner().to_string();
    let new_name = input.name.as_deref().map(|n| required_text("name", n)).transpose()?;
    // The console sends the URL back as it was shown: unchanged, it stays as stored (with
    // any masked password); only a new URL is checked.
    let new_url = match input.url.as_deref() {
        Some(text) => {
            let found = id.clone();
            let current = state
                .db
                .read(move |c| db::webhooks::find(c, &found))
                .await?
                .ok_or_else(|| Error::not_found("webhook"))?;
            if text.trim() == target::shown(&current.url) {
                None
            } else {
                Some(url(text, state.webhook_allow_private).await?)
            }
        }
        None => None,
    };
    let now = db::to_db(clock::now(state.clock.as_ref()));
    let row = state
        .db
        .write(move |c| {
            let mut row = db::webhooks::find(c, &id)?.ok_or_else(|| Error::not_found("webhook"))?;
            if let Some(n) = new_name {
                row.name = n;
            }
            if let Some(u) = new_url {
                row.url = u;
            }
            if let Some(kinds) = &input.events {
                row.events = events(kinds);
            }
            if let Some(active) = input.active {
                row.active = active;
            }
            row.updated_at = now;
            db::webhooks::update(c, &row)?;
            Ok(row)
        })
        .await?;
    Ok(HttpResponse::Ok().json(Webhook::from_row(row)?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeliveryParams {
    /// Only the deliveries in this state.
    pub status: Option<DeliveryStatus>,
    /// 1–200, default 50.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    #[param(pattern = "^[A-Za-z0-9_-]+$")]
    pub cursor: Option<String>,
}

/// A webhook's deliveries, newest first (admin): what was sent, and how it went; with
/// `status`, only the pending, delivered or failed (given up) ones.
#[utoipa::path(
    tag = "admin", params(("id" = Uuid, Path), DeliveryParams),
    responses((status = 200, body = Page<WebhookDelivery>), ReadErrors), security(("bearer" = []))
)]
#[get("/webhooks/{id}/deliveries")]
pub async fn list_deliveries(
    state: web::Data<AppState>,
    _admin: AdminUser,
    id: web::Path<Uuid>,
    params: Query<DeliveryParams>,
) -> Result<HttpResponse, Error> {
    let id = id.into_inner().to_string();
    let limit = pagination::limit(params.limit)?;
    let after = params.cursor.as_deref().map(pagination::decode_time_id).transpose()?;
    let status = params.status.map(DeliveryStatus::state);
    let page = state
        .db
        .read(move |c| {
            db::webhooks::find(c, &id)?.ok_or_else(|| Error::not_found("webhook"))?;
            let rows = db::webhooks::deliveries(c, &id, status, after, limit + 1)?;
            pagination::page_of(
                rows,
                limit,
                |r| pagination::encode_time_id(r.created_at, &r.id),
                WebhookDelivery::from_row,
            )
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Sends the webhook a test delivery (admin): a small signed JSON body,
/// `{delivery_id, event: {kind: "ping", at}, webhook: {id, name}}` with
/// `X-Switchboard-Event: ping`, queued and sent like any other delivery (retried until
/// taken); the answer is the delivery, to follow in the delivery log. A paused webhook
/// is sent nothing (409).
#[utoipa::path(
    tag = "admin", params(("id" = Uuid, Path)),
    responses((status = 202, description = "Queued", body = WebhookDelivery), WriteErrors), security(("bearer" = []))
)]
#[post("/webhooks/{id}/ping")]
pub async fn ping_webhook(
    state: web::Data<AppState>,
    _admin: AdminUser,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, Error> {
    let id = id.into_inner().to_string();
    let at = clock::now(state.clock.as_ref());
    let row = state
        .db
        .write(move |c| {
            let hook = db::webhooks::find(c, &id)?.ok_or_else(|| Error::not_found("webhook"))?;
            if !hook.active {
                return Err(Error::conflict(ErrorCode::InvalidTransition, "the webhook is paused: activate it first"));
            }
            let delivery_id = db::new_id();
            let payload = serde_json::json!({
                "delivery_id": delivery_id,
                "event": { "kind": PING, "at": at },
                "webhook": { "id": hook.id, "name": hook.name },
            });
            let row = DeliveryRow {
                id: delivery_id.clone(),
                webhook_id: hook.id,
                event_id: delivery_id,
                event_kind: PING.to_owned(),
                payload: payload.to_string(),
                created_at: db::to_db(at),
                attempts: 0,
                next_attempt_at: Some(db::to_db(at)),
                delivered_at: None,
                last_status: None,
                last_error: None,
            };
            db::webhooks::insert_delivery(c, &row)?;
            Ok(row)
        })
        .await?;
    Ok(HttpResponse::Accepted().json(WebhookDelivery::from_row(row)?))
}

/// Sends a delivery again (admin): one more attempt, now (at the next pass of the sender),
/// with the same delivery id (`X-Switchboard-Delivery`) and body, signed anew; its outcome
/// is recorded on the delivery (`attempts`, `last_status` …) like every attempt. Only a
/// settled delivery (delivered or failed) can be sent again: a pending one is 409, its
/// next attempt is already coming. Should the attempt fail, it is retried with back-off
/// while the delivery has attempts left (8 in all).
#[utoipa::path(
    tag = "admin", params(("id" = Uuid, Path), ("delivery_id" = Uuid, Path)),
    responses((status = 202, description = "Queued", body = WebhookDelivery), WriteErrors), security(("bearer" = []))
)]
#[post("/webhooks/{id}/deliveries/{delivery_id}/redeliver")]
pub async fn redeliver(
    state: web::Data<AppState>,
    _admin: AdminUser,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, Error> {
    let (id, delivery_id) = path.into_inner();
    let (id, delivery_id) = (id.to_string(), delivery_id.to_string());
    let now = db::to_db(clock::now(state.clock.as_ref()));
    let row = state
        .db
        .write(move |c| {
            let gone = || Error::not_found("delivery");
            let row = db::webhooks::find_delivery(c, &delivery_id)?.filter(|d| d.webhook_id == id).ok_or_else(gone)?;
            if !db::webhooks::redeliver(c, &row.id, now)? {
                return Err(Error::conflict(
                    ErrorCode::InvalidTransition,
                    "the delivery is pending: its next attempt is already coming",
                ));
            }
            db::webhooks::find_delivery(c, &delivery_id)?.ok_or_else(gone)
        })
        .await?;
    Ok(HttpResponse::Accepted().json(WebhookDelivery::from_row(row)?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RotateParams {
    /// How long the previous secret keeps signing deliveries beside the new one, in hours:
    /// 0 to 168, default 24. 0 ends it at once.
    #[param(minimum = 0, maximum = 168)]
    pub overlap_hours: Option<i64>,
}

/// Gives the webhook a new signing secret (admin), shown once in the answer. The previous
/// secret stays valid for the overlap window (24 hours by default): until then every
/// delivery is signed with both, `X-Switchboard-Signature: sha256=<new>,sha256=<old>`, so
/// a receiver may switch to the new secret whenever it likes within the window. A
/// receiver verifies by computing the HMAC with the secret it holds and accepting the
/// delivery if any comma-separated value matches (compare in constant time; refuse a
/// timestamp older than 5 minutes). Rotating again within the window drops the oldest.
#[utoipa::path(
    tag = "admin", params(("id" = Uuid, Path), RotateParams),
    responses((status = 200, body = CreatedWebhook), WriteErrors), security(("bearer" = []))
)]
#[post("/webhooks/{id}/rotate-secret")]
pub async fn rotate_secret(
    state: web::Data<AppState>,
    _admin: AdminUser,
    id: web::Path<Uuid>,
    params: Query<RotateParams>,
) -> Result<HttpResponse, Error> {
    let hours = params.overlap_hours.unwrap_or(webhook::SECRET_OVERLAP.num_hours());
    if !(0..=168).contains(&hours) {
        return Err(Error::invalid("overlap_hours", "must be 0 to 168"));
    }
    let id = id.into_inner().to_string();
    let now = db::to_db(clock::now(state.clock.as_ref()));
    let row = state
        .db
        .write(move |c| {
            let mut row = db::webhooks::find(c, &id)?.ok_or_else(|| Error::not_found("webhook"))?;
            let old = std::mem::replace(&mut row.secret, auth::random_secret(40));
            row.previous_secret = (hours > 0).then_some(old);
            row.previous_secret_until = (hours > 0).then(|| now + chrono::TimeDelta::hours(hours));
            row.updated_at = now;
            db::webhooks::update(c, &row)?;
            Ok(row)
        })
        .await?;
    Ok(HttpResponse::Ok().json(CreatedWebhook { secret: row.secret.clone(), details: Webhook::from_row(row)? }))
}

/// Removes a webhook (admin): it is sent nothing more, its pending deliveries are dropped,
/// and its delivery log goes with it. An attempt already in flight may still arrive.
#[utoipa::path(
    tag = "admin", params(("id" = Uuid, Path)),
    responses((status = 204, description = "Removed"), WriteErrors), security(("bearer" = []))
)]
#[delete("/webhooks/{id}")]
pub async fn delete_webhook(
    state: web::Data<AppState>,
    _admin: AdminUser,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, Error> {
    let id = id.into_inner().to_string();
    let removed = state.db.write(move |c| db::webhooks::delete(c, &id)).await?;
    if !removed {
        return Err(Error::not_found("webhook"));
    }
    Ok(HttpResponse::NoContent().finish())
}

//! Webhooks (admin): other systems are told of ticket events as they happen — an
//! escalation, a resolution, a new contact — by a signed POST, retried until delivered.

use actix_web::{get, patch, post, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
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
        webhooks::{DeliveryRow, WebhookRow},
    },
    domain::ticket::EventKind,
    error::Error,
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
}

impl Webhook {
    fn from_row(row: WebhookRow) -> Result<Webhook, Error> {
        Ok(Webhook {
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

/// A new webhook: the only time its signing secret is shown.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedWebhook {
    /// The key of `X-Switchboard-Signature: sha256=<hex HMAC-SHA256 of "{timestamp}.{body}">`,
    /// where the timestamp is the `X-Switchboard-Timestamp` header. Not shown again.
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

/// One delivery of an event to a webhook, and how it went.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookDelivery {
    /// Also sent as `X-Switchboard-Delivery`: repeats of a delivery carry the same id.
    pub id: Uuid,
    pub event_id: Uuid,
    pub event_kind: EventKind,
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
            event_kind: EventKind::parse(&row.event_kind)
                .ok_or_else(|| Error::internal(format!("unknown event kind {:?}", row.event_kind)))?,
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

/// A webhook's deliveries, newest first (admin): what was sent, and how it went.
#[utoipa::path(
    tag = "admin", params(("id" = Uuid, Path), PageParams),
    responses((status = 200, body = Page<WebhookDelivery>), ReadErrors), security(("bearer" = []))
)]
#[get("/webhooks/{id}/deliveries")]
pub async fn list_deliveries(
    state: web::Data<AppState>,
    _admin: AdminUser,
    id: web::Path<Uuid>,
    params: Query<PageParams>,
) -> Result<HttpResponse, Error> {
    let id = id.into_inner().to_string();
    let limit = pagination::limit(params.limit)?;
    let after = params.cursor.as_deref().map(pagination::decode_time_id).transpose()?;
    let page = state
        .db
        .read(move |c| {
            db::webhooks::find(c, &id)?.ok_or_else(|| Error::not_found("webhook"))?;
            let rows = db::webhooks::deliveries(c, &id, after, limit + 1)?;
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

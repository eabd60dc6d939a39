//! API tokens for third-party systems (admin): created for an integration user with
//! scopes, shown once, listed without their secret, revoked at once.

use actix_web::{get, post, web, HttpResponse};
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
    db::{self, api_tokens::ApiTokenRow},
    domain::{api_token::Scope, role::Role},
    error::Error,
};

/// An API token, without its secret.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiToken {
    pub id: Uuid,
    /// The integration user the token acts as.
    pub user_id: Uuid,
    pub name: String,
    /// The first characters of the token, to tell tokens apart.
    #[schema(example = "sbt_Ab3x")]
    pub token_start: String,
    pub scopes: Vec<Scope>,
    pub created_by: Uuid,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    /// To the minute.
    pub last_used_at: Option<DateTime<Utc>>,
}

impl ApiToken {
    fn from_row(row: ApiTokenRow) -> Result<ApiToken, Error> {
        let uuid = super::stored_id;
        Ok(ApiToken {
            id: uuid(&row.id)?,
            user_id: uuid(&row.user_id)?,
            scopes: Scope::parse_list(&row.scopes),
            created_by: uuid(&row.created_by)?,
            created_at: db::from_db(row.created_at),
            expires_at: row.expires_at.map(db::from_db),
            revoked_at: row.revoked_at.map(db::from_db),
            last_used_at: row.last_used_at.map(db::from_db),
            name: row.name,
            token_start: row.token_start,
        })
    }
}

/// A new token: the only time its secret is shown.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedApiToken {
    /// Send as `Authorization: Bearer <token>`. Not shown again.
    #[schema(example = "sbt_Ab3xQ9…")]
    pub token: String,
    #[serde(flatten)]
    pub details: ApiToken,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateApiToken {
    /// An active user with the `integration` role.
    pub user_id: Uuid,
    /// What the token is for, e.g. the system that uses it.
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100, example = "WeChat service account")]
    pub name: String,
    /// At least one.
    #[validate(length(min = 1))]
    pub scopes: Vec<Scope>,
    /// Optional; a token without one lasts until revoked.
    pub expires_at: Option<DateTime<Utc>>,
}

/// Every API token, newest first (admin).
#[utoipa::path(
    tag = "admin", params(PageParams),
    responses((status = 200, body = Page<ApiToken>), ReadErrors), security(("bearer" = []))
)]
#[get("/api-tokens")]
pub async fn list_api_tokens(
    state: web::Data<AppState>,
    _admin: AdminUser,
    params: Query<PageParams>,
) -> Result<HttpResponse, Error> {
    let limit = pagination::limit(params.limit)?;
    let after = params.cursor.as_deref().map(pagination::decode_time_id).transpose()?;
    let page = state
        .db
        .read(move |c| {
            let rows = db::api_tokens::list(c, after, limit + 1)?;
            pagination::page_of(rows, limit, |r| pagination::encode_time_id(r.created_at, &r.id), ApiToken::from_row)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Creates a token for an integration user (admin). The answer carries the token itself,
/// once; only its hash is kept.
#[utoipa::path(
    tag = "admin", request_body = CreateApiToken,
    responses((status = 201, body = CreatedApiToken), WriteErrors), security(("bearer" = []))
)]
#[post("/api-tokens")]
pub async fn create_api_token(
    state: web::Data<AppState>,
    admin: AdminUser,
    body: Body<CreateApiToken>,
) -> Result<HttpResponse, Error> {
    let input = body.parse()?;
    let name = required_text("name", &input.name)?;
    let now = clock::now(state.clock.as_ref());
    if input.expires_at.is_some_and(|at| at <= now) {
        return Err(Error::invalid("expires_at", "must be in the future"));
    }
    let mut scopes = input.scopes;
    scopes.sort_unstable();
    scopes.dedup();
    let token = auth::new_api_token();
    let row = ApiTokenRow {
        id: db::new_id(),
        user_id: input.user_id.to_string(),
        name,
        token_hash: auth::hash_api_token(&token),
        token_start: token.chars().take(8).collect(),
        scopes: Scope::join(&scopes),
        created_by: admin.0.id.to_string(),
        created_at: db::to_db(now),
        expires_at: input.expires_at.map(db::to_db),
        revoked_at: None,
        last_used_at: None,
    };
    let row = state
        .db
        .write(move |c| {
            let user = db::users::find(c, &row.user_id)?.ok_or_else(|| Error::invalid("user_id", "no such user"))?;
            if Role::parse(&user.role) != Some(Role::Integration) || !user.active {
                return Err(Error::invalid("user_id", "API tokens are for active users with the `integration` role"));
            }
            db::api_tokens::insert(c, &row)?;
            Ok(row)
        })
        .await?;
    Ok(HttpResponse::Created().json(CreatedApiToken { token, details: ApiToken::from_row(row)? }))
}

/// Revokes a token (admin): it stops working at once. Revoking twice is harmless.
#[utoipa::path(
    tag = "admin", params(("id" = Uuid, Path)),
    responses((status = 200, body = ApiToken), WriteErrors), security(("bearer" = []))
)]
#[post("/api-tokens/{id}/revoke")]
pub async fn revoke_api_token(
    state: web::Data<AppState>,
    _admin: AdminUser,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, Error> {
    let id = id.into_inner().to_string();
    let now = db::to_db(clock::now(state.clock.as_ref()));
    let row = state
        .db
        .write(move |c| {
            db::api_tokens::revoke(c, &id, now)?;
            db::api_tokens::find(c, &id)?.ok_or_else(|| Error::not_found("API token"))
        })
        .await?;
    Ok(HttpResponse::Ok().json(ApiToken::from_row(row)?))
}

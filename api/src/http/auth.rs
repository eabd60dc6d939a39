//! `POST /api/v1/auth/login` and `GET /api/v1/auth/me`.

use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use super::{
    extract::{AuthUser, Body},
    openapi::ReadErrors,
    users::User,
    AppState,
};
use crate::{
    auth, clock, db,
    error::{Error, Problem},
};

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    #[validate(length(min = 1, max = 64))]
    #[schema(min_length = 1, max_length = 64, example = "admin")]
    pub username: String,
    #[validate(length(min = 1, max = 256))]
    #[schema(min_length = 1, max_length = 256)]
    pub password: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LoginResponse {
    /// A JWT to send as `Authorization: Bearer <token>`.
    pub access_token: String,
    /// Always `Bearer`.
    #[schema(example = "Bearer")]
    pub token_type: String,
    /// Seconds until the token expires.
    pub expires_in: u64,
    pub user: User,
}

/// Signs in with a username and password.
#[utoipa::path(
    post, path = "/api/v1/auth/login", tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in", body = LoginResponse),
        (status = 400, description = "Malformed request", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Wrong username or password", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid input", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn login(state: web::Data<AppState>, body: Body<LoginRequest>) -> Result<HttpResponse, Error> {
    let LoginRequest { username, password } = body.parse()?;
    let user = state.db.read(move |c| db::users::find_by_username(c, &username)).await?;
    // Verify against a dummy hash when the user is unknown: same cost, no username oracle.
    let (hash, known) = match &user {
        Some(u) if u.active => (u.password_hash.clone(), true),
        _ => (auth::dummy_hash().to_owned(), false),
    };
    let ok = state.passwords.verify(password, hash).await?;
    let user = match user {
        Some(u) if ok && known => u,
        _ => return Err(Error::Unauthorized { detail: "wrong username or password".into() }),
    };
    let token = state.jwt.issue(&user.id, clock::now(state.clock.as_ref()))?;
    Ok(HttpResponse::Ok().json(LoginResponse {
        access_token: token,
        token_type: "Bearer".into(),
        expires_in: state.jwt.ttl.as_secs(),
        user: User::from_row(user)?,
    }))
}

/// The signed-in user.
#[utoipa::path(
    get, path = "/api/v1/auth/me", tag = "auth",
    responses((status = 200, body = User), ReadErrors),
    security(("bearer" = []))
)]
pub async fn me(state: web::Data<AppState>, user: AuthUser) -> Result<HttpResponse, Error> {
    let id = user.0.id.clone();
    let row = state.db.read(move |c| db::users::find(c, &id)).await?.ok_or_else(|| Error::not_found("user"))?;
    Ok(HttpResponse::Ok().json(User::from_row(row)?))
}

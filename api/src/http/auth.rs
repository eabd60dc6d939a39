//! Sessions: `POST /api/v1/auth/login`, `POST /api/v1/auth/logout`,
//! `POST /api/v1/auth/password` and `GET /api/v1/auth/me`.

use std::net::{IpAddr, Ipv4Addr};

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use super::{
    extract::{AuthUser, Body, Credential},
    openapi::{ReadErrors, WriteErrors},
    users::{check_password, User},
    AppState,
};
use crate::{
    auth::throttle::Lockout,
    clock, db,
    db::{sign_in_lockouts::LockoutRow, users::UserRow},
    domain::role::Role,
    error::{Error, ErrorCode, Problem},
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

fn signed_in(state: &AppState, user: UserRow, now: DateTime<Utc>) -> Result<HttpResponse, Error> {
    let token = state.jwt.issue(&user.id, user.session_version, now)?;
    Ok(HttpResponse::Ok().json(LoginResponse {
        access_token: token,
        token_type: "Bearer".into(),
        expires_in: state.jwt.ttl.as_secs(),
        user: User::from_row(user)?,
    }))
}

/// The client's address: the peer of the connection (a proxy in front would need its
/// forwarded header trusted explicitly; none is).
fn client_address(req: &HttpRequest) -> IpAddr {
    req.peer_addr().map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |a| a.ip())
}

fn wait_refusal(code: ErrorCode, detail: &str, seconds: i64) -> Error {
    Error::TooManyRequests { code, detail: detail.to_owned(), retry_after: seconds.max(1) as u64 }
}

/// Counts a failed password check for `username` from `address`, and records the lockouts
/// it brings about.
async fn failed(state: &AppState, username: &str, address: IpAddr, now: DateTime<Utc>) -> Result<(), Error> {
    let lockouts = state.throttle.failed(username, address, now);
    if lockouts.is_empty() {
        return Ok(());
    }
    for Lockout { kind, subject, failures, .. } in &lockouts {
        tracing::warn!(kind = kind.as_str(), %subject, failures, "sign-in locked out after repeated failures");
    }
    let at = db::to_db(now);
    state
        .db
        .write(move |c| {
            for l in lockouts {
                db::sign_in_lockouts::insert(
                    c,
                    &LockoutRow {
                        id: db::new_id(),
                        kind: l.kind.as_str().to_owned(),
                        subject: l.subject,
                        failures: i32::try_from(l.failures).unwrap_or(i32::MAX),
                        locked_at: at,
                        locked_until: db::to_db(l.until),
                        lifted_at: None,
                        lifted_by: None,
                    },
                )?;
            }
            Ok(())
        })
        .await
}

/// Checks `password` for `username` as a sign-in does, throttled per account and client
/// address: refused with 429 (before any hashing) inside a delay or a lockout, 401 when
/// wrong. Unknown and disabled users cost the same as wrong passwords and answer the same.
async fn check_credentials(
    state: &AppState,
    username: String,
    password: String,
    address: IpAddr,
) -> Result<UserRow, Error> {
    let now = clock::now(state.clock.as_ref());
    if let Err(wait) = state.throttle.check(&username, address, now) {
        return Err(wait_refusal(
            ErrorCode::SignInThrottled,
            "too many failed sign-ins: wait before trying again",
            wait.0.num_seconds() + i64::from(wait.0.subsec_nanos() > 0),
        ));
    }
    let (user, locked_until) = {
        let (name, at, ip) = (username.clone(), db::to_db(now), address.to_string());
        state
            .db
            .read(move |c| {
                let locked = db::sign_in_lockouts::locked_until(c, &name, &ip, at)?;
                Ok((db::users::find_by_username(c, &name)?, locked))
            })
            .await?
    };
    if let Some(until) = locked_until {
        let seconds = (db::from_db(until) - now).num_seconds() + 1;
        return Err(wait_refusal(
            ErrorCode::SignInLocked,
            "sign-in is locked after too many failures; try again later or ask an administrator",
            seconds,
        ));
    }
    // Verify against a dummy hash when the user is unknown: same cost, no username oracle.
    let (hash, known) = match &user {
        Some(u) if u.active => (u.password_hash.clone(), true),
        _ => (crate::auth::dummy_hash().to_owned(), false),
    };
    let ok = state.passwords.verify(password, hash).await?;
    match user {
        Some(u) if ok && known => {
            state.throttle.succeeded(&username);
            Ok(u)
        }
        _ => {
            failed(state, &username, address, now).await?;
            Err(Error::Unauthorized { detail: "wrong username or password".into() })
        }
    }
}

/// Signs in with a username and password. Repeated failures for one username or from one
/// address are slowed down (429 with `Retry-After`) and then locked out for a while.
/// Integration users cannot sign in: they use API tokens.
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in", body = LoginResponse),
        (status = 400, description = "Malformed request", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Wrong username or password", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "An integration user (`password_sign_in_refused`): use an API token", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid input", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failures (`sign_in_throttled`, `sign_in_locked`); see `Retry-After`", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Too many sign-ins at once (`server_busy`); see `Retry-After`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/login")]
pub async fn login(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: Body<LoginRequest>,
) -> Result<HttpResponse, Error> {
    let LoginRequest { username, password } = body.parse()?;
    let user = check_credentials(&state, username, password, client_address(&req)).await?;
    // Told only to whoever knows the password, so it reveals nothing to a guesser.
    if user.role == Role::Integration.as_str() {
        return Err(Error::forbidden_because(
            ErrorCode::PasswordSignInRefused,
            "integration users cannot sign in with a password; use an API token",
        ));
    }
    signed_in(&state, user, clock::now(state.clock.as_ref()))
}

/// Signs out: ends every session of the signed-in user (on every device), and closes
/// their open event streams.
#[utoipa::path(
    tag = "auth",
    responses((status = 204, description = "Signed out"), ReadErrors),
    security(("bearer" = []))
)]
#[post("/auth/logout")]
pub async fn logout(state: web::Data<AppState>, user: AuthUser) -> Result<HttpResponse, Error> {
    if matches!(user.1, Credential::ApiToken { .. }) {
        return Err(Error::forbidden("an API token is not a session: an administrator revokes it"));
    }
    let id = user.0.id.to_string();
    state.db.write(move |c| db::users::end_sessions(c, &id)).await?;
    state.sessions.end(&user.0.id.to_string());
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangePassword {
    #[validate(length(min = 1, max = 256))]
    #[schema(min_length = 1, max_length = 256)]
    pub current_password: String,
    /// At least 8 characters, not commonly used or easily guessed, and not containing the
    /// username or display name.
    #[validate(length(min = 8, max = 256))]
    #[schema(min_length = 8, max_length = 256)]
    pub new_password: String,
}

/// Changes the signed-in user's password, and clears `password_change_required`. Every
/// session of the user ends (other devices must sign in again); the reply is a new session
/// for this one.
#[utoipa::path(
    tag = "auth",
    request_body = ChangePassword,
    responses(
        (status = 200, description = "Changed; a new session", body = LoginResponse),
        (status = 429, description = "Too many wrong current passwords; see `Retry-After`", body = Problem, content_type = "application/problem+json"),
        WriteErrors,
    ),
    security(("bearer" = []))
)]
#[post("/auth/password")]
pub async fn change_password(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AuthUser,
    body: Body<ChangePassword>,
) -> Result<HttpResponse, Error> {
    if matches!(user.1, Credential::ApiToken { .. }) {
        return Err(Error::forbidden("API tokens may not change passwords"));
    }
    let ChangePassword { current_password, new_password } = body.parse()?;
    let id = user.0.id.to_string();
    let row = state.db.read(move |c| db::users::find(c, &id)).await?.ok_or_else(|| Error::not_found("user"))?;
    check_password(&new_password, &row.username, &row.display_name)?;
    let checked = check_credentials(&state, row.username.clone(), current_password, client_address(&req)).await;
    match checked {
        Ok(_) => {}
        Err(Error::Unauthorized { .. }) => return Err(Error::invalid("current_password", "is wrong")),
        Err(other) => return Err(other),
    }
    let hash = state.passwords.hash(new_password).await?;
    let now = clock::now(state.clock.as_ref());
    let id = user.0.id.to_string();
    let row = state
        .db
        .write(move |c| {
            let mut row = db::users::find(c, &id)?.ok_or_else(|| Error::not_found("user"))?;
            row.password_hash = hash;
            row.password_change_required = false;
            row.session_version += 1;
            row.updated_at = db::to_db(now);
            db::users::update(c, &row)?;
            Ok(row)
        })
        .await?;
    state.sessions.end(&row.id);
    signed_in(&state, row, now)
}

/// The signed-in user.
#[utoipa::path(
    tag = "auth",
    responses((status = 200, body = User), ReadErrors),
    security(("bearer" = []))
)]
#[get("/auth/me")]
pub async fn me(state: web::Data<AppState>, user: AuthUser) -> Result<HttpResponse, Error> {
    let id = user.0.id.to_string();
    let row = state.db.read(move |c| db::users::find(c, &id)).await?.ok_or_else(|| Error::not_found("user"))?;
    Ok(HttpResponse::Ok().json(User::from_row(row)?))
}

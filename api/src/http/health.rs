//! Liveness and readiness.

use actix_web::{get, web, HttpRequest, HttpResponse};
use serde::Serialize;
use subtle::ConstantTimeEq;
use utoipa::ToSchema;

use super::AppState;
use crate::error::{Error, Problem};

#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    #[schema(example = "ok")]
    pub status: String,
}

/// The process is up.
#[utoipa::path(tag = "health", responses((status = 200, body = Health)))]
#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(Health { status: "ok".into() })
}

/// The process can serve: the database answers.
#[utoipa::path(
    tag = "health",
    responses((status = 200, body = Health), (status = 503, body = Problem, content_type = "application/problem+json"))
)]
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>) -> Result<HttpResponse, Error> {
    state.db.ping().await?;
    Ok(HttpResponse::Ok().json(Health { status: "ready".into() }))
}

/// Prometheus metrics: requests, latency, intakes, escalations, sweeper passes. With
/// `SWITCHBOARD_METRICS_TOKEN` set, send it as `Authorization: Bearer <token>`; without it,
/// only clients on the loopback interface are answered (404 for others).
#[utoipa::path(
    tag = "health",
    responses(
        (status = 200, description = "Prometheus text format", body = String, content_type = "text/plain"),
        (status = 401, description = "The metrics token is missing or wrong", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not served to this client", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/metrics")]
pub async fn metrics(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, Error> {
    match &state.metrics_token {
        Some(token) => {
            let sent = super::extract::bearer_token(&req).unwrap_or_default();
            if !bool::from(sent.as_bytes().ct_eq(token.as_bytes())) {
                return Err(Error::Unauthorized { detail: "send the metrics token as `Authorization: Bearer`".into() });
            }
        }
        None if !req.peer_addr().is_some_and(|a| a.ip().is_loopback()) => {
            return Err(Error::not_found("this path"));
        }
        None => {}
    }
    Ok(HttpResponse::Ok().content_type("text/plain; version=0.0.4").body(crate::metrics::render()))
}

//! The HTTP layer: routes, extractors, request/response types and the OpenAPI document.
//! Handlers are thin: extract, authorise, call the workflow or a query, render.

pub mod answers;
pub mod api_tokens;
pub mod auth;
pub mod customers;
pub mod departments;
pub mod extract;
pub mod handovers;
pub mod health;
pub mod middleware;
pub mod openapi;
pub mod pagination;
pub mod reports;
pub mod root_causes;
pub mod sign_in_lockouts;
pub mod sla_policy;
pub mod stream;
pub mod ticket_actions;
pub mod tickets;
pub mod users;
pub mod webhooks;

use std::{path::PathBuf, sync::Arc};

use actix_web::{web, HttpRequest, HttpResponse};
use utoipa::OpenApi;
use utoipa_swagger_ui::SwaggerUi;

use crate::{
    auth::{throttle::Throttle, JwtKeys, Passwords},
    clock::Clock,
    db::Db,
    error::Error,
    live::{sessions::Sessions, Hub},
};

/// What every handler may reach.
pub struct AppState {
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    pub jwt: JwtKeys,
    pub hub: Hub,
    /// `Config::metrics_token`.
    pub metrics_token: Option<String>,
    /// Webhooks may target private, loopback and link-local addresses (a closed network).
    pub webhook_allow_private: bool,
    /// Every password hash and check goes through this bounded pool.
    pub passwords: Arc<Passwords>,
    /// Failed sign-ins per account and client address.
    pub throttle: Throttle,
    /// Open streams, ended with their session.
    pub sessions: Arc<Sessions>,
}

/// Request limits from the configuration.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_body_bytes: usize,
    pub body_timeout: std::time::Duration,
}

/// A resource that answers 405 (as a problem document) to methods it does not route.
fn resource(path: &str) -> actix_web::Resource {
    web::resource(path).default_service(web::to(|| async { Err::<HttpResponse, _>(Error::MethodNotAllowed) }))
}

/// An id read from the database as a UUID; anything else is a broken row (500), never the
/// caller's fault.
pub(crate) fn stored_id(s: &str) -> Result<uuid::Uuid, Error> {
    uuid::Uuid::parse_str(s).map_err(|e| Error::internal(format!("stored id {s:?} is not a UUID: {e}")))
}

/// Wires every route. `web_dir` is the built console served at `/`.
pub fn configure(cfg: &mut web::ServiceConfig, limits: Limits, web_dir: PathBuf) {
    use ticket_actions as a;
    let max_body_bytes = limits.max_body_bytes;
    cfg.app_data(web::PayloadConfig::new(max_body_bytes))
        .app_data(extract::BodyTimeout(limits.body_timeout))
        .app_data(web::JsonConfig::default().limit(max_body_bytes).error_handler(extract::json_error))
        .app_data(web::PathConfig::default().error_handler(extract::path_error))
        .service(resource("/healthz").route(web::get().to(health::healthz)))
        .service(resource("/readyz").route(web::get().to(health::readyz)))
        .service(resource("/metrics").route(web::get().to(health::metrics)))
        .service(SwaggerUi::new("/api/docs/{_:.*}").url("/api/openapi.json", openapi::ApiDoc::openapi()))
        .service(
            web::scope("/api/v1")
                .service(resource("/auth/login").route(web::post().to(auth::login)))
                .service(resource("/auth/me").route(web::get().to(auth::me)))
                .service(resource("/auth/logout").route(web::post().to(auth::logout)))
                .service(resource("/auth/password").route(web::post().to(auth::change_password)))
                .service(
                    resource("/tickets")
                        .route(web::get().to(tickets::list_tickets))
                        .route(web::post().to(tickets::create_ticket)),
                )
                .service(resource("/tickets/{id}").route(web::get().to(tickets::get_ticket)))
                .service(resource("/tickets/{id}/events").route(web::get().to(tickets::list_ticket_events)))
                .service(
                    resource("/tickets/{id}/extensions")
                        .route(web::get().to(tickets::list_ticket_extensions))
                        .route(web::post().to(a::request_extension)),
                )
                .service(resource("/tickets/{id}/extensions/{eid}/approve").route(web::post().to(a::approve_extension)))
                .service(resource("/tickets/{id}/extensions/{eid}/reject").route(web::post().to(a::reject_extension)))
                .service(resource("/tickets/{id}/answer").route(web::post().to(a::answer_ticket)))
                .service(resource("/tickets/{id}/dispatch").route(web::post().to(a::dispatch_ticket)))
                .service(resource("/tickets/{id}/accept").route(web::post().to(a::accept_ticket)))
                .service(resource("/tickets/{id}/return").route(web::post().to(a::return_ticket)))
                .service(resource("/tickets/{id}/contact").route(web::post().to(a::contact_ticket)))
                .service(resource("/tickets/{id}/resolve").route(web::post().to(a::resolve_ticket)))
                .service(resource("/tickets/{id}/callback").route(web::post().to(a::callback_ticket)))
                .service(resource("/tickets/{id}/reopen").route(web::post().to(a::reopen_ticket)))
                .service(resource("/tickets/{id}/close").route(web::post().to(a::close_ticket)))
                .service(resource("/tickets/{id}/comments").route(web::post().to(a::comment_ticket)))
                .service(resource("/tickets/{id}/merge").route(web::post().to(a::merge_ticket)))
                .service(resource("/tickets/{id}/urge").route(web::post().to(a::urge_ticket)))
                .service(resource("/tickets/{id}/overrule").route(web::post().to(a::overrule_return)))
                .service(resource("/tickets/{id}/recontact").route(web::post().to(a::recontact_ticket)))
                .service(resource("/tickets/{id}/incident").route(web::post().to(a::flag_incident)))
                .service(resource("/tickets/{id}/onsite").route(web::post().to(a::record_onsite)))
                .service(resource("/tickets/{id}/hot").route(web::post().to(a::flag_hot)))
                .service(resource("/tickets/{id}/hot-report").route(web::post().to(a::report_hot)))
                .service(resource("/tickets/{id}/reveal-phone").route(web::post().to(a::reveal_phone)))
                .service(resource("/tickets/{id}/duplicates").route(web::get().to(tickets::list_duplicate_candidates)))
                .service(resource("/callbacks").route(web::get().to(tickets::list_callbacks)))
                .service(
                    resource("/root-causes")
                        .route(web::get().to(root_causes::list_root_causes))
                        .route(web::post().to(root_causes::create_root_cause)),
                )
                .service(resource("/root-causes/{id}").route(web::patch().to(root_causes::update_root_cause)))
                .service(
                    resource("/handovers")
                        .route(web::get().to(handovers::list_handovers))
                        .route(web::post().to(handovers::create_handover)),
                )
                .service(resource("/handovers/{id}").route(web::get().to(handovers::get_handover)))
                .service(resource("/handovers/{id}/sign").route(web::post().to(handovers::sign_handover)))
                .service(resource("/stream").route(web::get().to(stream::stream)))
                .service(resource("/reports/summary").route(web::get().to(reports::summary)))
                .service(resource("/reports/summary.csv").route(web::get().to(reports::summary_csv)))
                .service(resource("/reports/answers").route(web::get().to(reports::answers)))
                .service(
                    resource("/answers")
                        .route(web::get().to(answers::list_answers))
                        .route(web::post().to(answers::create_answer)),
                )
                .service(
                    resource("/answers/{id}")
                        .route(web::get().to(answers::get_answer))
                        .route(web::patch().to(answers::update_answer)),
                )
                .service(resource("/extensions").route(web::get().to(tickets::list_extensions)))
                .service(
                    resource("/departments")
                        .route(web::get().to(departments::list_departments))
                        .route(web::post().to(departments::create_department)),
                )
                .service(
                    resource("/departments/{id}")
                        .route(web::get().to(departments::get_department))
                        .route(web::patch().to(departments::update_department)),
                )
                .service(
                    resource("/users")
                        .route(web::get().to(users::list_users))
                        .route(web::post().to(users::create_user)),
                )
                .service(
                    resource("/users/{id}")
                        .route(web::get().to(users::get_user))
                        .route(web::patch().to(users::update_user)),
                )
                .service(
                    resource("/api-tokens")
                        .route(web::get().to(api_tokens::list_api_tokens))
                        .route(web::post().to(api_tokens::create_api_token)),
                )
                .service(
                    resource("/webhooks")
                        .route(web::get().to(webhooks::list_webhooks))
                        .route(web::post().to(webhooks::create_webhook)),
                )
                .service(resource("/webhooks/{id}").route(web::patch().to(webhooks::update_webhook)))
                .service(resource("/webhooks/{id}/deliveries").route(web::get().to(webhooks::list_deliveries)))
                .service(resource("/api-tokens/{id}/revoke").route(web::post().to(api_tokens::revoke_api_token)))
                .service(resource("/sign-in-lockouts").route(web::get().to(sign_in_lockouts::list_sign_in_lockouts)))
                .service(
                    resource("/sign-in-lockouts/{id}/lift")
                        .route(web::post().to(sign_in_lockouts::lift_sign_in_lockout)),
                )
                .service(resource("/customers/lookup").route(web::get().to(customers::lookup_customer)))
                .service(
                    resource("/sla-policy")
                        .route(web::get().to(sla_policy::get_sla_policy))
                        .route(web::put().to(sla_policy::put_sla_policy)),
                )
                .default_service(web::to(|| async { Err::<HttpResponse, _>(Error::not_found("this API path")) })),
        )
        .default_service(web::to(move |req: HttpRequest| spa(req, web_dir.clone())));
}

/// The console: a file of the built SPA, or `index.html` for its client-side routes.
async fn spa(req: HttpRequest, web_dir: PathBuf) -> Result<HttpResponse, Error> {
    let path = req.path();
    if path.starts_with("/api/") || path == "/api" {
        return Err(Error::not_found("this API path"));
    }
    let relative = path.trim_start_matches('/');
    let safe = !relative.split('/').any(|part| part == ".." || part.starts_with('.'));
    let candidate = web_dir.join(relative);
    let file = if safe && !relative.is_empty() && candidate.is_file() { candidate } else { web_dir.join("index.html") };
    match actix_files::NamedFile::open_async(&file).await {
        Ok(f) => Ok(f.into_response(&req)),
        Err(_) => Ok(HttpResponse::Ok().content_type("text/html; charset=utf-8").body(
            "<!doctype html><title>Switchboard</title><p>Switchboard API is running. The console is not built: \
             run <code>npm run build</code> in <code>web/</code>. API docs: <a href=\"/api/docs/\">/api/docs/</a></p>",
        )),
    }
}

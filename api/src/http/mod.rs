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

use std::{collections::HashMap, path::PathBuf, sync::Arc};

use actix_web::{
    http::header::{self, HeaderValue},
    web, HttpRequest, HttpResponse, ResponseError,
};
use utoipa_actix_web::scope;
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

/// An id read from the database as a UUID; anything else is a broken row (500), never the
/// caller's fault.
pub(crate) fn stored_id(s: &str) -> Result<uuid::Uuid, Error> {
    crate::db::stored(s)
}

/// Every route, each declared once: a handler carries its method and path (`#[get("/…")]`,
/// within its scope here) under its OpenAPI entry (`#[utoipa::path(…)]`), and is listed
/// here once. The same list is served (`configure`) and documented (`openapi::document`).
/// Actix's route macro turns a handler into a unit struct of its name, so in its module
/// that name is taken: a `let` of it would be a pattern, an import of it a clash.
pub(crate) fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    use ticket_actions as a;
    cfg.service(health::healthz).service(health::readyz).service(health::metrics).service(
        scope("/api/v1")
            .service(auth::login)
            .service(auth::me)
            .service(auth::logout)
            .service(auth::change_password)
            .service(tickets::list_tickets)
            .service(tickets::create_ticket)
            .service(tickets::get_ticket)
            .service(tickets::list_ticket_events)
            .service(tickets::list_ticket_extensions)
            .service(a::request_extension)
            .service(a::approve_extension)
            .service(a::reject_extension)
            .service(a::answer_ticket)
            .service(a::dispatch_ticket)
            .service(a::accept_ticket)
            .service(a::return_ticket)
            .service(a::contact_ticket)
            .service(a::resolve_ticket)
            .service(a::callback_ticket)
            .service(a::reopen_ticket)
            .service(a::close_ticket)
            .service(a::comment_ticket)
            .service(a::merge_ticket)
            .service(a::urge_ticket)
            .service(a::overrule_return)
            .service(a::recontact_ticket)
            .service(a::flag_incident)
            .service(a::record_onsite)
            .service(a::flag_hot)
            .service(a::report_hot)
            .service(a::reveal_phone)
            .service(tickets::list_duplicate_candidates)
            .service(tickets::list_callbacks)
            .service(root_causes::list_root_causes)
            .service(root_causes::create_root_cause)
            .service(root_causes::update_root_cause)
            .service(handovers::list_handovers)
            .service(handovers::create_handover)
            .service(handovers::get_handover)
            .service(handovers::sign_handover)
            .service(stream::stream)
            .service(reports::summary)
            .service(reports::summary_csv)
            .service(reports::answers)
            .service(answers::list_answers)
            .service(answers::create_answer)
            .service(answers::get_answer)
            .service(answers::update_answer)
            .service(tickets::list_extensions)
            .service(departments::list_departments)
            .service(departments::create_department)
            .service(departments::get_department)
            .service(departments::update_department)
            .service(users::list_users)
            .service(users::create_user)
            .service(users::get_user)
            .service(users::update_user)
            .service(api_tokens::list_api_tokens)
            .service(api_tokens::create_api_token)
            .service(api_tokens::revoke_api_token)
            .service(webhooks::list_webhooks)
            .service(webhooks::create_webhook)
            .service(webhooks::update_webhook)
            .service(webhooks::delete_webhook)
            .service(webhooks::list_deliveries)
            .service(webhooks::ping_webhook)
            .service(webhooks::redeliver)
            .service(webhooks::rotate_secret)
            .service(sign_in_lockouts::list_sign_in_lockouts)
            .service(sign_in_lockouts::lift_sign_in_lockout)
            .service(customers::lookup_customer)
            .service(sla_policy::get_sla_policy)
            .service(sla_policy::put_sla_policy),
    );
}

/// Serves [`routes`], the OpenAPI document and its Swagger UI, and the console (`web_dir`)
/// at `/`. The limits and the extractors' error handlers apply to every route.
pub fn configure(cfg: &mut web::ServiceConfig, limits: Limits, web_dir: PathBuf) {
    let document = openapi::document();
    let allow = Arc::new(AllowedMethods::of(&document));
    let max_body_bytes = limits.max_body_bytes;
    cfg.app_data(web::PayloadConfig::new(max_body_bytes))
        .app_data(extract::BodyTimeout(limits.body_timeout))
        .app_data(web::JsonConfig::default().limit(max_body_bytes).error_handler(extract::json_error))
        .app_data(web::PathConfig::default().error_handler(extract::path_error))
        .service(SwaggerUi::new("/api/docs/{_:.*}").url("/api/openapi.json", document));
    routes(&mut utoipa_actix_web::service_config::ServiceConfig::new(cfg));
    // The `/api/v1` scope has no default of its own: what it does not route comes here too.
    cfg.default_service(web::to(move |req: HttpRequest| unrouted(req, allow.clone(), web_dir.clone())));
}

/// The methods each route template answers (`GET, POST`), for the `Allow` header of a 405.
/// Taken from the OpenAPI document, which is made from [`routes`]; its templates are the
/// routes' own (`/api/v1/tickets/{id}`: no route has a regex segment).
struct AllowedMethods(HashMap<String, HeaderValue>);

impl AllowedMethods {
    fn of(document: &utoipa::openapi::OpenApi) -> AllowedMethods {
        let table = document.paths.paths.iter().filter_map(|(template, item)| {
            let operations = [
                ("GET", &item.get),
                ("PUT", &item.put),
                ("POST", &item.post),
                ("DELETE", &item.delete),
                ("OPTIONS", &item.options),
                ("HEAD", &item.head),
                ("PATCH", &item.patch),
                ("TRACE", &item.trace),
            ];
            let methods: Vec<&str> =
                operations.iter().filter(|(_, operation)| operation.is_some()).map(|(method, _)| *method).collect();
            Some((template.clone(), HeaderValue::from_str(&methods.join(", ")).ok()?))
        });
        AllowedMethods(table.collect())
    }
}

/// What no route took. A path that a route matches, with a method it does not answer, is
/// 405 (a problem document) with `Allow`; any other `/api/…` path is 404; the rest is the
/// console.
async fn unrouted(req: HttpRequest, allow: Arc<AllowedMethods>, web_dir: PathBuf) -> Result<HttpResponse, Error> {
    if let Some(methods) = req.match_pattern().and_then(|route| allow.0.get(&route).cloned()) {
        let mut response = Error::MethodNotAllowed.error_response();
        response.headers_mut().insert(header::ALLOW, methods);
        return Ok(response);
    }
    spa(req, web_dir).await
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

//! The OpenAPI document, generated from the handlers: [`ApiDoc`] says what is not a route
//! (info, tags, security, shared schemas), and [`document`] adds every route of
//! `http::routes` with the schemas it uses. `openapi.yaml` at the top of the repository is
//! this document, committed; a test fails when they differ.

use std::collections::BTreeMap;

use utoipa::{
    openapi::{
        header::HeaderBuilder,
        security::{HttpAuthScheme, HttpBuilder, SecurityScheme},
        ContentBuilder, ObjectBuilder, Ref, RefOr, Response, ResponseBuilder, Type,
    },
    IntoResponses, Modify, OpenApi,
};
use utoipa_actix_web::AppExt;

use crate::error::Problem;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Switchboard API",
        description = "Call-center ticketing: intake, dispatch with response windows, SLA clocks, escalation, callback and closure.\n\n\
            **Request ids.** Every response — errors, 404 and 405, health checks and static files included — carries \
            `Request-Id`: the request's own `Request-Id` (or `X-Request-Id`) header when it sent one of 1 to 128 visible \
            ASCII characters, else a new UUID. Every log line of the request carries the same id, and for a 5xx it is \
            logged next to the problem's `error_id`: quote it when reporting a problem.\n\n\
            **Idempotency.** `POST /api/v1/tickets` honours `Idempotency-Key`: a retry with the same key (and the same \
            body) answers 200 with the ticket created first and `Idempotent-Replayed: true`. Keys are kept 24 hours, \
            then purged; after that the key is new again.\n\n\
            **Webhooks.** Deliveries are signed: `X-Switchboard-Signature: sha256=<hex HMAC-SHA256 of \
            \"{timestamp}.{body}\">` keyed with the webhook's secret, the timestamp being `X-Switchboard-Timestamp` (Unix \
            seconds). Receivers should reject a timestamp older than 5 minutes (the replay window) and tell repeats by \
            `X-Switchboard-Delivery`. After `rotate-secret`, for the overlap window, the header carries one \
            comma-separated value per valid secret, the new one first: accept when any matches.",
        version = "1.0.0",
    ),
    components(schemas(Problem)),
    modifiers(&BearerAuth),
    tags(
        (name = "auth", description = "Sign in, sign out, change one's password"),
        (name = "tickets", description = "Intake, the queue, and the ticket timeline"),
        (name = "ticket actions", description = "One endpoint per lifecycle transition"),
        (name = "admin", description = "Departments, users and the SLA policy"),
        (name = "customers", description = "Callers, found by phone"),
        (name = "answers", description = "The unified answers library (统一答复口径), searchable in Chinese and English"),
        (name = "reports", description = "Figures for supervisors"),
        (name = "handovers", description = "Shift handovers (交接班)"),
        (name = "health", description = "Liveness and readiness"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some(
                        "A session token from `POST /api/v1/auth/login` (8 hours), or for third-party systems an \
                         API token (`sbt_…`, from `POST /api/v1/api-tokens`) limited to its scopes: \
                         `tickets:read` (GET /tickets…, /stream), `tickets:write` (POST /tickets…), \
                         `answers:read` (GET /answers…). Other endpoints refuse API tokens.",
                    ))
                    .build(),
            ),
        );
    }
}

/// The whole document: [`ApiDoc`] with the path, operation and schemas of every route,
/// collected from the same list that serves them (`http::routes`).
pub fn document() -> utoipa::openapi::OpenApi {
    let app = actix_web::App::new().into_utoipa_app().openapi(ApiDoc::openapi()).configure(super::routes);
    let mut document = app.split_for_parts().1;
    request_id_on_answers(&mut document);
    document
}

/// Every successful answer documents the `Request-Id` header (errors carry it too: see the
/// API description). OpenAPI headers cannot be shared by reference here, so each answer
/// gets the same short header object.
fn request_id_on_answers(document: &mut utoipa::openapi::OpenApi) {
    let header = HeaderBuilder::new()
        .schema(ObjectBuilder::new().schema_type(Type::String).max_length(Some(128)))
        .description(Some(
            "The request's id: its own `Request-Id` (or `X-Request-Id`) when sane, else a new UUID; in the logs too",
        ))
        .build();
    for item in document.paths.paths.values_mut() {
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
            &mut item.head,
            &mut item.options,
            &mut item.trace,
        ];
        for operation in operations.into_iter().flatten() {
            for (status, response) in operation.responses.responses.iter_mut() {
                if let (true, RefOr::T(response)) = (status.starts_with('2'), response) {
                    response.headers.entry("Request-Id".to_owned()).or_insert_with(|| header.clone());
                }
            }
        }
    }
}

/// The generated document as YAML, as committed in `openapi.yaml`.
pub fn yaml() -> String {
    document().to_yaml().unwrap_or_else(|e| format!("# failed to render: {e}\n"))
}

fn problems(list: &[(u16, &str)]) -> BTreeMap<String, RefOr<Response>> {
    list.iter()
        .map(|(status, description)| {
            let response = ResponseBuilder::new()
                .description(*description)
                .content(
                    "application/problem+json",
                    ContentBuilder::new().schema(Some(Ref::from_schema_name("Problem"))).build(),
                )
                .build();
            (status.to_string(), RefOr::T(response))
        })
        .collect()
}

const BAD_REQUEST: (u16, &str) = (400, "Malformed request: bad JSON, query or path parameter");
const UNAUTHORIZED: (u16, &str) = (401, "Not signed in, or the token expired");
const FORBIDDEN: (u16, &str) = (403, "The role may not do this");
const NOT_FOUND: (u16, &str) = (404, "No such resource, or not visible to this user");
const CONFLICT: (u16, &str) = (409, "Not allowed in the current state");
const UNPROCESSABLE: (u16, &str) = (422, "Invalid input; `errors` names the fields");

/// Errors of reads.
pub struct ReadErrors;
impl IntoResponses for ReadErrors {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        problems(&[BAD_REQUEST, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, UNPROCESSABLE])
    }
}

/// Errors of writes and ticket actions.
pub struct WriteErrors;
impl IntoResponses for WriteErrors {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        problems(&[BAD_REQUEST, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, CONFLICT, UNPROCESSABLE])
    }
}

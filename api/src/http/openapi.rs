//! The OpenAPI document, generated from the handlers. `openapi.yaml` at the top of the
//! repository is this document, committed; a test fails when they differ.

use std::collections::BTreeMap;

use utoipa::{
    openapi::{
        security::{HttpAuthScheme, HttpBuilder, SecurityScheme},
        ContentBuilder, Ref, RefOr, Response, ResponseBuilder,
    },
    IntoResponses, Modify, OpenApi,
};

use super::{
    answers, api_tokens, auth, customers, departments, handovers, health, reports, root_causes, sign_in_lockouts,
    sla_policy, stream, ticket_actions, tickets, users, webhooks,
};
use crate::error::Problem;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Switchboard API",
        description = "Call-center ticketing: intake, dispatch with response windows, SLA clocks, escalation, callback and closure.",
        version = "1.0.0",
    ),
    paths(
        auth::login, auth::logout, auth::change_password, auth::me,
        tickets::create_ticket, tickets::list_tickets, tickets::get_ticket,
        tickets::list_ticket_events, tickets::list_ticket_extensions, tickets::list_extensions,
        ticket_actions::answer_ticket, ticket_actions::dispatch_ticket, ticket_actions::accept_ticket,
        ticket_actions::return_ticket, ticket_actions::contact_ticket,
        ticket_actions::request_extension, ticket_actions::approve_extension, ticket_actions::reject_extension,
        ticket_actions::resolve_ticket, ticket_actions::callback_ticket, ticket_actions::reopen_ticket,
        ticket_actions::close_ticket, ticket_actions::comment_ticket,
        ticket_actions::merge_ticket, ticket_actions::urge_ticket, ticket_actions::overrule_return,
        ticket_actions::recontact_ticket, ticket_actions::flag_incident, ticket_actions::record_onsite,
        ticket_actions::flag_hot, ticket_actions::report_hot, ticket_actions::reveal_phone,
        tickets::list_duplicate_candidates, tickets::list_callbacks,
        departments::list_departments, departments::create_department, departments::get_department,
        departments::update_department,
        users::list_users, users::create_user, users::get_user, users::update_user,
        api_tokens::list_api_tokens, api_tokens::create_api_token, api_tokens::revoke_api_token,
        sign_in_lockouts::list_sign_in_lockouts, sign_in_lockouts::lift_sign_in_lockout,
        webhooks::list_webhooks, webhooks::create_webhook, webhooks::update_webhook, webhooks::list_deliveries,
        customers::lookup_customer,
        reports::summary, reports::summary_csv, reports::answers,
        answers::list_answers, answers::create_answer, answers::get_answer, answers::update_answer,
        root_causes::list_root_causes, root_causes::create_root_cause, root_causes::update_root_cause,
        handovers::create_handover, handovers::list_handovers, handovers::get_handover, handovers::sign_handover,
        stream::stream,
        sla_policy::get_sla_policy, sla_policy::put_sla_policy,
        health::healthz, health::readyz, health::metrics,
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

/// The generated document as YAML, as committed in `openapi.yaml`.
pub fn yaml() -> String {
    ApiDoc::openapi().to_yaml().unwrap_or_else(|e| format!("# failed to render: {e}\n"))
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

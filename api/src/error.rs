//! The one error type at the HTTP boundary. Every failure becomes an
//! `application/problem+json` body (RFC 9457) with a stable `code` the console translates.

use std::collections::BTreeMap;

use actix_web::{http::StatusCode, HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::{
    reports::{PeriodRefusal, MAX_PERIOD_DAYS},
    ticket::{Conflict, Refusal},
};

/// Field path → messages, for invalid input.
pub type FieldErrors = BTreeMap<String, Vec<String>>;

/// Declares the error codes with their texts, in one list.
macro_rules! error_codes {
    ($($(#[$meta:meta])* $variant:ident => $text:literal,)+) => {
        /// Every `code` a problem document can carry. The console has words for each, in
        /// both languages (a test of the console fails when one is missing).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, ToSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum ErrorCode { $($(#[$meta])* $variant,)+ }

        impl ErrorCode {
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant,)+];

            pub fn as_str(self) -> &'static str {
                match self { $(ErrorCode::$variant => $text,)+ }
            }
        }
    };
}

error_codes! {
    // Any request.
    Unauthorized => "unauthorized",
    Forbidden => "forbidden",
    NotFound => "not_found",
    MethodNotAllowed => "method_not_allowed",
    PayloadTooLarge => "payload_too_large",
    UnsupportedMediaType => "unsupported_media_type",
    ValidationFailed => "validation_failed",
    RequestTimeout => "request_timeout",
    TooManyRequests => "too_many_requests",
    TooManyConnections => "too_many_connections",
    ServiceUnavailable => "service_unavailable",
    ServerBusy => "server_busy",
    InsufficientStorage => "insufficient_storage",
    InternalError => "internal_error",
    BadBody => "bad_body",
    BodyRequired => "body_required",
    MalformedJson => "malformed_json",
    InvalidText => "invalid_text",
    InvalidQuery => "invalid_query",
    InvalidPath => "invalid_path",
    ConcurrentUpdate => "concurrent_update",
    AlreadyExists => "already_exists",
    NameTaken => "name_taken",
    // Signing in.
    PasswordSignInRefused => "password_sign_in_refused",
    SignInThrottled => "sign_in_throttled",
    SignInLocked => "sign_in_locked",
    // Tickets.
    InvalidTransition => "invalid_transition",
    ExtensionPending => "extension_pending",
    ExtensionDecided => "extension_decided",
    MergeChain => "merge_chain",
    MergeClosed => "merge_closed",
    NotReturned => "not_returned",
    AlreadyHot => "already_hot",
    AlreadyIncident => "already_incident",
    AlreadyOnsite => "already_onsite",
    AlreadyReported => "already_reported",
    NotHot => "not_hot",
    NotIncident => "not_incident",
    // Handovers.
    AlreadySigned => "already_signed",
    OwnHandover => "own_handover",
    // Users.
    UsernameTaken => "username_taken",
    LastAdminGuard => "last_admin_guard",
}

impl From<Conflict> for ErrorCode {
    fn from(c: Conflict) -> ErrorCode {
        match c {
            Conflict::AlreadyIncident => ErrorCode::AlreadyIncident,
            Conflict::NotIncident => ErrorCode::NotIncident,
            Conflict::AlreadyOnsite => ErrorCode::AlreadyOnsite,
            Conflict::AlreadyHot => ErrorCode::AlreadyHot,
            Conflict::NotHot => ErrorCode::NotHot,
            Conflict::AlreadyReported => ErrorCode::AlreadyReported,
            Conflict::NotReturned => ErrorCode::NotReturned,
            Conflict::ExtensionPending => ErrorCode::ExtensionPending,
            Conflict::ExtensionDecided => ErrorCode::ExtensionDecided,
            Conflict::MergeChain => ErrorCode::MergeChain,
            Conflict::MergeClosed => ErrorCode::MergeClosed,
        }
    }
}

impl From<Refusal> for Error {
    fn from(r: Refusal) -> Error {
        match r {
            Refusal::NotFound => Error::not_found("ticket"),
            Refusal::Forbidden { verb } => Error::forbidden(format!("tickets cannot be {verb} by your role")),
            Refusal::InvalidTransition { from, verb } => {
                Error::conflict(ErrorCode::InvalidTransition, format!("a ticket that is `{from}` cannot be {verb}"))
            }
            Refusal::Conflict { conflict, message } => Error::conflict(conflict.into(), message),
            Refusal::Invalid { field, message } => Error::invalid(field, message),
        }
    }
}

impl From<PeriodRefusal> for Error {
    fn from(r: PeriodRefusal) -> Error {
        match r {
            PeriodRefusal::Empty => Error::invalid("from", "must be before `to`"),
            PeriodRefusal::TooLong => Error::invalid("from", format!("a period is at most {MAX_PERIOD_DAYS} days")),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("bad request: {detail}")]
    BadRequest { code: ErrorCode, detail: String },
    #[error("unauthorized: {detail}")]
    Unauthorized { detail: String },
    #[error("forbidden: {detail}")]
    Forbidden { code: ErrorCode, detail: String },
    #[error("not found: {detail}")]
    NotFound { detail: String },
    #[error("method not allowed")]
    MethodNotAllowed,
    #[error("conflict: {detail}")]
    Conflict { code: ErrorCode, detail: String },
    #[error("payload too large: {detail}")]
    PayloadTooLarge { detail: String },
    #[error("unsupported media type: {detail}")]
    UnsupportedMediaType { detail: String },
    #[error("invalid input: {detail}")]
    Validation { detail: String, errors: FieldErrors },
    #[error("request timeout: {detail}")]
    Timeout { detail: String },
    #[error("service unavailable: {detail}")]
    Unavailable { detail: String },
    #[error("insufficient storage: {detail}")]
    InsufficientStorage { detail: String },
    /// 429: this client or account must wait `retry_after` seconds (sign-in throttling, too
    /// many connections).
    #[error("too many requests: {detail}")]
    TooManyRequests { code: ErrorCode, detail: String, retry_after: u64 },
    /// 503 with `Retry-After`: a bounded resource (password hashing) is saturated.
    #[error("busy: {detail}")]
    Busy { detail: String, retry_after: u64 },
    #[error("internal error: {0}")]
    Internal(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl Error {
    pub fn not_found(what: &str) -> Error {
        Error::NotFound { detail: format!("{what} was not found") }
    }

    pub fn forbidden(detail: impl Into<String>) -> Error {
        Error::Forbidden { code: ErrorCode::Forbidden, detail: detail.into() }
    }

    /// 403 with a code of its own, for a refusal the console explains.
    pub fn forbidden_because(code: ErrorCode, detail: impl Into<String>) -> Error {
        Error::Forbidden { code, detail: detail.into() }
    }

    pub fn conflict(code: ErrorCode, detail: impl Into<String>) -> Error {
        Error::Conflict { code, detail: detail.into() }
    }

    /// One invalid field.
    pub fn invalid(field: &str, message: impl Into<String>) -> Error {
        let mut errors = FieldErrors::new();
        errors.insert(field.to_owned(), vec![message.into()]);
        Error::Validation { detail: format!("`{field}` is invalid"), errors }
    }

    pub fn internal(e: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Error {
        Error::Internal(e.into())
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            Error::BadRequest { code, .. }
            | Error::Conflict { code, .. }
            | Error::Forbidden { code, .. }
            | Error::TooManyRequests { code, .. } => *code,
            Error::Unauthorized { .. } => ErrorCode::Unauthorized,
            Error::NotFound { .. } => ErrorCode::NotFound,
            Error::MethodNotAllowed => ErrorCode::MethodNotAllowed,
            Error::PayloadTooLarge { .. } => ErrorCode::PayloadTooLarge,
            Error::UnsupportedMediaType { .. } => ErrorCode::UnsupportedMediaType,
            Error::Validation { .. } => ErrorCode::ValidationFailed,
            Error::Timeout { .. } => ErrorCode::RequestTimeout,
            Error::Unavailable { .. } => ErrorCode::ServiceUnavailable,
            Error::InsufficientStorage { .. } => ErrorCode::InsufficientStorage,
            Error::Busy { .. } => ErrorCode::ServerBusy,
            Error::Internal(_) => ErrorCode::InternalError,
        }
    }

    /// Seconds to send as `Retry-After`, for the errors that have one.
    fn retry_after(&self) -> Option<u64> {
        match self {
            Error::TooManyRequests { retry_after, .. } | Error::Busy { retry_after, .. } => Some(*retry_after),
            // The database is busy, down or full: worth trying again shortly.
            Error::Unavailable { .. } | Error::InsufficientStorage { .. } => Some(RETRY_AFTER_UNAVAILABLE),
            _ => None,
        }
    }
}

/// An RFC 9457 problem document.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem: `urn:switchboard:problem:<code>`.
    #[serde(rename = "type")]
    pub type_: String,
    /// Short, human-readable summary of the kind of problem.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong in this occurrence.
    pub detail: String,
    /// Stable machine-readable code, e.g. `invalid_transition`, `validation_failed`.
    pub code: ErrorCode,
    /// For invalid input: field path → messages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<FieldErrors>,
    /// For server errors: the id under which the cause was logged.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_id: Option<String>,
}

impl ResponseError for Error {
    fn status_code(&self) -> StatusCode {
        match self {
            Error::BadRequest { .. } => StatusCode::BAD_REQUEST,
            Error::Unauthorized { .. } => StatusCode::UNAUTHORIZED,
            Error::Forbidden { .. } => StatusCode::FORBIDDEN,
            Error::NotFound { .. } => StatusCode::NOT_FOUND,
            Error::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Error::Conflict { .. } => StatusCode::CONFLICT,
            Error::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Error::UnsupportedMediaType { .. } => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Error::Validation { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Error::Timeout { .. } => StatusCode::REQUEST_TIMEOUT,
            Error::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Error::Unavailable { .. } | Error::Busy { .. } => StatusCode::SERVICE_UNAVAILABLE,
            Error::InsufficientStorage { .. } => StatusCode::INSUFFICIENT_STORAGE,
            Error::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        let mut error_id = None;
        let detail = match self {
            Error::Internal(source) => {
                let id = uuid::Uuid::now_v7().to_string();
                tracing::error!(error_id = %id, error = ?source, "request failed: {}", chain(source.as_ref()));
                let detail = format!("an internal error occurred; it was logged as {id}");
                error_id = Some(id);
                detail
            }
            Error::Unavailable { detail } | Error::InsufficientStorage { detail } => {
                tracing::warn!(%detail, status = status.as_u16(), "cannot serve");
                detail.clone()
            }
            Error::MethodNotAllowed => "this method is not allowed on this resource".to_owned(),
            Error::BadRequest { detail, .. }
            | Error::Unauthorized { detail }
            | Error::Forbidden { detail, .. }
            | Error::NotFound { detail }
            | Error::Conflict { detail, .. }
            | Error::PayloadTooLarge { detail }
            | Error::UnsupportedMediaType { detail }
            | Error::Timeout { detail }
            | Error::Validation { detail, .. }
            | Error::TooManyRequests { detail, .. }
            | Error::Busy { detail, .. } => detail.clone(),
        };
        let errors = match self {
            Error::Validation { errors, .. } => Some(errors.clone()),
            _ => None,
        };
        let problem = Problem {
            type_: format!("urn:switchboard:problem:{}", self.code().as_str()),
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            detail,
            code: self.code(),
            errors,
            error_id,
        };
        let mut response = HttpResponse::build(status);
        response.content_type("application/problem+json");
        if status == StatusCode::UNAUTHORIZED {
            response.insert_header(("WWW-Authenticate", "Bearer"));
        }
        if let Some(seconds) = self.retry_after() {
            response.insert_header(("Retry-After", seconds.max(1).to_string()));
        }
        if let Error::Timeout { .. } = self {
            response.insert_header(("Connection", "close"));
        }
        response.json(problem)
    }
}

fn chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut out = e.to_string();
    let mut cur = e.source();
    while let Some(s) = cur {
        out.push_str(": ");
        out.push_str(&s.to_string());
        cur = s.source();
    }
    out
}

/// Seconds a client should wait after a 503 or 507.
const RETRY_AFTER_UNAVAILABLE: u64 = 2;

impl From<diesel::result::Error> for Error {
    fn from(e: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error as D};
        if let D::DatabaseError(_, info) = &e {
            if let Some(error) = storage_condition(info.message()) {
                return error;
            }
        }
        match e {
            D::NotFound => Error::not_found("the resource"),
            D::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => {
                Error::conflict(ErrorCode::AlreadyExists, format!("this already exists ({})", info.message()))
            }
            D::DatabaseError(DatabaseErrorKind::SerializationFailure, info) => {
                Error::Unavailable { detail: format!("the database was busy, try again ({})", info.message()) }
            }
            D::DatabaseError(DatabaseErrorKind::ClosedConnection, _) | D::BrokenTransactionManager => {
                Error::Unavailable { detail: "the connection to the database was lost; try again".into() }
            }
            other => Error::internal(other),
        }
    }
}

/// Database conditions that are not the request's fault and not a bug: a lock held too
/// long (503), a full disk (507), a connection gone (503). Text that PostgreSQL cannot
/// store (a NUL character) is the caller's (400), wherever it slipped through.
fn storage_condition(message: &str) -> Option<Error> {
    let m = message.to_ascii_lowercase();
    if m.contains("database is locked") || m.contains("database table is locked") || m.contains("database is busy") {
        return Some(Error::Unavailable { detail: "the database is busy; try again in a moment".into() });
    }
    if m.contains("disk is full") || m.contains("no space left on device") || m.contains("disk full") {
        return Some(Error::InsufficientStorage {
            detail: "the server's storage is full; nothing was saved. Try again later".into(),
        });
    }
    if m.contains("0x00") && m.contains("invalid byte sequence") {
        return Some(Error::BadRequest {
            code: ErrorCode::InvalidText,
            detail: "text may not contain NUL characters".into(),
        });
    }
    if m.contains("disk i/o error") {
        return Some(Error::Unavailable { detail: "the database could not write; try again shortly".into() });
    }
    if m.contains("server closed the connection")
        || m.contains("terminating connection")
        || m.contains("connection refused")
    {
        return Some(Error::Unavailable { detail: "the database is unavailable; try again shortly".into() });
    }
    None
}

impl From<r2d2::Error> for Error {
    fn from(e: r2d2::Error) -> Self {
        // The pool's error is the last connection failure: logged, not shown.
        tracing::warn!(error = %e, "no database connection");
        Error::Unavailable { detail: "the database is unavailable; try again shortly".into() }
    }
}

impl From<validator::ValidationErrors> for Error {
    fn from(e: validator::ValidationErrors) -> Self {
        let mut errors = FieldErrors::new();
        collect_validation_errors("", &e, &mut errors);
        let fields: Vec<_> = errors.keys().cloned().collect();
        Error::Validation { detail: format!("invalid fields: {}", fields.join(", ")), errors }
    }
}

fn collect_validation_errors(prefix: &str, e: &validator::ValidationErrors, out: &mut FieldErrors) {
    use validator::ValidationErrorsKind as K;
    for (field, kind) in e.errors() {
        let path = if prefix.is_empty() { field.to_string() } else { format!("{prefix}.{field}") };
        match kind {
            K::Field(list) => {
                let messages = list.iter().map(|v| match &v.message {
                    Some(m) => m.to_string(),
                    None => describe_validation(v),
                });
                out.entry(path).or_default().extend(messages);
            }
            K::Struct(inner) => collect_validation_errors(&path, inner, out),
            K::List(items) => {
                for (i, inner) in items {
                    collect_validation_errors(&format!("{path}[{i}]"), inner, out);
                }
            }
        }
    }
}

fn describe_validation(v: &validator::ValidationError) -> String {
    let param = |k: &str| v.params.get(k).map(|p| p.to_string());
    match v.code.as_ref() {
        "length" => match (param("min"), param("max")) {
            (Some(min), Some(max)) => format!("must be between {min} and {max} characters long"),
            (Some(min), None) => format!("must be at least {min} characters long"),
            (None, Some(max)) => format!("must be at most {max} characters long"),
            _ => "has the wrong length".to_owned(),
        },
        "range" => "is out of range".to_owned(),
        "required" => "is required".to_owned(),
        other => format!("is invalid ({other})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(message: &str) -> Option<u16> {
        storage_condition(message).map(|e| e.status_code().as_u16())
    }

    #[test]
    fn error_codes_serialise_as_their_texts() {
        for code in ErrorCode::ALL {
            assert_eq!(serde_json::to_value(code).unwrap(), serde_json::json!(code.as_str()));
        }
    }

    #[test]
    fn storage_conditions_are_told_apart_from_bugs() {
        assert_eq!(status("database is locked"), Some(503));
        assert_eq!(status("database or disk is full"), Some(507));
        assert_eq!(status("could not extend file \"base/16384/2619\": No space left on device"), Some(507));
        assert_eq!(status("invalid byte sequence for encoding \"UTF8\": 0x00"), Some(400));
        assert_eq!(status("server closed the connection unexpectedly"), Some(503));
        assert_eq!(status("syntax error at or near \"SELEC\""), None);
        let locked = Error::from(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::Unknown,
            Box::new("database is locked".to_owned()),
        ));
        let response = locked.error_response();
        assert_eq!(response.status().as_u16(), 503);
        assert!(response.headers().contains_key("retry-after"));
    }
}

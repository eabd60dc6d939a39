//! Parsing at the edge: the signed-in user, JSON bodies checked with `validator`, and the
//! error handlers that turn actix's own extractor failures into problem documents.

use std::future::Future;
use std::pin::Pin;

use actix_web::{
    dev::Payload,
    error::{JsonPayloadError, PathError, PayloadError},
    http::header,
    web, FromRequest, HttpRequest,
};
use serde::de::DeserializeOwned;
use validator::Validate;

use super::AppState;
use crate::{
    auth, clock, db,
    domain::{
        api_token::{self, Scope},
        role::{Actor, Role},
    },
    error::{Error, ErrorCode, FieldErrors},
};

type LocalFuture<T> = Pin<Box<dyn Future<Output = T>>>;

fn state(req: &HttpRequest) -> Result<web::Data<AppState>, Error> {
    req.app_data::<web::Data<AppState>>().cloned().ok_or_else(|| Error::internal("application state is missing"))
}

/// The signed-in user, checked against the database on every request: a deactivated
/// user is locked out at once, and a session that was ended is refused at once.
#[derive(Debug, Clone)]
pub struct AuthUser(pub Actor, pub Credential);

impl AuthUser {
    /// Whether the credential lets the caller act on tickets at all: a session does; an API
    /// token only with `tickets:write` (the role still decides which actions).
    pub fn may_act_on_tickets(&self) -> bool {
        match &self.1 {
            Credential::Session { .. } => true,
            Credential::ApiToken { scopes, .. } => scopes.contains(&Scope::TicketsWrite),
        }
    }
}

/// How the caller proved who they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    /// A session token (JWT), issued under this session version of the user.
    Session { version: i32 },
    /// An API token of an integration user (its id), with its scopes.
    ApiToken { id: String, scopes: Vec<Scope> },
}

impl FromRequest for AuthUser {
    type Error = Error;
    type Future = LocalFuture<Result<AuthUser, Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let token = bearer_token(req);
        let state = state(req);
        let (method, route) = (req.method().as_str().to_owned(), req.match_pattern().unwrap_or_default());
        Box::pin(async move {
            let state = state?;
            match token {
                Some(token) if api_token::is_api_token(&token) => {
                    authenticate_api_token(&state, token, &method, &route)
                        .await
                        .map(|(actor, id, scopes)| AuthUser(actor, Credential::ApiToken { id, scopes }))
                }
                token => authenticate(&state, token)
                    .await
                    .map(|(actor, version)| AuthUser(actor, Credential::Session { version })),
            }
        })
    }
}

/// The token of an `Authorization: Bearer <token>` header, if one was sent.
pub fn bearer_token(req: &HttpRequest) -> Option<String> {
    req.headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
        .map(|t| t.trim().to_owned())
}

/// Checks an API token (DESIGN §3): known, not revoked or expired, of an active
/// integration user, and holding the scope the route asks for.
async fn authenticate_api_token(
    state: &AppState,
    token: String,
    method: &str,
    route: &str,
) -> Result<(Actor, String, Vec<Scope>), Error> {
    let refused = |detail: &str| Error::Unauthorized { detail: detail.to_owned() };
    let hash = auth::hash_api_token(&token);
    let now = clock::now(state.clock.as_ref());
    let found = state
        .db
        .read(move |c| {
            let Some(row) = db::api_tokens::find_by_hash(c, &hash)? else { return Ok(None) };
            Ok(db::users::find(c, &row.user_id)?.map(|user| (row, user)))
        })
        .await?;
    let (row, user) = found.ok_or_else(|| refused("unknown API token"))?;
    if row.revoked_at.is_some() {
        return Err(refused("this API token was revoked"));
    }
    if row.expires_at.is_some_and(|at| db::from_db(at) <= now) {
        return Err(refused("this API token has expired"));
    }
    if !user.active || Role::parse(&user.role) != Some(Role::Integration) {
        return Err(refused("the user of this API token is disabled or no longer an integration"));
    }
    let needed = api_token::required_scope(method, route)
        .map_err(|()| Error::forbidden("API tokens may not call this endpoint; sign in as a user"))?;
    let scopes = Scope::parse_list(&row.scopes);
    if let Some(scope) = needed {
        if !scopes.contains(&scope) {
            return Err(Error::forbidden(format!("this API token lacks the scope `{}`", scope.as_str())));
        }
    }
    if row.last_used_at.is_none_or(|at| db::from_db(at) < now - chrono::TimeDelta::minutes(1)) {
        let id = row.id.clone();
        state.db.write(move |c| db::api_tokens::touch(c, &id, db::to_db(now))).await?;
    }
    let actor = Actor { id: db::stored(&user.id)?, role: Role::Integration, department_id: None };
    Ok((actor, row.id, scopes))
}

/// Checks a session token and loads its user: a deactivated user, a session ended by
/// sign-out or by a change of password or role, and integration users (who use API tokens
/// only) are refused. Returns the user and the session version.
async fn authenticate(state: &AppState, token: Option<String>) -> Result<(Actor, i32), Error> {
    let token = token
        .ok_or_else(|| Error::Unauthorized { detail: "sign in first: send `Authorization: Bearer <token>`".into() })?;
    let claims = state.jwt.verify(&token, clock::now(state.clock.as_ref()))?;
    let user = state
        .db
        .read({
            let id = claims.sub.clone();
            move |c| db::users::find(c, &id)
        })
        .await?
        .filter(|u| u.active)
        .ok_or_else(|| Error::Unauthorized { detail: "this account no longer exists or is disabled".into() })?;
    if user.session_version != claims.sv {
        return Err(Error::Unauthorized {
            detail: "this session has ended (signed out, or the password or role changed); sign in again".into(),
        });
    }
    let role = Role::parse(&user.role)
        .ok_or_else(|| Error::internal(format!("user {} has unknown role {:?}", user.id, user.role)))?;
    if role == Role::Integration {
        return Err(Error::Unauthorized { detail: "integration users authenticate with API tokens only".into() });
    }
    let department_id = user.department_id.as_deref().map(db::stored).transpose()?;
    let actor = Actor { id: db::stored(&user.id)?, role, department_id };
    Ok((actor, user.session_version))
}

/// A signed-in administrator; anyone else gets 403 before the body is even read.
#[derive(Debug, Clone)]
pub struct AdminUser(pub Actor);

impl FromRequest for AdminUser {
    type Error = Error;
    type Future = LocalFuture<Result<AdminUser, Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let user = AuthUser::from_request(req, payload);
        Box::pin(async move {
            let user = user.await?;
            user.require(&[Role::Admin], "do this: it is for administrators")?;
            Ok(AdminUser(user.0))
        })
    }
}

impl AuthUser {
    /// Refuses with 403 unless the user has one of `roles`.
    pub fn require(&self, roles: &[Role], what: &str) -> Result<&Actor, Error> {
        if roles.contains(&self.0.role) {
            Ok(&self.0)
        } else {
            Err(Error::forbidden(format!("your role may not {what}")))
        }
    }
}

/// A JSON request body, deserialised (with the path of the first wrong field) and
/// validated. Every failure is a problem document: 400 malformed JSON, 413 too large,
/// 415 not JSON, 422 wrong or missing fields. The failure is held until the handler asks
/// with [`Body::parse`], after authentication: an outsider learns 401/403, not what the
/// body should have been.
#[derive(Debug)]
pub struct Body<T>(Result<T, Error>);

impl<T> Body<T> {
    pub fn parse(self) -> Result<T, Error> {
        self.0
    }
}

impl<T: DeserializeOwned + Validate + 'static> FromRequest for Body<T> {
    type Error = Error;
    type Future = LocalFuture<Result<Body<T>, Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let json = read_json::<T>(req, payload, false);
        Box::pin(
            async move { Ok(Body(json.await.and_then(|v| v.ok_or_else(|| Error::internal("empty body accepted"))))) },
        )
    }
}

/// Like [`Body`], for actions whose fields are all optional: no body at all means defaults.
#[derive(Debug)]
pub struct OptionalBody<T>(Result<T, Error>);

impl<T> OptionalBody<T> {
    pub fn parse(self) -> Result<T, Error> {
        self.0
    }
}

impl<T: DeserializeOwned + Validate + Default + 'static> FromRequest for OptionalBody<T> {
    type Error = Error;
    type Future = LocalFuture<Result<OptionalBody<T>, Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let json = read_json::<T>(req, payload, true);
        Box::pin(async move { Ok(OptionalBody(json.await.map(Option::unwrap_or_default))) })
    }
}

fn read_json<T: DeserializeOwned + Validate + 'static>(
    req: &HttpRequest,
    payload: &mut Payload,
    allow_empty: bool,
) -> LocalFuture<Result<Option<T>, Error>> {
    let is_json = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(|v| {
        let essence = v.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        essence == "application/json" || essence.ends_with("+json")
    });
    let bytes = web::Bytes::from_request(req, payload);
    let deadline = req.app_data::<BodyTimeout>().map_or(BodyTimeout::default().0, |t| t.0);
    Box::pin(async move {
        // The whole body within the deadline: a byte every few seconds keeps no connection.
        let bytes = tokio::time::timeout(deadline, bytes)
            .await
            .map_err(|_| Error::Timeout { detail: "the request body took too long to arrive".into() })?
            .map_err(|e| payload_error(e.as_error::<PayloadError>()))?;
        if bytes.is_empty() {
            if allow_empty {
                return Ok(None);
            }
            return Err(Error::BadRequest {
                code: ErrorCode::BodyRequired,
                detail: "a JSON request body is required".into(),
            });
        }
        if is_json != Some(true) {
            return Err(Error::UnsupportedMediaType {
                detail: "send the body as `Content-Type: application/json`".into(),
            });
        }
        let value: T = parse_json(&bytes)?;
        value.validate()?;
        Ok(Some(value))
    })
}

/// How long a request body may take to arrive, whole (`Config::body_timeout`), as app data.
#[derive(Debug, Clone, Copy)]
pub struct BodyTimeout(pub std::time::Duration);

impl Default for BodyTimeout {
    fn default() -> Self {
        BodyTimeout(crate::configuration::Config::default().body_timeout)
    }
}

/// For PATCH fields that can be cleared: absent → `None` (unchanged), `null` →
/// `Some(None)` (cleared), a value → `Some(Some(v))`. Use with `#[serde(default)]`.
pub fn nullable<'de, D, T>(de: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    <Option<T> as serde::Deserialize>::deserialize(de).map(Some)
}

/// Deserialises JSON, telling a syntax error (400) from a wrong field (422). Anything
/// after the JSON value but whitespace is a syntax error, and so is a NUL character in a
/// string (no database keeps it as text).
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Error> {
    if has_escaped_nul(bytes) {
        return Err(Error::BadRequest {
            code: ErrorCode::InvalidText,
            detail: "text may not contain NUL characters (\\u0000)".into(),
        });
    }
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut *de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.inner();
        match inner.classify() {
            serde_json::error::Category::Data => {
                let field = if path == "." || path.is_empty() { "body".to_owned() } else { path };
                let mut errors = FieldErrors::new();
                errors.insert(field.clone(), vec![strip_position(&inner.to_string())]);
                Error::Validation { detail: format!("`{field}` is invalid"), errors }
            }
            _ => Error::BadRequest {
                code: ErrorCode::MalformedJson,
                detail: format!("the body is not valid JSON: {inner}"),
            },
        }
    })?;
    de.end().map_err(|e| Error::BadRequest {
        code: ErrorCode::MalformedJson,
        detail: format!("the body is not valid JSON: {e} (there is more after the JSON value)"),
    })?;
    Ok(value)
}

/// Whether a JSON text holds `\u0000` as an escape (an odd run of backslashes before it;
/// `\\u0000` is a backslash followed by the letters `u0000`).
fn has_escaped_nul(bytes: &[u8]) -> bool {
    let mut i = 0;
    while let Some(at) = bytes[i..].windows(5).position(|w| w == b"u0000") {
        let u = i + at;
        let backslashes = bytes[..u].iter().rev().take_while(|b| **b == b'\\').count();
        if backslashes % 2 == 1 {
            return true;
        }
        i = u + 1;
    }
    false
}

/// serde_json ends data errors with " at line 1 column 42", which means nothing to a user.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

fn payload_error(e: Option<&PayloadError>) -> Error {
    match e {
        Some(PayloadError::Overflow) => Error::PayloadTooLarge { detail: "the request body is too large".into() },
        Some(other) => Error::BadRequest {
            code: ErrorCode::BadBody,
            detail: format!("the request body could not be read: {other}"),
        },
        None => Error::BadRequest { code: ErrorCode::BadBody, detail: "the request body could not be read".into() },
    }
}

pub fn json_error(e: JsonPayloadError, _: &HttpRequest) -> actix_web::Error {
    match e {
        JsonPayloadError::OverflowKnownLength { .. } | JsonPayloadError::Overflow { .. } => {
            Error::PayloadTooLarge { detail: "the request body is too large".into() }
        }
        JsonPayloadError::ContentType => {
            Error::UnsupportedMediaType { detail: "send the body as `Content-Type: application/json`".into() }
        }
        other => Error::BadRequest { code: ErrorCode::MalformedJson, detail: other.to_string() },
    }
    .into()
}

/// Query parameters, read as HTML forms and stock OpenAPI clients send them: a list is the
/// key repeated (`?status=new&status=dispatched`). 400 `invalid_query` when they do not fit.
#[derive(Debug)]
pub struct Query<T>(pub T);

impl<T> Query<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for Query<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: DeserializeOwned> FromRequest for Query<T> {
    type Error = Error;
    type Future = std::future::Ready<Result<Query<T>, Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(serde_html_form::from_str::<T>(req.query_string()).map(Query).map_err(|e| {
            Error::BadRequest { code: ErrorCode::InvalidQuery, detail: format!("invalid query parameters: {e}") }
        }))
    }
}

pub fn path_error(e: PathError, _: &HttpRequest) -> actix_web::Error {
    let detail = match e {
        PathError::Deserialize(inner) => format!("invalid path parameter: {inner}"),
        other => format!("invalid path: {other}"),
    };
    Error::BadRequest { code: ErrorCode::InvalidPath, detail }.into()
}

/// A required text field, trimmed; a blank one is refused (422 on `field`). Blank means
/// nothing but white space and invisible characters (zero-width spaces, joiners, the
/// byte-order mark), which a form shows as empty.
pub fn required_text(field: &str, text: impl AsRef<str>) -> Result<String, Error> {
    let trimmed = text.as_ref().trim_matches(is_blank);
    if trimmed.is_empty() {
        return Err(Error::invalid(field, "must not be blank"));
    }
    Ok(trimmed.to_owned())
}

/// White space, and the format characters that show as nothing.
fn is_blank(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{180E}' | '\u{00AD}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_includes_invisible_characters() {
        assert!(required_text("subject", " \u{200B}\u{3000}\u{FEFF}\t").is_err());
        assert_eq!(required_text("subject", "\u{200B} 漏水 \u{200D}").unwrap(), "漏水");
    }

    #[test]
    fn an_escaped_nul_is_found_and_an_escaped_backslash_is_not_one() {
        assert!(has_escaped_nul(br#"{"a":"x\u0000"}"#));
        assert!(has_escaped_nul(br#"{"a":"\\\u0000"}"#));
        assert!(!has_escaped_nul(br#"{"a":"\\u0000"}"#));
        assert!(!has_escaped_nul(br#"{"a":"u0000"}"#));
    }

    #[test]
    fn trailing_text_after_the_json_value_is_refused() {
        #[derive(serde::Deserialize, Debug)]
        struct A {
            #[allow(dead_code)]
            a: u8,
        }
        assert!(parse_json::<A>(br#"{"a":1}"#).is_ok());
        assert!(parse_json::<A>(b"{\"a\":1}  \n").is_ok());
        assert!(matches!(parse_json::<A>(br#"{"a":1}garbage"#), Err(Error::BadRequest { .. })));
        assert!(matches!(parse_json::<A>(br#"{"a":1}{"a":2}"#), Err(Error::BadRequest { .. })));
    }
}

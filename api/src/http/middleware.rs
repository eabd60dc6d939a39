//! What wraps every request: its log span and metrics (bounded labels: known methods and
//! route templates only, never the raw path or query, which may carry a phone number), the
//! security headers of every response, and the per-client connection cap.

use std::{
    any::Any,
    collections::HashMap,
    net::IpAddr,
    sync::{Arc, Mutex},
    time::Instant,
};

use actix_web::{
    body::{BoxBody, MessageBody},
    dev::{Extensions, ServiceRequest, ServiceResponse},
    http::{
        header::{self, HeaderValue},
        ConnectionType, Method,
    },
    middleware::Next,
    HttpResponse, ResponseError,
};
use tracing::Instrument;

use crate::{
    error::{Error, ErrorCode},
    metrics,
};

/// The method as a metric label and log field: one of the methods the API knows, or
/// `other` (a made-up method must not become a new series).
pub fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::HEAD => "HEAD",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// The request id header, on every response (and taken from a request that sends one).
pub const REQUEST_ID: &str = "request-id";
/// Also accepted from a request (many proxies and clients send this one).
const X_REQUEST_ID: &str = "x-request-id";

/// The id of a request: the caller's `Request-Id` (or `X-Request-Id`) when it is sane —
/// 1 to 128 visible ASCII characters — else a new UUID.
pub fn request_id(headers: &header::HeaderMap) -> String {
    let sane = |v: &HeaderValue| {
        let b = v.as_bytes();
        (1..=128).contains(&b.len()) && b.iter().all(|c| (0x21..=0x7e).contains(c))
    };
    [REQUEST_ID, X_REQUEST_ID]
        .iter()
        .filter_map(|name| headers.get(*name))
        .find(|v| sane(v))
        .and_then(|v| v.to_str().ok())
        .map_or_else(|| uuid::Uuid::now_v7().to_string(), str::to_owned)
}

/// One span per request (method, route template, request id) and the request metrics; the
/// request id is sent back as `Request-Id` on every response, errors included, and every
/// log line of the request carries it (a 5xx's `error_id` line among them).
/// Client errors are logged at debug level without their detail: the detail may repeat
/// what the caller sent.
pub async fn observe(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let method = method_label(req.method());
    let route = req.match_pattern().unwrap_or_else(|| "unmatched".into());
    let request_id = request_id(req.headers());
    let span = tracing::info_span!("request", method, route = %route, request_id = %request_id);
    let id_header = HeaderValue::from_str(&request_id).ok();
    let mut res = match next.call(req).instrument(span.clone()).await {
        Ok(res) => res,
        // An error that reached here unrendered (no handler's: those are rendered where they
        // arise) is rendered by actix further out; the response it gets carries the id too.
        Err(e) => {
            let mut response = span.in_scope(|| e.error_response());
            if let Some(value) = id_header {
                response.headers_mut().insert(header::HeaderName::from_static(REQUEST_ID), value);
            }
            let text = e.to_string();
            return Err(actix_web::error::InternalError::from_response(text, response).into());
        }
    };
    if let Some(value) = id_header {
        res.headers_mut().insert(header::HeaderName::from_static(REQUEST_ID), value);
    }
    let status = res.status();
    let m = &metrics::METRICS;
    m.http_requests.with_label_values(&[method, &route, status.as_str()]).inc();
    m.http_seconds.with_label_values(&[&route]).observe(started.elapsed().as_secs_f64());
    if status.is_client_error() {
        span.in_scope(|| tracing::debug!(status = status.as_u16(), "client error"));
    }
    Ok(res)
}

/// Headers every response carries. The console's policy allows only its own scripts and
/// styles (antd sets inline styles); the API answers are JSON and never framed.
pub async fn security_headers(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let secure = req.connection_info().scheme() == "https";
    let docs = req.path().starts_with("/api/docs");
    let mut res = next.call(req).await?;
    let h = res.headers_mut();
    let set = |h: &mut header::HeaderMap, name: header::HeaderName, value: &'static str| {
        if !h.contains_key(&name) {
            h.insert(name, HeaderValue::from_static(value));
        }
    };
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(h, header::REFERRER_POLICY, "no-referrer");
    set(h, header::X_FRAME_OPTIONS, "DENY");
    set(h, header::HeaderName::from_static("cross-origin-opener-policy"), "same-origin");
    set(h, header::HeaderName::from_static("permissions-policy"), "camera=(self), microphone=(), geolocation=()");
    // The interactive docs (Swagger UI) run an inline script of their own.
    let csp = if docs {
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    } else {
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; \
         font-src 'self' data:; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; \
         form-action 'self'"
    };
    set(h, header::CONTENT_SECURITY_POLICY, csp);
    if secure {
        set(h, header::STRICT_TRANSPORT_SECURITY, "max-age=31536000");
    }
    Ok(res)
}

/// Open connections per client address, counted when a connection is accepted and
/// released when it closes.
#[derive(Clone)]
pub struct ConnectionCounter {
    open: Arc<Mutex<HashMap<IpAddr, usize>>>,
    limit: usize,
}

/// Kept with one connection (actix's per-connection data); dropping it releases the count.
pub struct ConnectionSlot {
    counter: ConnectionCounter,
    ip: IpAddr,
    /// This connection came when its client already held `limit` others.
    pub over_limit: bool,
}

impl ConnectionCounter {
    pub fn new(limit: usize) -> ConnectionCounter {
        ConnectionCounter { open: Arc::default(), limit }
    }

    /// For `HttpServer::on_connect`: counts a new TCP connection.
    pub fn on_connect(&self, connection: &dyn Any, data: &mut Extensions) {
        let Some(stream) = connection.downcast_ref::<actix_web::rt::net::TcpStream>() else { return };
        let Ok(peer) = stream.peer_addr() else { return };
        let ip = peer.ip();
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        let n = open.entry(ip).or_insert(0);
        *n += 1;
        let over_limit = *n > self.limit;
        data.insert(ConnectionSlot { counter: self.clone(), ip, over_limit });
    }
}

impl Drop for ConnectionSlot {
    fn drop(&mut self) {
        let mut open = self.counter.open.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(n) = open.get_mut(&self.ip) {
            *n -= 1;
            if *n == 0 {
                open.remove(&self.ip);
            }
        }
    }
}

/// Refuses what should not reach a handler: a client over its connection cap (429, and the
/// connection is closed), a NUL character in the URL (400: no database keeps it as text).
pub async fn admit(req: ServiceRequest, next: Next<BoxBody>) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let uri = req.uri();
    let encoded_nul = |s: &str| s.as_bytes().windows(3).any(|w| w.eq_ignore_ascii_case(b"%00"));
    if encoded_nul(uri.path()) || uri.query().is_some_and(encoded_nul) {
        let error =
            Error::BadRequest { code: ErrorCode::InvalidText, detail: "the URL may not contain NUL characters".into() };
        return Ok(req.into_response(error.error_response()));
    }
    if req.conn_data::<ConnectionSlot>().is_some_and(|slot| slot.over_limit) {
        let error = Error::TooManyRequests {
            code: ErrorCode::TooManyConnections,
            detail: "too many open connections from your address; close some and try again".into(),
            retry_after: 1,
        };
        let mut response: HttpResponse = error.error_response();
        response.head_mut().set_connection_type(ConnectionType::Close);
        return Ok(req.into_response(response));
    }
    next.call(req).await
}

//! `GET /api/v1/stream`: the live event stream (Server-Sent Events).

use std::time::Duration;

use actix_web::{get, web, HttpResponse};
use futures_util::stream::unfold;
use tokio::sync::broadcast::error::RecvError;

use super::{
    extract::{AuthUser, Credential},
    openapi::ReadErrors,
    AppState,
};
use crate::{
    error::Error,
    live::{sessions::Holds, LiveEvent},
};

const HEARTBEAT: Duration = Duration::from_secs(15);

/// Live changes as Server-Sent Events: `ticket.created`, `ticket.changed` and
/// `ticket.escalated`, each with the ticket's id, number, status and department.
/// Department staff receive only their department's tickets. Authenticate with the
/// `Authorization` header (use a fetch-based SSE client; tokens never go in URLs, which
/// end up in logs). A comment line is sent every 15 s to keep proxies from closing it.
/// The stream ends (within about a second) when its session does: sign-out, a password or
/// role change, deactivation; for an API token, revocation or expiry.
#[utoipa::path(
    tag = "tickets",
    responses(
        (status = 200, description = "An endless `text/event-stream`; each `data:` line is one LiveEvent", body = LiveEvent, content_type = "text/event-stream"),
        ReadErrors,
    ),
    security(("bearer" = []))
)]
#[get("/stream")]
pub async fn stream(state: web::Data<AppState>, user: AuthUser) -> Result<HttpResponse, Error> {
    let AuthUser(actor, credential) = user;
    let holds = match credential {
        Credential::Session { version } => Holds::Session(version),
        Credential::ApiToken { id, .. } => Holds::ApiToken(id),
    };
    let watch = state.sessions.watch(&actor.id.to_string(), holds);
    let rx = state.hub.subscribe();
    let mut heartbeat = tokio::time::interval(HEARTBEAT);
    heartbeat.reset(); // the first tick would fire at once
    let body = unfold((rx, heartbeat, actor, watch), |(mut rx, mut heartbeat, actor, mut watch)| async move {
        loop {
            let chunk = tokio::select! {
                // First: nothing more is sent once the session has ended.
                biased;
                _ = &mut watch.ended => return None,
                received = rx.recv() => match received {
                    Ok(event) if !actor.can_see_department(event.department_id.as_ref()) => continue,
                    Ok(event) => frame(&event),
                    // A slow reader missed some: tell it to reload rather than pretend.
                    Err(RecvError::Lagged(n)) => format!("event: resync\ndata: {{\"missed\":{n}}}\n\n"),
                    Err(RecvError::Closed) => return None,
                },
                _ = heartbeat.tick() => ": keep-alive\n\n".to_owned(),
            };
            return Some((Ok::<_, actix_web::Error>(web::Bytes::from(chunk)), (rx, heartbeat, actor, watch)));
        }
    });
    Ok(HttpResponse::Ok()
        .content_type("text/event-stream")
        .insert_header(("Cache-Control", "no-cache"))
        .insert_header(("X-Accel-Buffering", "no"))
        .streaming(Box::pin(body)))
}

fn frame(event: &LiveEvent) -> String {
    let data = serde_json::to_string(event).unwrap_or_else(|_| "{}".into());
    format!("event: {}\ndata: {data}\n\n", event.kind)
}

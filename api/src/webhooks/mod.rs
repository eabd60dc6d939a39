//! The webhook sender: every interval it takes the deliveries that are due (one index
//! range), claims each for one attempt (so that of several processes one sends it), POSTs
//! it signed, to an address `target` allows, follows no redirect, and records the outcome:
//! delivered, or tried again later with back-off (`domain::webhook::retry_delay`) until it
//! is given up. Delivery is at least once: a receiver can tell repeats by
//! `X-Switchboard-Delivery`.

pub mod target;

use std::{sync::Arc, time::Duration};

use chrono::TimeDelta;

use crate::{
    clock::{self, Clock},
    db::{
        self,
        webhooks::{DeliveryRow, WebhookRow},
        Db,
    },
    domain::webhook::{retry_delay, signature},
    error::Error,
};

/// How many due deliveries one pass takes.
const BATCH: i64 = 50;
/// How long one attempt may take before the receiver counts as down.
const TIMEOUT: Duration = Duration::from_secs(10);
/// How long connecting may take: a receiver that is not there fails fast.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);
/// A claimed delivery is left alone this long; after it, a crashed attempt is retried.
const LEASE: TimeDelta = TimeDelta::minutes(2);

/// Runs passes forever, one every `interval`. `allow_private` lifts `target`'s address
/// rule (closed networks, tests).
pub async fn run(db: Db, clock: Arc<dyn Clock>, interval: Duration, allow_private: bool) {
    let client = match client(allow_private) {
        Ok(c) => c,
        Err(e) => {
            tracing::error!(error = %e, "webhooks are off: no HTTP client");
            return;
        }
    };
    let mut ticker = tokio::time::interval(interval);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticker.tick().await;
        match send_due(&db, clock.as_ref(), &client, allow_private).await {
            Ok(0) => {}
            Ok(n) => tracing::debug!(attempts = n, "webhook deliveries attempted"),
            Err(e) => tracing::warn!(error = %e, "webhook pass failed; will retry next interval"),
        }
    }
}

/// The client of every attempt: bounded times, no redirects (a 3xx is a failed attempt),
/// no proxy (the address rule is about where the connection goes), and `target::Resolver`,
/// which gives it only allowed addresses.
fn client(allow_private: bool) -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        .timeout(TIMEOUT)
        .connect_timeout(CONNECT_TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .dns_resolver(Arc::new(target::Resolver { allow_private }))
        .user_agent("Switchboard-Webhooks/1")
        .build()
}

/// One pass: attempts every due delivery this process could claim; returns how many.
pub async fn send_due(
    db: &Db,
    clock: &dyn Clock,
    client: &reqwest::Client,
    allow_private: bool,
) -> Result<usize, Error> {
    let now = db::to_db(clock::now(clock));
    let due = db.read(move |c| db::webhooks::due(c, now, BATCH)).await?;
    let mut attempted = 0;
    for delivery in due {
        let Some(seen) = delivery.next_attempt_at else { continue };
        let (id, webhook_id) = (delivery.id.clone(), delivery.webhook_id.clone());
        let claimed = db
            .write(move |c| {
                if !db::webhooks::claim(c, &id, seen, now + LEASE)? {
                    return Ok(None);
                }
                db::webhooks::find(c, &webhook_id)
            })
            .await?;
        let attempts = delivery.attempts + 1;
        let Some(hook) = claimed else { continue };
        let outcome = if hook.active {
            attempt(client, allow_private, &hook, &delivery, clock).await
        } else {
            Err("the webhook is paused; given up".to_owned())
        };
        let finished = db::to_db(clock::now(clock));
        let (delivered, next, status, error) = match outcome {
            Ok(status) if (200..300).contains(&status) => (Some(finished), None, Some(status), None),
            failed => {
                let (status, error) = match failed {
                    Ok(status) if (300..400).contains(&status) => {
                        (Some(status), format!("the receiver answered {status}; redirects are not followed"))
                    }
                    Ok(status) => (Some(status), format!("the receiver answered {status}")),
                    Err(e) => (None, e),
                };
                let next = if hook.active { retry_delay(attempts).map(|d| finished + d) } else { None };
                tracing::info!(webhook = %hook.id, delivery = %delivery.id, attempts, %error, "webhook delivery failed");
                (None, next, status, Some(error))
            }
        };
        let id = delivery.id.clone();
        db.write(move |c| db::webhooks::record_attempt(c, &id, delivered, next, status, error)).await?;
        attempted += 1;
    }
    Ok(attempted)
}

/// One POST of a delivery; the receiver's status, or why there was none.
async fn attempt(
    client: &reqwest::Client,
    allow_private: bool,
    hook: &WebhookRow,
    delivery: &DeliveryRow,
    clock: &dyn Clock,
) -> Result<i32, String> {
    let url = reqwest::Url::parse(&hook.url).map_err(|e| format!("the webhook's URL cannot be read: {e}"))?;
    // An address written in the URL reaches no resolver: it is checked here, every time.
    target::check_literal(&url, allow_private).map_err(|r| r.to_string())?;
    let timestamp = clock::now(clock).timestamp();
    let response = client
        .post(url)
        .header("Content-Type", "application/json")
        .header("X-Switchboard-Event", &delivery.event_kind)
        .header("X-Switchboard-Delivery", &delivery.id)
        .header("X-Switchboard-Timestamp", timestamp.to_string())
        .header("X-Switchboard-Signature", signature(&hook.secret, timestamp, &delivery.payload))
        .body(delivery.payload.clone())
        .send()
        .await
        .map_err(describe)?;
    Ok(i32::from(response.status().as_u16()))
}

/// Why a request failed, with its causes (a refused address, a timeout …) and without
/// the URL, which is not shown.
fn describe(e: reqwest::Error) -> String {
    let e = e.without_url();
    let mut text = e.to_string();
    let mut cause = std::error::Error::source(&e);
    while let Some(c) = cause {
        let part = c.to_string();
        if !text.contains(&part) {
            text = format!("{text}: {part}");
        }
        cause = c.source();
    }
    text
}

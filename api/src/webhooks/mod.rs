//! The webhook sender. A dispatcher takes the deliveries that are due (one index range),
//! claims each for one attempt (a compare-and-set lease, so that of several processes one
//! sends it) and starts the attempt as its own task: at most `MAX_IN_FLIGHT` at once, and
//! at most `PER_WEBHOOK` to one webhook, so a receiver that is down or slow ties up a few
//! slots, not the sender (only `MAX_IN_FLIGHT / PER_WEBHOOK` receivers hanging at once
//! would fill them all). It keeps claiming while attempts are in flight (on every tick and
//! whenever an attempt ends), passing over webhooks at their limit. The loop
//! ([`Dispatcher::run`]) and a pass asked for ([`Dispatcher::deliver_once`], what tests do
//! through `startup::Background`) are the same pass.
//! Each attempt POSTs the delivery signed, to an address `target` allows, follows no
//! redirect, and records the outcome: delivered, or tried again later with back-off
//! (`domain::webhook::retry_delay`) until it is given up. Delivery is at least once: a
//! receiver can tell repeats by `X-Switchboard-Delivery`; the order is not guaranteed.

pub mod target;

use std::{
    collections::{HashMap, HashSet},
    sync::{Arc, Mutex, MutexGuard},
    time::Duration,
};

use chrono::{NaiveDateTime, TimeDelta};
use tokio::{
    sync::{Notify, OwnedSemaphorePermit, Semaphore},
    task::JoinHandle,
};

use crate::{
    clock::{self, Clock},
    db::{
        self,
        webhooks::{DeliveryRow, WebhookRow},
        Db,
    },
    domain::webhook::{retry_delay, signatures},
    error::Error,
    metrics,
};

/// Attempts in flight at once in one process.
const MAX_IN_FLIGHT: usize = 32;
/// Attempts in flight at once to one webhook: what a receiver that is down can tie up.
const PER_WEBHOOK: usize = 4;
/// How long one attempt may take before the receiver counts as down.
const TIMEOUT: Duration = Duration::from_secs(10);
/// How long connecting may take: a receiver that is not there fails fast.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);
/// A claimed delivery is left alone this long; after it, a crashed attempt is retried.
const LEASE: TimeDelta = TimeDelta::minutes(2);

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

/// The webhook sender of one process: its passes run on an interval ([`Dispatcher::run`])
/// or when asked ([`Dispatcher::deliver_once`]), one code path.
pub struct Dispatcher {
    db: Db,
    clock: Arc<dyn Clock>,
    client: reqwest::Client,
    allow_private: bool,
    /// One permit per attempt in flight.
    slots: Arc<Semaphore>,
    in_flight: Arc<Mutex<InFlight>>,
    /// Told when an attempt ends, so that its place is filled at once.
    ended: Arc<Notify>,
}

/// What this process is sending now.
#[derive(Default)]
struct InFlight {
    deliveries: HashSet<String>,
    per_webhook: HashMap<String, usize>,
}

fn lock(in_flight: &Mutex<InFlight>) -> MutexGuard<'_, InFlight> {
    in_flight.lock().unwrap_or_else(|p| p.into_inner())
}

/// The place of one attempt in flight; given back when dropped, however the attempt ends
/// (a lost claim, an error, a panic).
struct Place {
    _slot: OwnedSemaphorePermit,
    in_flight: Arc<Mutex<InFlight>>,
    delivery: String,
    webhook: String,
}

impl Drop for Place {
    fn drop(&mut self) {
        let mut f = lock(&self.in_flight);
        f.deliveries.remove(&self.delivery);
        if let Some(n) = f.per_webhook.get_mut(&self.webhook) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                f.per_webhook.remove(&self.webhook);
            }
        }
    }
}

impl Dispatcher {
    /// The dispatcher of one process; `allow_private` lifts `target`'s address rule
    /// (closed networks, tests). Fails only when no HTTP client can be made.
    pub fn new(db: Db, clock: Arc<dyn Clock>, allow_private: bool) -> reqwest::Result<Dispatcher> {
        Ok(Dispatcher {
            db,
            clock,
            client: client(allow_private)?,
            allow_private,
            slots: Arc::new(Semaphore::new(MAX_IN_FLIGHT)),
            in_flight: Arc::default(),
            ended: Arc::default(),
        })
    }

    /// Runs the dispatcher forever: a pass every `interval`, and whenever an attempt ends.
    pub async fn run(self: Arc<Self>, interval: Duration) {
        let mut ticker = tokio::time::interval(interval);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = ticker.tick() => {}
                () = self.ended.notified() => {}
            }
            // The attempts go on by themselves: the loop does not wait for them.
            if let Ok(started) = self.pass().await {
                if !started.is_empty() {
                    tracing::debug!(attempts = started.len(), "webhook deliveries started");
                }
            }
        }
    }

    /// One pass, and then waits until every attempt it started is recorded (what tests
    /// do, through `startup::Background`); returns how many it started.
    pub async fn deliver_once(&self) -> Result<usize, Error> {
        let started = self.pass().await?;
        let n = started.len();
        for attempt in started {
            attempt.await.map_err(Error::internal)?;
        }
        Ok(n)
    }

    /// One pass, timed and logged: starts an attempt for every due delivery it can claim
    /// while slots are free, passing over webhooks at their limit; returns the attempts it
    /// started, each its own task.
    async fn pass(&self) -> Result<Vec<JoinHandle<()>>, Error> {
        let timer = metrics::METRICS.webhook_pass_seconds.with_label_values(&[] as &[&str]).start_timer();
        let outcome = self.claim_due().await;
        timer.observe_duration();
        if let Err(e) = &outcome {
            tracing::warn!(error = %e, "webhook pass failed");
        }
        outcome
    }

    /// The pass itself (see [`Dispatcher::pass`]).
    async fn claim_due(&self) -> Result<Vec<JoinHandle<()>>, Error> {
        let mut started = Vec::new();
        loop {
            let free = self.slots.available_permits();
            if free == 0 {
                return Ok(started);
            }
            let busy: Vec<String> = lock(&self.in_flight)
                .per_webhook
                .iter()
                .filter(|(_, n)| **n >= PER_WEBHOOK)
                .map(|(w, _)| w.clone())
                .collect();
            let now = db::to_db(clock::now(self.clock.as_ref()));
            let limit = i64::try_from(free).unwrap_or(i64::MAX);
            let due = self.db.read(move |c| db::webhooks::due(c, now, limit, &busy)).await?;
            let read = due.len();
            let mut round = 0;
            for delivery in due {
                let Some(place) = self.place_for(&delivery) else { continue };
                if let Some(attempt) = self.start(delivery, now, place).await? {
                    started.push(attempt);
                    round += 1;
                }
            }
            // Fewer than asked: nothing else is due but for webhooks now at their limit.
            if round == 0 || i64::try_from(read).unwrap_or(i64::MAX) < limit {
                return Ok(started);
            }
        }
    }

    /// A free slot for `delivery`, unless its webhook is at its limit or it is in flight
    /// here already (its lease ran out under a moved clock).
    fn place_for(&self, delivery: &DeliveryRow) -> Option<Place> {
        let slot = self.slots.clone().try_acquire_owned().ok()?;
        let mut f = lock(&self.in_flight);
        let sending = f.per_webhook.get(&delivery.webhook_id).copied().unwrap_or(0);
        if sending >= PER_WEBHOOK || !f.deliveries.insert(delivery.id.clone()) {
            return None;
        }
        *f.per_webhook.entry(delivery.webhook_id.clone()).or_default() += 1;
        Some(Place {
            _slot: slot,
            in_flight: self.in_flight.clone(),
            delivery: delivery.id.clone(),
            webhook: delivery.webhook_id.clone(),
        })
    }

    /// Claims `delivery` for one attempt and starts the attempt; None when another
    /// process took it first.
    async fn start(
        &self,
        delivery: DeliveryRow,
        now: NaiveDateTime,
        place: Place,
    ) -> Result<Option<JoinHandle<()>>, Error> {
        let Some(seen) = delivery.next_attempt_at else { return Ok(None) };
        let lease = now + LEASE;
        let (id, webhook_id) = (delivery.id.clone(), delivery.webhook_id.clone());
        let claimed = self
            .db
            .write(move |c| {
                if !db::webhooks::claim(c, &id, seen, lease)? {
                    return Ok(None);
                }
                db::webhooks::find(c, &webhook_id)
            })
            .await?;
        let Some(hook) = claimed else { return Ok(None) };
        let (db, clock, client, allow_private, ended) =
            (self.db.clone(), self.clock.clone(), self.client.clone(), self.allow_private, self.ended.clone());
        Ok(Some(tokio::spawn(async move {
            let outcome = deliver(&client, allow_private, &hook, &delivery, clock.as_ref()).await;
            let id = delivery.id.clone();
            let recorded = db.write(move |c| db::webhooks::record_attempt(c, &id, lease, outcome)).await;
            if let Err(e) = recorded {
                tracing::warn!(delivery = %delivery.id, error = %e, "recording a webhook attempt failed; it is tried again when its lease ends");
            }
            // The place is free: fill it now rather than at the next tick.
            drop(place);
            ended.notify_one();
        })))
    }
}

/// One attempt at a claimed delivery, and what to record of it: delivered, or why not and
/// when to try again (None: given up).
async fn deliver(
    client: &reqwest::Client,
    allow_private: bool,
    hook: &WebhookRow,
    delivery: &DeliveryRow,
    clock: &dyn Clock,
) -> db::webhooks::Attempt {
    let attempts = delivery.attempts + 1;
    let outcome = if hook.active {
        attempt(client, allow_private, hook, delivery, clock).await
    } else {
        Err("the webhook is paused; given up".to_owned())
    };
    let finished = db::to_db(clock::now(clock));
    match outcome {
        Ok(status) if (200..300).contains(&status) => db::webhooks::Attempt {
            delivered_at: Some(finished),
            next_attempt_at: None,
            status: Some(status),
            error: None,
        },
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
            db::webhooks::Attempt { delivered_at: None, next_attempt_at: next, status, error: Some(error) }
        }
    }
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
    let now = clock::now(clock);
    let timestamp = now.timestamp();
    let signed = signatures(&hook.signing_secrets(db::to_db(now)), timestamp, &delivery.payload);
    let response = client
        .post(url)
        .header("Content-Type", "application/json")
        .header("X-Switchboard-Event", &delivery.event_kind)
        .header("X-Switchboard-Delivery", &delivery.id)
        .header("X-Switchboard-Timestamp", timestamp.to_string())
        .header("X-Switchboard-Signature", signed)
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

//! Webhooks and their deliveries: an outbox written with the events, drained by
//! `crate::webhooks`.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{
    schema::{webhook_deliveries, webhooks},
    DbConnection,
};
use crate::error::Error;

#[derive(Debug, Clone, Queryable, Insertable, AsChangeset, Identifiable)]
#[diesel(table_name = webhooks, treat_none_as_null = true)]
pub struct WebhookRow {
    pub id: String,
    pub name: String,
    pub url: String,
    pub secret: String,
    /// Space-separated event kinds.
    pub events: String,
    pub active: bool,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// The secret before the last rotation, still signing deliveries until
    /// `previous_secret_until`.
    pub previous_secret: Option<String>,
    pub previous_secret_until: Option<NaiveDateTime>,
}

impl WebhookRow {
    pub fn wants(&self, kind: &str) -> bool {
        self.active && self.events.split_whitespace().any(|k| k == kind)
    }

    /// The secrets a delivery made at `now` is signed with: the current one, then the
    /// previous one while its overlap window lasts.
    pub fn signing_secrets(&self, now: NaiveDateTime) -> Vec<&str> {
        let mut secrets = vec![self.secret.as_str()];
        if let (Some(old), Some(until)) = (&self.previous_secret, self.previous_secret_until) {
            if now < until {
                secrets.push(old);
            }
        }
        secrets
    }
}

/// Where a delivery stands, as the delivery log's filter names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryState {
    /// Not delivered yet, with an attempt to come (or in flight).
    Pending,
    Delivered,
    /// Given up: no attempt succeeded and none is to come.
    Failed,
}

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = webhook_deliveries)]
pub struct DeliveryRow {
    pub id: String,
    pub webhook_id: String,
    pub event_id: String,
    pub event_kind: String,
    /// The JSON body sent.
    pub payload: String,
    pub created_at: NaiveDateTime,
    pub attempts: i32,
    pub next_attempt_at: Option<NaiveDateTime>,
    pub delivered_at: Option<NaiveDateTime>,
    pub last_status: Option<i32>,
    pub last_error: Option<String>,
}

pub fn insert(conn: &mut DbConnection, row: &WebhookRow) -> Result<(), Error> {
    diesel::insert_into(webhooks::table).values(row).execute(conn)?;
    Ok(())
}

pub fn update(conn: &mut DbConnection, row: &WebhookRow) -> Result<(), Error> {
    diesel::update(webhooks::table.find(&row.id)).set(row).execute(conn)?;
    Ok(())
}

pub fn find(conn: &mut DbConnection, id: &str) -> Result<Option<WebhookRow>, Error> {
    Ok(webhooks::table.find(id).first(conn).optional()?)
}

/// A page of webhooks in creation order (ids are time-ordered), after the id `after`.
pub fn list(conn: &mut DbConnection, after: Option<&str>, limit: i64) -> Result<Vec<WebhookRow>, Error> {
    let mut q = webhooks::table.order(webhooks::id.asc()).limit(limit).into_boxed();
    if let Some(after) = after {
        q = q.filter(webhooks::id.gt(after.to_owned()));
    }
    Ok(q.load(conn)?)
}

/// The active webhooks (a short list, read with every event).
pub fn active(conn: &mut DbConnection) -> Result<Vec<WebhookRow>, Error> {
    Ok(webhooks::table.filter(webhooks::active.eq(true)).load(conn)?)
}

pub fn insert_delivery(conn: &mut DbConnection, row: &DeliveryRow) -> Result<(), Error> {
    diesel::insert_into(webhook_deliveries::table).values(row).execute(conn)?;
    Ok(())
}

/// Deliveries whose next attempt is due, oldest first (one index range), except those of
/// the webhooks in `passed_over` (at their limit of attempts in flight).
pub fn due(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    limit: i64,
    passed_over: &[String],
) -> Result<Vec<DeliveryRow>, Error> {
    use webhook_deliveries::dsl as d;
    let mut q = d::webhook_deliveries
        .filter(d::next_attempt_at.le(now))
        .order((d::next_attempt_at.asc(), d::id.asc()))
        .limit(limit)
        .into_boxed();
    if !passed_over.is_empty() {
        q = q.filter(d::webhook_id.ne_all(passed_over.to_vec()));
    }
    Ok(q.load(conn)?)
}

/// Takes a due delivery for one attempt: counts the attempt and moves its next attempt to
/// `lease_until`, if nobody took it since it was read (`seen` is the next attempt read).
/// Several processes may try; one wins. A process that dies mid-attempt leaves the
/// delivery to be tried again when the lease runs out.
pub fn claim(
    conn: &mut DbConnection,
    id: &str,
    seen: NaiveDateTime,
    lease_until: NaiveDateTime,
) -> Result<bool, Error> {
    use webhook_deliveries::dsl as d;
    let n = diesel::update(d::webhook_deliveries.find(id).filter(d::next_attempt_at.eq(seen)))
        .set((d::next_attempt_at.eq(lease_until), d::attempts.eq(d::attempts + 1)))
        .execute(conn)?;
    Ok(n == 1)
}

/// How an attempt went: delivered, or when to try again (None: given up).
#[derive(Debug, Clone)]
pub struct Attempt {
    pub delivered_at: Option<NaiveDateTime>,
    pub next_attempt_at: Option<NaiveDateTime>,
    pub status: Option<i32>,
    pub error: Option<String>,
}

/// Records how an attempt went, if the delivery is still under the lease `claim` gave it:
/// when the lease ran out and another attempt claimed it, that attempt's outcome counts.
pub fn record_attempt(
    conn: &mut DbConnection,
    id: &str,
    lease_until: NaiveDateTime,
    attempt: Attempt,
) -> Result<(), Error> {
    use webhook_deliveries::dsl as d;
    diesel::update(d::webhook_deliveries.find(id).filter(d::next_attempt_at.eq(lease_until)))
        .set((
            d::delivered_at.eq(attempt.delivered_at),
            d::next_attempt_at.eq(attempt.next_attempt_at),
            d::last_status.eq(attempt.status),
            d::last_error.eq(attempt.error),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn find_delivery(conn: &mut DbConnection, id: &str) -> Result<Option<DeliveryRow>, Error> {
    Ok(webhook_deliveries::table.find(id).first(conn).optional()?)
}

/// A page of one webhook's deliveries, newest first, after (created_at, id); only those in
/// `state` when given.
pub fn deliveries(
    conn: &mut DbConnection,
    webhook_id: &str,
    state: Option<DeliveryState>,
    after: Option<(NaiveDateTime, String)>,
    limit: i64,
) -> Result<Vec<DeliveryRow>, Error> {
    use webhook_deliveries::dsl as d;
    let mut q = d::webhook_deliveries
        .filter(d::webhook_id.eq(webhook_id.to_owned()))
        .order((d::created_at.desc(), d::id.desc()))
        .limit(limit)
        .into_boxed();
    q = match state {
        None => q,
        Some(DeliveryState::Pending) => q.filter(d::next_attempt_at.is_not_null()),
        Some(DeliveryState::Delivered) => q.filter(d::next_attempt_at.is_null().and(d::delivered_at.is_not_null())),
        Some(DeliveryState::Failed) => q.filter(d::next_attempt_at.is_null().and(d::delivered_at.is_null())),
    };
    if let Some((at, id)) = after {
        q = q.filter(d::created_at.lt(at).or(d::created_at.eq(at).and(d::id.lt(id))));
    }
    Ok(q.load(conn)?)
}

/// Schedules one more attempt of a delivery that is settled (delivered or given up) for
/// `now`; false when it is pending or in flight (its next attempt is already coming).
pub fn redeliver(conn: &mut DbConnection, id: &str, now: NaiveDateTime) -> Result<bool, Error> {
    use webhook_deliveries::dsl as d;
    let n = diesel::update(d::webhook_deliveries.find(id).filter(d::next_attempt_at.is_null()))
        .set(d::next_attempt_at.eq(now))
        .execute(conn)?;
    Ok(n == 1)
}

/// Removes a webhook and every delivery of it (pending ones are not sent; the log goes
/// too); false when there was no such webhook.
pub fn delete(conn: &mut DbConnection, id: &str) -> Result<bool, Error> {
    use webhook_deliveries::dsl as d;
    diesel::delete(d::webhook_deliveries.filter(d::webhook_id.eq(id.to_owned()))).execute(conn)?;
    Ok(diesel::delete(webhooks::table.find(id)).execute(conn)? == 1)
}

//! Where a ticket is written to and read from the database.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::{
    prelude::*,
    sql_types::{BigInt, Nullable, Text},
};

use super::{
    from_db,
    schema::{customers, tickets},
    stored, to_db, DbConnection,
};
use crate::{
    domain::{
        ids::TicketId,
        phone::PhoneMatch,
        sla::{ClockFacts, ClockKind},
        ticket::{aggregate::Clocks, Channel, Ticket, TicketKind, TicketStatus, Urgency},
    },
    error::{Error, ErrorCode},
};

diesel::define_sql_function!(fn lower(x: Text) -> Text);
diesel::define_sql_function!(#[sql_name = "lower"] fn lower_or_null(x: Nullable<Text>) -> Nullable<Text>);

#[derive(Debug, Clone, Queryable, Insertable, AsChangeset, Identifiable)]
#[diesel(table_name = tickets, treat_none_as_null = true)]
pub struct TicketRow {
    pub id: String,
    pub number: String,
    pub status: String,
    pub kind: String,
    pub channel: String,
    pub subject: String,
    pub description: String,
    pub customer_id: String,
    pub owner_id: String,
    pub department_id: Option<String>,
    pub urgency: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub dispatched_at: Option<NaiveDateTime>,
    pub accepted_at: Option<NaiveDateTime>,
    pub response_due_at: Option<NaiveDateTime>,
    pub responded_at: Option<NaiveDateTime>,
    pub response_escalated_at: Option<NaiveDateTime>,
    pub resolution_due_at: NaiveDateTime,
    pub resolution_original_due_at: NaiveDateTime,
    pub resolved_at: Option<NaiveDateTime>,
    pub resolution_escalated_at: Option<NaiveDateTime>,
    pub closed_at: Option<NaiveDateTime>,
    pub escalation_level: i32,
    pub resolution: Option<String>,
    pub root_cause: Option<String>,
    pub duplicate_of: Option<String>,
    pub complainant_count: i32,
    pub contact_count: i32,
    pub queue_due_at: NaiveDateTime,
    pub version: i32,
    /// The earliest deadline of a running, unmet, not yet escalated clock: what the
    /// sweeper looks for. None when no clock can breach.
    pub sweep_due_at: Option<NaiveDateTime>,
    /// Callbacks that did not reach the customer since the ticket was last resolved.
    pub callback_attempts: i32,
    /// When the first running clock goes at risk; None when no clock runs.
    pub risk_at: Option<NaiveDateTime>,
    /// When the sweeper recorded the response clock going at risk.
    pub response_risk_noted_at: Option<NaiveDateTime>,
    /// When the sweeper recorded the resolution clock going at risk.
    pub resolution_risk_noted_at: Option<NaiveDateTime>,
    /// For a resolved ticket that needs no callback: when it closes by itself.
    pub auto_close_at: Option<NaiveDateTime>,
    /// Category-1 incident (一类突发事件): the on-site clock.
    pub onsite_started_at: Option<NaiveDateTime>,
    pub onsite_due_at: Option<NaiveDateTime>,
    /// When the responsible manager's arrival on site was recorded.
    pub onsite_at: Option<NaiveDateTime>,
    pub onsite_escalated_at: Option<NaiveDateTime>,
    pub onsite_risk_noted_at: Option<NaiveDateTime>,
    /// Hot complaint (热点投诉): when it was flagged; starts the report-upward clock.
    pub hot_at: Option<NaiveDateTime>,
    pub hot_report_due_at: Option<NaiveDateTime>,
    pub hot_reported_at: Option<NaiveDateTime>,
    pub hot_report_escalated_at: Option<NaiveDateTime>,
    pub hot_report_risk_noted_at: Option<NaiveDateTime>,
    /// The root-cause category found when resolving (DESIGN §1.10).
    pub root_cause_id: Option<String>,
    /// Supervision order (督办): when the latest was issued; met when the ticket is resolved.
    pub supervised_at: Option<NaiveDateTime>,
    pub supervision_due_at: Option<NaiveDateTime>,
    pub supervision_escalated_at: Option<NaiveDateTime>,
    pub supervision_risk_noted_at: Option<NaiveDateTime>,
    /// Urges and supervision orders so far, and the latest (shown on the queue row).
    pub urge_count: i32,
    pub urged_at: Option<NaiveDateTime>,
    /// The department that last returned the ticket (退单).
    pub returned_by_department_id: Option<String>,
    pub return_reason: Option<String>,
}

fn stored_opt<T: std::str::FromStr>(text: Option<&str>) -> Result<Option<T>, Error> {
    text.map(stored).transpose()
}

fn stored_enum<T>(text: &str, parse: fn(&str) -> Option<T>) -> Result<T, Error> {
    parse(text).ok_or_else(|| Error::internal(format!("stored value {text:?} is unknown")))
}

/// The row ⇄ aggregate mapping: the one place that knows which column holds what.
impl TicketRow {
    pub fn into_ticket(self) -> Result<Ticket, Error> {
        let t = |v: Option<NaiveDateTime>| v.map(from_db);
        let facts = |started, due, met, escalated, risk| ClockFacts {
            started_at: t(started),
            due_at: t(due),
            met_at: t(met),
            escalated_at: t(escalated),
            risk_noted_at: t(risk),
        };
        let mut clocks = Clocks::default();
        *clocks.get_mut(ClockKind::Response) = facts(
            self.dispatched_at,
            self.response_due_at,
            self.responded_at,
            self.response_escalated_at,
            self.response_risk_noted_at,
        );
        *clocks.get_mut(ClockKind::Resolution) = facts(
            Some(self.created_at),
            Some(self.resolution_due_at),
            self.resolved_at,
            self.resolution_escalated_at,
            self.resolution_risk_noted_at,
        );
        *clocks.get_mut(ClockKind::Onsite) = facts(
            self.onsite_started_at,
            self.onsite_due_at,
            self.onsite_at,
            self.onsite_escalated_at,
            self.onsite_risk_noted_at,
        );
        *clocks.get_mut(ClockKind::HotReport) = facts(
            self.hot_at,
            self.hot_report_due_at,
            self.hot_reported_at,
            self.hot_report_escalated_at,
            self.hot_report_risk_noted_at,
        );
        // Met by resolving after the order; a reopened ticket owes it again.
        let supervision_met = self.resolved_at.filter(|r| self.supervised_at.is_some_and(|s| *r >= s));
        *clocks.get_mut(ClockKind::Supervision) = facts(
            self.supervised_at,
            self.supervision_due_at,
            supervision_met,
            self.supervision_escalated_at,
            self.supervision_risk_noted_at,
        );
        Ok(Ticket {
            id: stored(&self.id)?,
            number: self.number,
            status: stored_enum(&self.status, TicketStatus::parse)?,
            kind: stored_enum(&self.kind, TicketKind::parse)?,
            channel: stored_enum(&self.channel, Channel::parse)?,
            subject: self.subject,
            description: self.description,
            customer_id: stored(&self.customer_id)?,
            owner_id: stored(&self.owner_id)?,
            department_id: stored_opt(self.department_id.as_deref())?,
            returned_by: stored_opt(self.returned_by_department_id.as_deref())?,
            return_reason: self.return_reason,
            urgency: self.urgency.as_deref().map(|u| stored_enum(u, Urgency::parse)).transpose()?,
            created_at: from_db(self.created_at),
            updated_at: from_db(self.updated_at),
            accepted_at: t(self.accepted_at),
            closed_at: t(self.closed_at),
            clocks,
            resolution_original_due_at: from_db(self.resolution_original_due_at),
            auto_close_at: t(self.auto_close_at),
            escalation_level: self.escalation_level,
            resolution: self.resolution,
            root_cause: self.root_cause,
            root_cause_id: stored_opt(self.root_cause_id.as_deref())?,
            duplicate_of: stored_opt(self.duplicate_of.as_deref())?,
            complainant_count: self.complainant_count,
            contact_count: self.contact_count,
            callback_attempts: self.callback_attempts,
            urge_count: self.urge_count,
            urged_at: t(self.urged_at),
            version: self.version,
        })
    }

    /// The row of `ticket`, with the columns derived from its clocks: the queue's sort key,
    /// the at-risk moment and the sweeper's key.
    pub fn of(ticket: &Ticket, at_risk_percent: u8) -> TicketRow {
        let c = |k| *ticket.clocks.get(k);
        let t = |v: Option<DateTime<Utc>>| v.map(to_db);
        let (response, resolution, onsite, hot, supervision) = (
            c(ClockKind::Response),
            c(ClockKind::Resolution),
            c(ClockKind::Onsite),
            c(ClockKind::HotReport),
            c(ClockKind::Supervision),
        );
        let timing = ticket.timing();
        TicketRow {
            id: ticket.id.to_string(),
            number: ticket.number.clone(),
            status: ticket.status.as_str().to_owned(),
            kind: ticket.kind.as_str().to_owned(),
            channel: ticket.channel.as_str().to_owned(),
            subject: ticket.subject.clone(),
            description: ticket.description.clone(),
            customer_id: ticket.customer_id.to_string(),
            owner_id: ticket.owner_id.to_string(),
            department_id: ticket.department_id.map(|d| d.to_string()),
            urgency: ticket.urgency.map(|u| u.as_str().to_owned()),
            created_at: to_db(ticket.created_at),
            updated_at: to_db(ticket.updated_at),
            dispatched_at: t(response.started_at),
            accepted_at: t(ticket.accepted_at),
            response_due_at: t(response.due_at),
            responded_at: t(response.met_at),
            response_escalated_at: t(response.escalated_at),
            resolution_due_at: to_db(resolution.due_at.unwrap_or(ticket.resolution_original_due_at)),
            resolution_original_due_at: to_db(ticket.resolution_original_due_at),
            resolved_at: t(resolution.met_at),
            resolution_escalated_at: t(resolution.escalated_at),
            closed_at: t(ticket.closed_at),
            escalation_level: ticket.escalation_level,
            resolution: ticket.resolution.clone(),
            root_cause: ticket.root_cause.clone(),
            duplicate_of: ticket.duplicate_of.map(|d| d.to_string()),
            complainant_count: ticket.complainant_count,
            contact_count: ticket.contact_count,
            queue_due_at: to_db(timing.queue_due_at()),
            version: ticket.version,
            sweep_due_at: t(timing.next_sweep_at(at_risk_percent)),
            callback_attempts: ticket.callback_attempts,
            risk_at: t(timing.risk_at(at_risk_percent)),
            response_risk_noted_at: t(response.risk_noted_at),
            resolution_risk_noted_at: t(resolution.risk_noted_at),
            auto_close_at: t(ticket.auto_close_at),
            onsite_started_at: t(onsite.started_at),
            onsite_due_at: t(onsite.due_at),
            onsite_at: t(onsite.met_at),
            onsite_escalated_at: t(onsite.escalated_at),
            onsite_risk_noted_at: t(onsite.risk_noted_at),
            hot_at: t(hot.started_at),
            hot_report_due_at: t(hot.due_at),
            hot_reported_at: t(hot.met_at),
            hot_report_escalated_at: t(hot.escalated_at),
            hot_report_risk_noted_at: t(hot.risk_noted_at),
            root_cause_id: ticket.root_cause_id.map(|r| r.to_string()),
            supervised_at: t(supervision.started_at),
            supervision_due_at: t(supervision.due_at),
            supervision_escalated_at: t(supervision.escalated_at),
            supervision_risk_noted_at: t(supervision.risk_noted_at),
            urge_count: ticket.urge_count,
            urged_at: t(ticket.urged_at),
            returned_by_department_id: ticket.returned_by.map(|d| d.to_string()),
            return_reason: ticket.return_reason.clone(),
        }
    }
}

pub fn insert(conn: &mut DbConnection, row: &TicketRow) -> Result<(), Error> {
    diesel::insert_into(tickets::table).values(row).execute(conn)?;
    Ok(())
}

pub fn find(conn: &mut DbConnection, id: &str) -> Result<Option<TicketRow>, Error> {
    Ok(tickets::table.find(id).first(conn).optional()?)
}

/// Reads a ticket to change it: on PostgreSQL the row stays locked until the transaction
/// ends; SQLite writers already take turns (see `Db::write`).
pub fn find_for_update(conn: &mut DbConnection, id: &str) -> Result<Option<TicketRow>, Error> {
    if let DbConnection::Postgresql(c) = conn {
        diesel::sql_query("SELECT id FROM tickets WHERE id = $1 FOR UPDATE").bind::<Text, _>(id).execute(c)?;
    }
    find(conn, id)
}

/// Writes back a ticket read with [`find_for_update`]; `row.version` is the new version.
pub fn save(conn: &mut DbConnection, row: &TicketRow) -> Result<(), Error> {
    let updated = diesel::update(tickets::table.find(&row.id).filter(tickets::version.eq(row.version - 1)))
        .set(row)
        .execute(conn)?;
    if updated != 1 {
        return Err(Error::conflict(ErrorCode::ConcurrentUpdate, "the ticket was changed at the same time; try again"));
    }
    Ok(())
}

/// A ticket as the domain sees it.
pub fn load(conn: &mut DbConnection, id: TicketId) -> Result<Option<Ticket>, Error> {
    find(conn, &id.to_string())?.map(TicketRow::into_ticket).transpose()
}

/// A ticket to change: locked until the transaction ends (see [`find_for_update`]).
pub fn load_for_update(conn: &mut DbConnection, id: TicketId) -> Result<Option<Ticket>, Error> {
    find_for_update(conn, &id.to_string())?.map(TicketRow::into_ticket).transpose()
}

/// Writes a changed ticket; `ticket.version` is its new version (one more than read).
pub fn store(conn: &mut DbConnection, ticket: &Ticket, at_risk_percent: u8) -> Result<(), Error> {
    save(conn, &TicketRow::of(ticket, at_risk_percent))
}

/// The next number of the day: `20261122-0007`. One counter row per day.
pub fn next_number(conn: &mut DbConnection, day: &str) -> Result<String, Error> {
    #[derive(QueryableByName)]
    struct Last {
        #[diesel(sql_type = BigInt)]
        last: i64,
    }
    let last: Last = match conn {
        DbConnection::Postgresql(c) => diesel::sql_query(
            "INSERT INTO ticket_counters (day, last) VALUES ($1, 1) \
             ON CONFLICT (day) DO UPDATE SET last = ticket_counters.last + 1 RETURNING last",
        )
        .bind::<Text, _>(day)
        .get_result(c)?,
        DbConnection::Sqlite(c) => diesel::sql_query(
            "INSERT INTO ticket_counters (day, last) VALUES (?, 1) \
             ON CONFLICT (day) DO UPDATE SET last = ticket_counters.last + 1 RETURNING last",
        )
        .bind::<Text, _>(day)
        .get_result(c)?,
    };
    Ok(format!("{day}-{:04}", last.last))
}

/// The queue's filters, already checked.
#[derive(Debug, Default, Clone)]
pub struct TicketFilter {
    pub statuses: Vec<String>,
    pub department_id: Option<String>,
    pub urgency: Option<String>,
    /// `Some(true)`: a running clock is past due; `Some(false)`: none is.
    pub breached: Option<bool>,
    /// `Some(true)`: a running clock is at risk and none breached; `Some(false)`: neither.
    pub at_risk: Option<bool>,
    /// `Some(true)`: escalated at least once; `Some(false)`: never.
    pub escalated: Option<bool>,
    /// `Some(true)`: flagged hot; `Some(false)`: not.
    pub hot: Option<bool>,
    /// Only tickets whose nearest running deadline is at or before this.
    pub due_before: Option<NaiveDateTime>,
    pub owner_id: Option<String>,
    /// Matches the number, subject, description, or the customer's name, address or unit.
    pub q: Option<String>,
    /// Or the customer's phone, as far as the searcher may see it.
    pub phone: Option<PhoneMatch>,
    pub now: Option<NaiveDateTime>,
    /// Keyset: the (queue_due_at, id) of the last ticket of the previous page.
    pub after: Option<(NaiveDateTime, String)>,
    pub limit: i64,
}

fn like_pattern(q: &str) -> String {
    let escaped = q.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    format!("%{}%", escaped.to_lowercase())
}

/// One page of the queue, nearest due first (rows with no running clock last).
pub fn list(conn: &mut DbConnection, f: &TicketFilter) -> Result<Vec<TicketRow>, Error> {
    use tickets::dsl as t;
    let mut q = t::tickets.order((t::queue_due_at.asc(), t::id.asc())).limit(f.limit).into_boxed();
    if !f.statuses.is_empty() {
        q = q.filter(t::status.eq_any(f.statuses.clone()));
    }
    if let Some(d) = &f.department_id {
        q = q.filter(t::department_id.eq(d.clone()));
    }
    if let Some(u) = &f.urgency {
        q = q.filter(t::urgency.eq(u.clone()));
    }
    if let Some(o) = &f.owner_id {
        q = q.filter(t::owner_id.eq(o.clone()));
    }
    if let (Some(breached), Some(now)) = (f.breached, f.now) {
        q = if breached { q.filter(t::queue_due_at.le(now)) } else { q.filter(t::queue_due_at.gt(now)) };
    }
    if let (Some(at_risk), Some(now)) = (f.at_risk, f.now) {
        q = if at_risk {
            q.filter(t::risk_at.le(now)).filter(t::queue_due_at.gt(now))
        } else {
            q.filter(t::risk_at.gt(now).or(t::risk_at.is_null()))
        };
    }
    if let Some(escalated) = f.escalated {
        q = if escalated { q.filter(t::escalation_level.gt(0)) } else { q.filter(t::escalation_level.eq(0)) };
    }
    if let Some(before) = f.due_before {
        q = q.filter(t::queue_due_at.le(before));
    }
    if let Some(hot) = f.hot {
        q = if hot { q.filter(t::hot_at.is_not_null()) } else { q.filter(t::hot_at.is_null()) };
    }
    if let Some(text) = &f.q {
        let pattern = like_pattern(text);
        let text_match = t::number
            .like(pattern.clone())
            .escape('\\')
            .or(lower(t::subject).like(pattern.clone()).escape('\\'))
            .or(lower(t::description).like(pattern.clone()).escape('\\'));
        // The customer: by name, address or unit (shown on every ticket), or by phone as
        // far as the searcher may see it.
        // A LIKE pattern for the phone: the whole number (it has no wildcards), the visible
        // digits, or nothing (an empty pattern matches no stored number).
        let phone_like = match &f.phone {
            Some(PhoneMatch::Exact(phone)) => phone.clone(),
            Some(PhoneMatch::Visible(visible)) => visible.clone(),
            None => String::new(),
        };
        let who = customers::table
            .filter(
                lower(customers::name)
                    .like(pattern.clone())
                    .escape('\\')
                    .or(lower_or_null(customers::address).like(pattern.clone()).escape('\\').assume_not_null())
                    .or(lower_or_null(customers::unit).like(pattern.clone()).escape('\\').assume_not_null())
                    .or(customers::phone.like(phone_like)),
            )
            .select(customers::id);
        q = q.filter(text_match.or(t::customer_id.eq_any(who)));
    }
    if let Some((due, id)) = &f.after {
        q = q.filter(t::queue_due_at.gt(*due).or(t::queue_due_at.eq(*due).and(t::id.gt(id.clone()))));
    }
    Ok(q.load(conn)?)
}

/// A customer's tickets, newest first (for the caller lookup at intake).
pub fn for_customer(conn: &mut DbConnection, customer_id: &str, limit: i64) -> Result<Vec<TicketRow>, Error> {
    Ok(tickets::table
        .filter(tickets::customer_id.eq(customer_id.to_owned()))
        .order((tickets::created_at.desc(), tickets::id.desc()))
        .limit(limit)
        .load(conn)?)
}

/// Ids of tickets with a clock past due, unmet and not yet escalated, oldest first: a
/// range read of the `sweep_due_at` index, so it costs O(due items).
pub fn due_for_sweep(conn: &mut DbConnection, now: NaiveDateTime, limit: i64) -> Result<Vec<String>, Error> {
    use tickets::dsl as t;
    Ok(t::tickets.filter(t::sweep_due_at.le(now)).order(t::sweep_due_at.asc()).select(t::id).limit(limit).load(conn)?)
}

/// Inserts many tickets (seeding benchmarks and imports): multi-row statements on
/// PostgreSQL; row by row on SQLite, where that is as fast inside one transaction (and
/// batch inserts do not compile through `MultiBackend`).
pub fn insert_many(conn: &mut DbConnection, rows: &[TicketRow]) -> Result<(), Error> {
    match conn {
        DbConnection::Postgresql(c) => {
            for chunk in rows.chunks(500) {
                diesel::insert_into(tickets::table).values(chunk).execute(c)?;
            }
        }
        DbConnection::Sqlite(c) => {
            for row in rows {
                diesel::insert_into(tickets::table).values(row).execute(c)?;
            }
        }
    }
    Ok(())
}

/// How many distinct customers complained on a main ticket and its merged duplicates.
pub fn distinct_complainants(conn: &mut DbConnection, main_id: &str) -> Result<i64, Error> {
    use diesel::{dsl::count, expression_methods::AggregateExpressionMethods};
    use tickets::dsl as t;
    let family = t::id.eq(main_id.to_owned()).or(t::duplicate_of.eq(main_id.to_owned()));
    Ok(t::tickets.filter(family).select(count(t::customer_id).aggregate_distinct()).first(conn)?)
}

/// Whether any ticket is merged into `id`.
pub fn has_duplicates(conn: &mut DbConnection, id: &str) -> Result<bool, Error> {
    use tickets::dsl as t;
    let n: i64 = t::tickets.filter(t::duplicate_of.eq(id.to_owned())).count().get_result(conn)?;
    Ok(n > 0)
}

/// Open (or resolved) tickets of a customer other than `except`, newest first: likely
/// duplicates.
pub fn open_for_customer(
    conn: &mut DbConnection,
    customer_id: &str,
    except: &str,
    limit: i64,
) -> Result<Vec<TicketRow>, Error> {
    use tickets::dsl as t;
    Ok(t::tickets
        .filter(t::customer_id.eq(customer_id.to_owned()))
        .filter(t::id.ne(except.to_owned()))
        .filter(t::status.eq_any(TicketStatus::OPEN_OR_RESOLVED.map(TicketStatus::as_str)))
        .order((t::created_at.desc(), t::id.desc()))
        .limit(limit)
        .load(conn)?)
}

/// Resolved tickets waiting for their callback, longest waiting first; keyset on
/// (resolved_at, id).
pub fn awaiting_callback(
    conn: &mut DbConnection,
    after: Option<(NaiveDateTime, String)>,
    limit: i64,
) -> Result<Vec<TicketRow>, Error> {
    use tickets::dsl as t;
    let mut q = t::tickets
        .filter(t::status.eq(TicketStatus::Resolved.as_str()))
        .order((t::resolved_at.asc(), t::id.asc()))
        .limit(limit)
        .into_boxed();
    if let Some((at, id)) = after {
        q = q.filter(t::resolved_at.gt(at).or(t::resolved_at.eq(at).and(t::id.gt(id))));
    }
    Ok(q.load(conn)?)
}

/// Open (or resolved) tickets of other customers of the same unit/project since `since`,
/// newest first: the candidates for "the same matter raised by several people".
pub fn open_for_unit(
    conn: &mut DbConnection,
    unit: &str,
    except_customer: &str,
    since: NaiveDateTime,
    limit: i64,
) -> Result<Vec<TicketRow>, Error> {
    use tickets::dsl as t;
    let neighbours = customers::table
        .filter(customers::unit.eq(unit.to_owned()))
        .filter(customers::id.ne(except_customer.to_owned()))
        .select(customers::id);
    Ok(t::tickets
        .filter(t::customer_id.eq_any(neighbours))
        .filter(t::created_at.ge(since))
        .filter(t::status.eq_any(TicketStatus::OPEN_OR_RESOLVED.map(TicketStatus::as_str)))
        .order((t::created_at.desc(), t::id.desc()))
        .limit(limit)
        .load(conn)?)
}

//! Reading the likely duplicates of a ticket; which of them are offered, and in what
//! order, is the domain's rule (`domain::duplicates`).

use chrono::{DateTime, Utc};

use crate::{
    db::{self, tickets::TicketRow, DbConnection},
    domain::{
        duplicates::{matter, most_alike, similar_since, SAME_CALLER_LIMIT, SIMILAR_CANDIDATES},
        ids::TicketId,
        role::Actor,
    },
    error::Error,
};

/// The likely duplicates of ticket `id` the actor may see (404 otherwise): the same
/// caller's other open or resolved tickets, newest first; then, when the caller belongs to
/// a unit or project, the open or resolved tickets of its other callers in the last
/// `SIMILAR_WITHIN_DAYS` days whose text is alike, most alike first.
pub fn candidates(
    conn: &mut DbConnection,
    actor: &Actor,
    id: TicketId,
    now: DateTime<Utc>,
) -> Result<Vec<TicketRow>, Error> {
    let ticket = super::tickets::visible(conn, actor, id)?;
    let (ticket_id, customer_id) = (ticket.id.to_string(), ticket.customer_id.to_string());
    let mut rows = db::tickets::open_for_customer(conn, &customer_id, &ticket_id, SAME_CALLER_LIMIT)?;
    let unit = db::customers::find(conn, &customer_id)?.and_then(|c| c.unit).filter(|u| !u.trim().is_empty());
    if let Some(unit) = unit {
        let since = db::to_db(similar_since(now));
        let neighbours = db::tickets::open_for_unit(conn, &unit, &customer_id, since, SIMILAR_CANDIDATES)?
            .into_iter()
            .filter(|r| r.id != ticket_id)
            .map(|r| (matter(&r.subject, &r.description), r));
        rows.extend(most_alike(&matter(&ticket.subject, &ticket.description), neighbours));
    }
    Ok(rows)
}

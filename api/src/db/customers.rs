//! Customers, found again by their phone number.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{schema::customers, DbConnection};
use crate::error::Error;

#[derive(Debug, Clone, Queryable, Insertable, AsChangeset, Identifiable)]
#[diesel(table_name = customers, treat_none_as_null = true)]
pub struct CustomerRow {
    pub id: String,
    pub name: String,
    /// Normal form, see `domain::phone::Phone`.
    pub phone: String,
    pub address: Option<String>,
    pub unit: Option<String>,
    pub created_at: NaiveDateTime,
}

pub fn find(conn: &mut DbConnection, id: &str) -> Result<Option<CustomerRow>, Error> {
    Ok(customers::table.find(id).first(conn).optional()?)
}

pub fn find_by_phone(conn: &mut DbConnection, phone: &str) -> Result<Option<CustomerRow>, Error> {
    Ok(customers::table.filter(customers::phone.eq(phone)).first(conn).optional()?)
}

pub fn find_many(conn: &mut DbConnection, ids: &[String]) -> Result<Vec<CustomerRow>, Error> {
    Ok(customers::table.filter(customers::id.eq_any(ids)).load(conn)?)
}

/// Inserts `row` unless a customer with its phone exists, and returns the customer with
/// that phone and whether it is the new row. Race-free: of two intakes for one new number
/// at once, one inserts and the other finds its row (on PostgreSQL the second insert waits
/// for the first to commit, then does nothing), so both succeed and share one record.
pub fn insert_or_find(conn: &mut DbConnection, row: &CustomerRow) -> Result<(CustomerRow, bool), Error> {
    let inserted = match conn {
        DbConnection::Postgresql(c) => {
            diesel::insert_into(customers::table).values(row).on_conflict(customers::phone).do_nothing().execute(c)?
        }
        DbConnection::Sqlite(c) => {
            diesel::insert_into(customers::table).values(row).on_conflict(customers::phone).do_nothing().execute(c)?
        }
    };
    let found = find_by_phone(conn, &row.phone)?
        .ok_or_else(|| Error::internal(format!("customer {} vanished after its insert", row.id)))?;
    Ok((found, inserted == 1))
}

pub fn update(conn: &mut DbConnection, row: &CustomerRow) -> Result<(), Error> {
    diesel::update(customers::table.find(&row.id)).set(row).execute(conn)?;
    Ok(())
}

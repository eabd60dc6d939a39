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

pub fn insert(conn: &mut DbConnection, row: &CustomerRow) -> Result<(), Error> {
    diesel::insert_into(customers::table).values(row).execute(conn)?;
    Ok(())
}

pub fn update(conn: &mut DbConnection, row: &CustomerRow) -> Result<(), Error> {
    diesel::update(customers::table.find(&row.id)).set(row).execute(conn)?;
    Ok(())
}

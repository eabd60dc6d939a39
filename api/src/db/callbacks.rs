//! Callback attempts (回访): one row each, for satisfaction figures.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{schema::callbacks, DbConnection};
use crate::error::Error;

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = callbacks)]
pub struct CallbackRow {
    pub id: String,
    pub ticket_id: String,
    /// The department that resolved the ticket, if one did.
    pub department_id: Option<String>,
    pub at: NaiveDateTime,
    pub by_user: String,
    pub reached: bool,
    pub satisfaction: Option<String>,
    pub comment: Option<String>,
}

pub fn insert(conn: &mut DbConnection, row: &CallbackRow) -> Result<(), Error> {
    diesel::insert_into(callbacks::table).values(row).execute(conn)?;
    Ok(())
}

//! Responsible departments (责任部门), the receivers of dispatches.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{schema::departments, DbConnection};
use crate::error::Error;

#[derive(Debug, Clone, Queryable, Insertable, AsChangeset, Identifiable)]
#[diesel(table_name = departments)]
pub struct DepartmentRow {
    pub id: String,
    pub name: String,
    pub active: bool,
    pub created_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConnection, row: &DepartmentRow) -> Result<(), Error> {
    diesel::insert_into(departments::table).values(row).execute(conn)?;
    Ok(())
}

pub fn find(conn: &mut DbConnection, id: &str) -> Result<Option<DepartmentRow>, Error> {
    Ok(departments::table.find(id).first(conn).optional()?)
}

pub fn name_taken(conn: &mut DbConnection, name: &str, except_id: Option<&str>) -> Result<bool, Error> {
    let mut q = departments::table.filter(departments::name.eq(name)).into_boxed();
    if let Some(id) = except_id {
        q = q.filter(departments::id.ne(id.to_owned()));
    }
    Ok(q.count().get_result::<i64>(conn)? > 0)
}

/// A page of departments in creation order, after the department `after`.
pub fn list(conn: &mut DbConnection, after: Option<&str>, limit: i64) -> Result<Vec<DepartmentRow>, Error> {
    let mut q = departments::table.order(departments::id.asc()).limit(limit).into_boxed();
    if let Some(after) = after {
        q = q.filter(departments::id.gt(after.to_owned()));
    }
    Ok(q.load(conn)?)
}

pub fn update(conn: &mut DbConnection, row: &DepartmentRow) -> Result<(), Error> {
    diesel::update(departments::table.find(&row.id)).set(row).execute(conn)?;
    Ok(())
}

/// Names of the given departments, as (id, name).
pub fn names(conn: &mut DbConnection, ids: &[String]) -> Result<Vec<(String, String)>, Error> {
    Ok(departments::table
        .filter(departments::id.eq_any(ids))
        .select((departments::id, departments::name))
        .load(conn)?)
}

//! Root-cause categories, two levels (a category and its causes).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{schema::root_causes, DbConnection};
use crate::error::Error;

#[derive(Debug, Clone, Queryable, Insertable, AsChangeset, Identifiable)]
#[diesel(table_name = root_causes, treat_none_as_null = true)]
pub struct RootCauseRow {
    pub id: String,
    /// The category a cause belongs to; None for a category.
    pub parent_id: Option<String>,
    pub name: String,
    pub active: bool,
    pub created_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConnection, row: &RootCauseRow) -> Result<(), Error> {
    diesel::insert_into(root_causes::table).values(row).execute(conn)?;
    Ok(())
}

pub fn find(conn: &mut DbConnection, id: &str) -> Result<Option<RootCauseRow>, Error> {
    Ok(root_causes::table.find(id).first(conn).optional()?)
}

pub fn update(conn: &mut DbConnection, row: &RootCauseRow) -> Result<(), Error> {
    diesel::update(root_causes::table.find(&row.id)).set(row).execute(conn)?;
    Ok(())
}

/// Every category and cause, categories first, by name. The list is short (an admin
/// maintains it by hand).
pub fn all(conn: &mut DbConnection) -> Result<Vec<RootCauseRow>, Error> {
    Ok(root_causes::table.order((root_causes::name.asc(), root_causes::id.asc())).load(conn)?)
}

/// Whether a sibling (same parent) already has this name.
pub fn name_taken(
    conn: &mut DbConnection,
    parent_id: Option<&str>,
    name: &str,
    except: Option<&str>,
) -> Result<bool, Error> {
    use root_causes::dsl as r;
    let mut q = r::root_causes.filter(r::name.eq(name.to_owned())).into_boxed();
    q = match parent_id {
        Some(p) => q.filter(r::parent_id.eq(p.to_owned())),
        None => q.filter(r::parent_id.is_null()),
    };
    if let Some(id) = except {
        q = q.filter(r::id.ne(id.to_owned()));
    }
    Ok(q.count().get_result::<i64>(conn)? > 0)
}

/// Whether any cause (second level) is active: then complaints must name one.
pub fn any_active_cause(conn: &mut DbConnection) -> Result<bool, Error> {
    use root_causes::dsl as r;
    let n: i64 =
        r::root_causes.filter(r::active.eq(true)).filter(r::parent_id.is_not_null()).count().get_result(conn)?;
    Ok(n > 0)
}

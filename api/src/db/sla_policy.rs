//! The one SLA policy row. Absent means the defaults of the regulations.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{schema::sla_policy, DbConnection};
use crate::{
    domain::sla::{SlaPolicy, SlaPolicyDoc},
    error::Error,
};

const ROW_ID: i32 = 1;

pub fn get(conn: &mut DbConnection) -> Result<SlaPolicy, Error> {
    let stored: Option<String> = sla_policy::table.find(ROW_ID).select(sla_policy::policy).first(conn).optional()?;
    match stored {
        None => Ok(SlaPolicy::default()),
        Some(text) => {
            let doc: SlaPolicyDoc = serde_json::from_str(&text).map_err(Error::internal)?;
            doc.to_policy().map_err(|errors| Error::internal(format!("stored SLA policy is invalid: {errors:?}")))
        }
    }
}

pub fn put(conn: &mut DbConnection, policy: &SlaPolicy, at: NaiveDateTime, by: &str) -> Result<(), Error> {
    let text = serde_json::to_string(&SlaPolicyDoc::from_policy(policy)).map_err(Error::internal)?;
    let updated = diesel::update(sla_policy::table.find(ROW_ID))
        .set((sla_policy::policy.eq(&text), sla_policy::updated_at.eq(at), sla_policy::updated_by.eq(by)))
        .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(sla_policy::table)
            .values((
                sla_policy::id.eq(ROW_ID),
                sla_policy::policy.eq(&text),
                sla_policy::updated_at.eq(at),
                sla_policy::updated_by.eq(by),
            ))
            .execute(conn)?;
    }
    Ok(())
}

//! Caller lookup by phone: who is calling, and their earlier tickets (possible duplicates).

use actix_web::{get, web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::{
    extract::{AuthUser, Query},
    openapi::ReadErrors,
    tickets::{render_rows, Ticket, Viewer},
    AppState,
};
use crate::{
    clock, db,
    domain::{phone::Phone, role::Role},
    error::Error,
};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LookupParams {
    /// The caller's number, as typed: digits with spaces, dashes, dots, brackets, a leading `+`.
    #[param(pattern = "^[+]?[0-9 ().-]*[0-9]{3}[0-9 ().-]*$", max_length = 32)]
    pub phone: String,
}

/// A known caller and their latest tickets.
#[derive(Debug, Serialize, ToSchema)]
pub struct CustomerLookup {
    pub id: Uuid,
    pub name: String,
    pub phone: String,
    pub address: Option<String>,
    pub unit: Option<String>,
    /// The caller's latest tickets, newest first (at most 20).
    pub tickets: Vec<Ticket>,
}

/// Finds the caller by phone (call-center staff). 404 when the number is new.
#[utoipa::path(
    tag = "customers", params(LookupParams),
    responses((status = 200, body = CustomerLookup), ReadErrors), security(("bearer" = []))
)]
#[get("/customers/lookup")]
pub async fn lookup_customer(
    state: web::Data<AppState>,
    user: AuthUser,
    params: Query<LookupParams>,
) -> Result<HttpResponse, Error> {
    user.require(&[Role::Agent, Role::Supervisor, Role::Admin], "look up customers")?;
    let viewer = Viewer::of(&user);
    let phone = Phone::parse(&params.phone).map_err(|m| Error::invalid("phone", m))?;
    let now = clock::now(state.clock.as_ref());
    let found = state
        .db
        .read(move |c| {
            let customer =
                db::customers::find_by_phone(c, phone.as_str())?.ok_or_else(|| Error::not_found("customer"))?;
            let rows = db::tickets::for_customer(c, &customer.id, 20)?;
            let tickets = render_rows(c, rows, &viewer, now)?;
            Ok(CustomerLookup {
                id: super::stored_id(&customer.id)?,
                name: customer.name,
                phone: customer.phone,
                address: customer.address,
                unit: customer.unit,
                tickets,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(found))
}

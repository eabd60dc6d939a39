//! Users (admin).

use actix_web::{get, patch, post, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::{
    extract::{required_text, AdminUser, AuthUser, Body, Query},
    openapi::{ReadErrors, WriteErrors},
    pagination::{self, Page},
    tickets::PageParams,
    AppState,
};
use crate::{
    clock,
    db::{self, users::UserRow, DbConnection},
    domain::{password, role::Role},
    error::{Error, ErrorCode},
};

/// A user of the console or the API.
#[derive(Debug, Serialize, ToSchema)]
pub struct User {
    pub id: Uuid,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// The department of department staff; null for everyone else.
    pub department_id: Option<Uuid>,
    pub active: bool,
    /// The user must choose a new password (`POST /auth/password`) before anything else: set
    /// for the first `admin` when its password was generated, and whenever an administrator
    /// sets or resets a user's password; cleared when the user changes it.
    pub password_change_required: bool,
    pub created_at: DateTime<Utc>,
}

impl User {
    pub fn from_row(row: UserRow) -> Result<User, Error> {
        Ok(User {
            id: super::stored_id(&row.id)?,
            role: Role::parse(&row.role).ok_or_else(|| Error::internal(format!("unknown role {:?}", row.role)))?,
            department_id: row.department_id.as_deref().map(super::stored_id).transpose()?,
            username: row.username,
            display_name: row.display_name,
            active: row.active,
            password_change_required: row.password_change_required,
            created_at: db::from_db(row.created_at),
        })
    }
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateUser {
    /// Letters, digits, `.`, `_` and `-`.
    #[validate(length(min = 2, max = 64))]
    #[schema(min_length = 2, max_length = 64, example = "agent.li")]
    pub username: String,
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100, example = "李坐席")]
    pub display_name: String,
    pub role: Role,
    /// Required for department staff, refused for everyone else.
    pub department_id: Option<Uuid>,
    /// At least 8 characters, not commonly used or easily guessed, and not containing the
    /// username or display name (422 on `password` with the reason). The user must change it
    /// at first sign-in (`password_change_required`).
    #[validate(length(min = 8, max = 256))]
    #[schema(min_length = 8, max_length = 256)]
    pub password: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateUser {
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub display_name: Option<String>,
    pub role: Option<Role>,
    pub department_id: Option<Uuid>,
    /// The same rules as at creation. Ends the user's sessions, and the user must change it
    /// at their next sign-in (`password_change_required`).
    #[validate(length(min = 8, max = 256))]
    #[schema(min_length = 8, max_length = 256)]
    pub password: Option<String>,
    /// A deactivated user cannot sign in, and their sessions end at once.
    pub active: Option<bool>,
}

/// A new password, against the rules of `domain::password` (422 on `password`).
pub fn check_password(password: &str, username: &str, display_name: &str) -> Result<(), Error> {
    password::check(password, username, display_name).map_err(|reason| Error::invalid("password", reason))
}

fn valid_username(name: &str) -> bool {
    name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

/// Checks the role/department pair: staff need an existing department, others none.
fn check_department(conn: &mut DbConnection, role: Role, department_id: Option<&str>) -> Result<(), Error> {
    match (role.needs_department(), department_id) {
        (true, None) => Err(Error::invalid("department_id", "department staff belong to a department")),
        (false, Some(_)) => Err(Error::invalid("department_id", "only department staff belong to a department")),
        (true, Some(id)) => match db::departments::find(conn, id)? {
            Some(_) => Ok(()),
            None => Err(Error::invalid("department_id", "no such department")),
        },
        (false, None) => Ok(()),
    }
}

/// All users, in creation order (admin, supervisors).
#[utoipa::path(
    tag = "admin", params(PageParams),
    responses((status = 200, body = Page<User>), ReadErrors), security(("bearer" = []))
)]
#[get("/users")]
pub async fn list_users(
    state: web::Data<AppState>,
    user: AuthUser,
    params: Query<PageParams>,
) -> Result<HttpResponse, Error> {
    user.require(&[Role::Admin, Role::Supervisor], "list users")?;
    let (limit, cursor) = (params.limit, params.cursor.as_deref());
    let page = pagination::by_id(&state.db, limit, cursor, db::users::list, |r| r.id.clone(), User::from_row).await?;
    Ok(HttpResponse::Ok().json(page))
}

/// One user (admin, supervisors, or the user themself).
#[utoipa::path(
    tag = "admin", params(("id" = Uuid, Path)),
    responses((status = 200, body = User), ReadErrors), security(("bearer" = []))
)]
#[get("/users/{id}")]
pub async fn get_user(state: web::Data<AppState>, user: AuthUser, id: web::Path<Uuid>) -> Result<HttpResponse, Error> {
    let id = id.into_inner().to_string();
    if user.0.id.to_string() != id {
        user.require(&[Role::Admin, Role::Supervisor], "see other users")?;
    }
    let row = state.db.read(move |c| db::users::find(c, &id)).await?.ok_or_else(|| Error::not_found("user"))?;
    Ok(HttpResponse::Ok().json(User::from_row(row)?))
}

/// Creates a user (admin).
#[utoipa::path(
    tag = "admin", request_body = CreateUser,
    responses((status = 201, body = User), WriteErrors), security(("bearer" = []))
)]
#[post("/users")]
pub async fn create_user(
    state: web::Data<AppState>,
    _admin: AdminUser,
    body: Body<CreateUser>,
) -> Result<HttpResponse, Error> {
    let input = body.parse()?;
    if !valid_username(&input.username) {
        return Err(Error::invalid("username", "may contain only letters, digits, `.`, `_` and `-`"));
    }
    let display_name = required_text("display_name", &input.display_name)?;
    check_password(&input.password, &input.username, &display_name)?;
    let password = input.password;
    let hash = state.passwords.hash(password).await?;
    let now = db::to_db(clock::now(state.clock.as_ref()));
    let row = state
        .db
        .write(move |c| {
            let department_id = input.department_id.map(|d| d.to_string());
            check_department(c, input.role, department_id.as_deref())?;
            if db::users::username_taken(c, &input.username)? {
                return Err(Error::conflict(
                    ErrorCode::UsernameTaken,
                    format!("the username `{}` is taken", input.username),
                ));
            }
            let row = UserRow {
                id: db::new_id(),
                username: input.username,
                display_name,
                role: input.role.as_str().to_owned(),
                department_id,
                password_hash: hash,
                active: true,
                created_at: now,
                updated_at: now,
                session_version: 0,
                password_change_required: true,
            };
            db::users::insert(c, &row)?;
            Ok(row)
        })
        .await?;
    Ok(HttpResponse::Created().json(User::from_row(row)?))
}

/// Changes a user's name, role, department, password or active flag (admin). A new
/// password, a new role or deactivation ends the user's sessions (and open streams).
#[utoipa::path(
    tag = "admin", params(("id" = Uuid, Path)), request_body = UpdateUser,
    responses((status = 200, body = User), WriteErrors), security(("bearer" = []))
)]
#[patch("/users/{id}")]
pub async fn update_user(
    state: web::Data<AppState>,
    admin: AdminUser,
    id: web::Path<Uuid>,
    body: Body<UpdateUser>,
) -> Result<HttpResponse, Error> {
    let admin = admin.0;
    let id = id.into_inner().to_string();
    let input = body.parse()?;
    let hash = match input.password.clone() {
        Some(p) => {
            let lookup = id.clone();
            let user =
                state.db.read(move |c| db::users::find(c, &lookup)).await?.ok_or_else(|| Error::not_found("user"))?;
            let display_name = input.display_name.as_deref().unwrap_or(&user.display_name);
            check_password(&p, &user.username, display_name)?;
            Some(state.passwords.hash(p).await?)
        }
        None => None,
    };
    let now = db::to_db(clock::now(state.clock.as_ref()));
    let row = state
        .db
        .write(move |c| {
            let mut row = db::users::find(c, &id)?.ok_or_else(|| Error::not_found("user"))?;
            let current = Role::parse(&row.role).ok_or_else(|| Error::internal("unknown role"))?;
            let role = input.role.unwrap_or(current);
            let department_id = match (input.department_id, role.needs_department()) {
                (Some(d), _) => Some(d.to_string()),
                (None, true) => row.department_id.clone(),
                (None, false) => None,
            };
            check_department(c, role, department_id.as_deref())?;
            if row.id == admin.id.to_string() && (role != Role::Admin || input.active == Some(false)) {
                return Err(Error::conflict(ErrorCode::LastAdminGuard, "you cannot demote or deactivate yourself"));
            }
            if let Some(name) = input.display_name {
                row.display_name = required_text("display_name", name)?;
            }
            let ends_sessions = hash.is_some() || role != current || (row.active && input.active == Some(false));
            row.role = role.as_str().to_owned();
            row.department_id = department_id;
            if let Some(hash) = hash {
                row.password_hash = hash;
                row.password_change_required = true;
            }
            if let Some(active) = input.active {
                row.active = active;
            }
            if ends_sessions {
                row.session_version += 1;
            }
            row.updated_at = now;
            db::users::update(c, &row)?;
            Ok((row, ends_sessions))
        })
        .await?;
    let (row, ended) = row;
    if ended {
        state.sessions.end(&row.id);
    }
    Ok(HttpResponse::Ok().json(User::from_row(row)?))
}

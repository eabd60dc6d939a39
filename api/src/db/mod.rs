//! Storage: diesel over SQLite (bundled, WAL) or PostgreSQL with one code path.
//!
//! [`DbConnection`] is a `MultiConnection`; the backend is picked from the URL scheme.
//! Blocking diesel work runs on tokio's blocking pool through [`Db::read`] and
//! [`Db::write`]; a write is one transaction. The per-table queries live beside this file.

/// `tickets.department_id = d`, written as an expression on purpose: a department has a
/// large share of all tickets, and the planner should range over the period's time index
/// and filter, not read every ticket of the department through the department index
/// (SQLite, with no statistics, does the latter for a bare `department_id = ?`: 8 s
/// instead of 70 ms at a million tickets, measured with the bench).
#[macro_export]
macro_rules! in_department {
    ($d:expr) => {
        diesel::dsl::sql::<diesel::sql_types::Bool>("COALESCE(tickets.department_id, '') = ")
            .bind::<diesel::sql_types::Text, _>($d.clone())
    };
}

pub mod answers;
pub mod api_tokens;
pub mod callbacks;
pub mod customers;
pub mod departments;
pub mod events;
pub mod extensions;
pub mod handovers;
pub mod idempotency;
pub mod reports;
pub mod root_causes;
pub mod schema;
pub mod sign_in_lockouts;
pub mod sla_policy;
pub mod tickets;
pub mod users;
pub mod webhooks;

use std::{
    sync::{Arc, Mutex},
    time::Duration,
};

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::{
    connection::SimpleConnection,
    r2d2::{CustomizeConnection, ManageConnection, Pool, R2D2Connection},
    Connection, ConnectionError,
};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

use crate::error::Error;

#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Postgresql(diesel::PgConnection),
    Sqlite(diesel::SqliteConnection),
}

const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/postgres");
const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/sqlite");

/// Which database a URL names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Backend {
    Postgres(String),
    Sqlite(String),
}

impl Backend {
    /// `postgres://…`/`postgresql://…` is PostgreSQL; `sqlite://PATH` or a bare path is SQLite.
    pub fn from_url(url: &str) -> Backend {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres(url.to_owned())
        } else {
            let path = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")).unwrap_or(url);
            Backend::Sqlite(path.to_owned())
        }
    }
}

/// Opens one connection to the backend the URL named. (The derived `establish` of a
/// `MultiConnection` tries each backend in turn and reports only "invalid connection url".)
fn establish(backend: &Backend) -> Result<DbConnection, ConnectionError> {
    match backend {
        Backend::Postgres(u) => diesel::PgConnection::establish(u).map(DbConnection::Postgresql),
        Backend::Sqlite(path) => diesel::SqliteConnection::establish(path).map(DbConnection::Sqlite),
    }
}

/// The pool's connection manager: r2d2 with the real connection errors.
#[derive(Debug)]
struct Manager(Backend);

impl ManageConnection for Manager {
    type Connection = DbConnection;
    type Error = diesel::r2d2::Error;

    fn connect(&self) -> Result<DbConnection, Self::Error> {
        establish(&self.0).map_err(diesel::r2d2::Error::ConnectionError)
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), Self::Error> {
        conn.ping().map_err(diesel::r2d2::Error::QueryError)
    }

    fn has_broken(&self, conn: &mut DbConnection) -> bool {
        conn.is_broken()
    }
}

#[derive(Debug)]
struct SqlitePragmas;

impl CustomizeConnection<DbConnection, diesel::r2d2::Error> for SqlitePragmas {
    fn on_acquire(&self, conn: &mut DbConnection) -> Result<(), diesel::r2d2::Error> {
        if let DbConnection::Sqlite(c) = conn {
            c.batch_execute(
                "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                 PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;",
            )
            .map_err(diesel::r2d2::Error::QueryError)?;
        }
        Ok(())
    }
}

/// The connection pool, and the way in for every query.
#[derive(Clone)]
pub struct Db {
    pool: Pool<Manager>,
    /// SQLite allows one writer: writes in this process take turns here instead of
    /// failing with SQLITE_BUSY when a read transaction upgrades to a write.
    sqlite_writer: Option<Arc<Mutex<()>>>,
    /// SQLite: the exclusive lock on `<database>.lock`, held while the process runs, so
    /// that a second process on the same file is refused at start.
    _sqlite_lock: Option<Arc<std::fs::File>>,
}

#[derive(Debug, thiserror::Error)]
#[error("database {url}: {message}")]
pub struct ConnectError {
    url: String,
    message: String,
}

impl Db {
    /// Connects (failing within seconds, with the real reason, when the database is not
    /// there) and runs the embedded migrations.
    pub fn connect(url: &str, pool_size: u32) -> Result<Db, ConnectError> {
        let backend = Backend::from_url(url);
        let fail = |message: String| ConnectError { url: redact(url), message };
        let sqlite_lock = match &backend {
            Backend::Postgres(_) => None,
            Backend::Sqlite(path) => {
                if let Some(dir) = std::path::Path::new(path).parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir).map_err(|e| fail(format!("cannot create {}: {e}", dir.display())))?;
                }
                Some(Arc::new(lock_sqlite(path).map_err(fail)?))
            }
        };
        // Try one connection by hand first: r2d2 would retry quietly until its timeout.
        let mut first = establish(&backend).map_err(|e| fail(e.to_string()))?;
        SqlitePragmas.on_acquire(&mut first).map_err(|e| fail(e.to_string()))?;
        let migrated = match &mut first {
            DbConnection::Postgresql(c) => c.run_pending_migrations(POSTGRES_MIGRATIONS).map(drop),
            DbConnection::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS).map(drop),
        };
        migrated.map_err(|e| fail(format!("migrations failed: {e}")))?;
        drop(first);

        let sqlite_writer = matches!(backend, Backend::Sqlite(_)).then(|| Arc::new(Mutex::new(())));
        let pool = Pool::builder()
            .max_size(pool_size)
            .connection_timeout(Duration::from_secs(5))
            .connection_customizer(Box::new(SqlitePragmas))
            .build(Manager(backend))
            .map_err(|e| fail(e.to_string()))?;
        Ok(Db { pool, sqlite_writer, _sqlite_lock: sqlite_lock })
    }

    /// Runs read-only work on a pooled connection, off the async threads.
    pub async fn read<T, F>(&self, f: F) -> Result<T, Error>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, Error> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.pool.clone();
        tokio::task::spawn_blocking(move || {
            let mut conn = pool.get()?;
            f(&mut conn)
        })
        .await
        .map_err(Error::internal)?
    }

    /// Runs `f` in one transaction: everything it writes commits together, or nothing does.
    pub async fn write<T, F>(&self, f: F) -> Result<T, Error>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, Error> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.pool.clone();
        let writer = self.sqlite_writer.clone();
        tokio::task::spawn_blocking(move || {
            let mut conn = pool.get()?;
            let _turn = writer.as_ref().map(|m| m.lock().unwrap_or_else(|p| p.into_inner()));
            (*conn).transaction(f)
        })
        .await
        .map_err(Error::internal)?
    }

    /// Runs `write` in one transaction, then — after it committed and, on SQLite, after the
    /// writer's turn ended — `read` with its result on the same connection, in the same
    /// blocking task: what a change answers with is read outside the writer, at no extra hop.
    pub async fn write_then_read<W, T, R, U>(&self, write: W, read: R) -> Result<U, Error>
    where
        W: FnOnce(&mut DbConnection) -> Result<T, Error> + Send + 'static,
        R: FnOnce(&mut DbConnection, T) -> Result<U, Error> + Send + 'static,
        T: Send + 'static,
        U: Send + 'static,
    {
        let pool = self.pool.clone();
        let writer = self.sqlite_writer.clone();
        tokio::task::spawn_blocking(move || {
            let mut conn = pool.get()?;
            let written = {
                let _turn = writer.as_ref().map(|m| m.lock().unwrap_or_else(|p| p.into_inner()));
                (*conn).transaction(write)?
            };
            read(&mut conn, written)
        })
        .await
        .map_err(Error::internal)?
    }

    /// Whether the database answers (for `/readyz`).
    pub async fn ping(&self) -> Result<(), Error> {
        self.read(|c| c.batch_execute("SELECT 1").map_err(Error::from)).await
    }

    pub fn is_postgres(&self) -> bool {
        self.sqlite_writer.is_none()
    }
}

/// Takes the exclusive lock that marks an SQLite database as in use by this process. Two
/// processes on one file would fight over its single writer ("database is locked"); the
/// second is refused here instead, with the way to run several.
fn lock_sqlite(path: &str) -> Result<std::fs::File, String> {
    let lock_path = format!("{path}.lock");
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(|e| format!("cannot open the lock file {lock_path}: {e}"))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => Err(format!(
            "another Switchboard process is using this SQLite database (it holds {lock_path}). \
             SQLite serves one process; to run several, use PostgreSQL"
        )),
        Err(std::fs::TryLockError::Error(e)) => Err(format!("cannot lock {lock_path}: {e}")),
    }
}

/// Hides the password in a connection URL before it is logged.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.find(':') {
                Some(colon) => format!("{}{}:***{}", &url[..s + 3], &creds[..colon], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// Times are stored as UTC `TIMESTAMP`, truncated to microseconds.
pub fn to_db(t: DateTime<Utc>) -> NaiveDateTime {
    use chrono::SubsecRound;
    t.trunc_subsecs(6).naive_utc()
}

pub fn from_db(t: NaiveDateTime) -> DateTime<Utc> {
    t.and_utc()
}

/// A stored value (an id, mostly) as its type; anything else is a broken row (500), never
/// the caller's fault.
pub fn stored<T: std::str::FromStr>(text: &str) -> Result<T, Error> {
    text.parse().map_err(|_| Error::internal(format!("stored value {text:?} is not what it should be")))
}

/// A new id: UUID v7, so ids sort in creation order.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_url_scheme_picks_the_backend() {
        assert_eq!(Backend::from_url("sqlite://data/x.db"), Backend::Sqlite("data/x.db".into()));
        assert_eq!(Backend::from_url("data/x.db"), Backend::Sqlite("data/x.db".into()));
        assert!(matches!(Backend::from_url("postgres://u@h/db"), Backend::Postgres(_)));
    }

    #[test]
    fn passwords_are_not_logged() {
        assert_eq!(redact("postgres://u:secret@h/db"), "postgres://u:***@h/db");
        assert_eq!(redact("postgres://u@h/db"), "postgres://u@h/db");
    }
}

//! The one place that wires the parts together: database, first admin, token keys, the
//! SLA sweeper, the webhook sender and the HTTP server.

use std::{net::TcpListener, sync::Arc};

use actix_web::{dev::Server, middleware::from_fn, web, App, HttpServer};
use chrono::{DateTime, Utc};

use crate::{
    auth::{self, JwtKeys},
    clock::{self, Clock},
    configuration::Config,
    db::{self, users::UserRow, Db},
    domain::role::Role,
    error::Error,
    http::{self, middleware, AppState},
    live::{self, Hub},
    sweeper::{self, Sweeper},
    webhooks,
};

/// Accounts and client addresses whose failed sign-ins are remembered (each, at most).
const SIGN_IN_SUBJECTS: usize = 10_000;

pub struct Application {
    port: u16,
    server: Server,
    pub db: Db,
    background: Background,
}

/// The background work of one application, run when asked: one SLA sweep, one pass of the
/// webhook sender. The interval loops (`Config::sweep_interval`, `webhook_interval`), when
/// configured, run these same passes; tests turn them off and call these instead, so that
/// nothing happens behind a test's back and "it did not happen" means it was tried.
#[derive(Clone)]
pub struct Background {
    sweeper: Sweeper,
    /// Open streams, and what the session check needs to end theirs.
    sessions: Arc<live::sessions::Sessions>,
    db: Db,
    clock: Arc<dyn Clock>,
    /// None when no HTTP client could be made (logged at start): webhooks are off.
    webhooks: Option<Arc<webhooks::Dispatcher>>,
}

impl Background {
    /// Runs one sweep pass now and waits for it: what it recorded, as of which moment.
    pub async fn sweep_once(&self) -> Result<sweeper::Swept, Error> {
        self.sweeper.pass().await
    }

    /// How many tickets have sweep work due at `at`: after a pass up to `at`, none should.
    pub async fn sweep_due(&self, at: DateTime<Utc>) -> Result<usize, Error> {
        self.sweeper.due(at).await
    }

    /// Checks the sessions of open streams now (as the process does every second) and ends
    /// the streams whose session ended elsewhere.
    pub async fn check_sessions(&self) -> Result<(), Error> {
        live::sessions::check_once(&self.db, &self.sessions, self.clock.as_ref()).await
    }

    /// Runs one pass of the webhook sender now and waits until every attempt it started
    /// is recorded; returns how many it started.
    pub async fn deliver_once(&self) -> Result<usize, Error> {
        match &self.webhooks {
            Some(dispatcher) => dispatcher.deliver_once().await,
            None => Err(Error::internal("webhooks are off: no HTTP client")),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Database(#[from] db::ConnectError),
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: String, source: std::io::Error },
    #[error("cannot keep the token key in {dir}: {source}")]
    Secret { dir: String, source: std::io::Error },
    #[error("creating the first admin failed: {0}")]
    Bootstrap(crate::error::Error),
}

impl Application {
    /// Connects, migrates, creates the first admin if the database has no users, starts
    /// the sweeper and webhook loops (those with an interval), and binds the server (port
    /// 0 picks a free port).
    pub async fn build(config: Config, clock: Arc<dyn Clock>) -> Result<Application, StartError> {
        let db = {
            let (url, size) = (config.database_url.clone(), config.db_pool_size);
            tokio::task::spawn_blocking(move || Db::connect(&url, size))
                .await
                .map_err(|e| StartError::Bootstrap(crate::error::Error::internal(e)))??
        };
        let passwords = Arc::new(auth::Passwords::new(config.password_hash_concurrency));
        bootstrap_admin(&db, &config, clock.as_ref(), &passwords).await.map_err(StartError::Bootstrap)?;
        let secret = JwtKeys::load_or_create_secret(config.jwt_secret.as_deref(), &config.data_dir)
            .map_err(|source| StartError::Secret { dir: config.data_dir.display().to_string(), source })?;
        let jwt = JwtKeys::new(secret.as_bytes(), config.token_ttl);

        // Spawned once, here: the closure given to HttpServer runs once per worker.
        let hub =
            if db.is_postgres() { live::relay::start(&config.database_url, Hub::default()) } else { Hub::default() };
        let sweeper = Sweeper::new(db.clone(), clock.clone(), hub.clone());
        if let Some(every) = config.sweep_interval {
            tokio::spawn(sweeper.clone().run(every));
        }
        let webhooks = match webhooks::Dispatcher::new(db.clone(), clock.clone(), config.webhook_allow_private) {
            Ok(dispatcher) => Some(Arc::new(dispatcher)),
            Err(e) => {
                tracing::error!(error = %e, "webhooks are off: no HTTP client");
                None
            }
        };
        if let (Some(dispatcher), Some(every)) = (&webhooks, config.webhook_interval) {
            tokio::spawn(dispatcher.clone().run(every));
        }
        let sessions = Arc::new(live::sessions::Sessions::default());
        let background =
            Background { sweeper, webhooks, sessions: sessions.clone(), db: db.clone(), clock: clock.clone() };
        tokio::spawn(live::sessions::run(db.clone(), sessions.clone(), clock.clone(), live::sessions::CHECK_EVERY));

        let listener =
            TcpListener::bind(&config.bind).map_err(|source| StartError::Bind { addr: config.bind.clone(), source })?;
        let port =
            listener.local_addr().map_err(|source| StartError::Bind { addr: config.bind.clone(), source })?.port();
        let state = web::Data::new(AppState {
            db: db.clone(),
            clock,
            jwt,
            hub,
            metrics_token: config.metrics_token.clone(),
            webhook_allow_private: config.webhook_allow_private,
            passwords,
            throttle: auth::throttle::Throttle::new(SIGN_IN_SUBJECTS),
            sessions,
        });
        let limits = http::Limits { max_body_bytes: config.max_body_bytes, body_timeout: config.body_timeout };
        let web_dir = config.web_dir.clone();
        let connections = middleware::ConnectionCounter::new(config.max_connections_per_client);
        let workers = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2).min(4);
        let server = HttpServer::new(move || {
            App::new()
                .wrap(from_fn(middleware::admit))
                .wrap(from_fn(middleware::security_headers))
                .wrap(from_fn(middleware::observe))
                .app_data(state.clone())
                .configure(|cfg| http::configure(cfg, limits, web_dir.clone()))
        })
        .on_connect(move |conn, data| connections.on_connect(conn, data))
        .workers(workers)
        .max_connections(connections_per_worker(workers))
        .listen(listener)
        .map_err(|source| StartError::Bind { addr: config.bind.clone(), source })?
        .run();
        Ok(Application { port, server, db, background })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The handle that runs background passes on demand (it outlives `run_until_stopped`).
    pub fn background(&self) -> Background {
        self.background.clone()
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

/// Raises the open-file limit as far as the system allows and shares it among the workers,
/// keeping some for the database and files: past it, new connections wait to be accepted
/// instead of failing every open with "Too many open files".
fn connections_per_worker(workers: usize) -> usize {
    let limit = match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(n) => n,
        Err(e) => {
            tracing::warn!(error = %e, "cannot read the open-file limit");
            1024
        }
    };
    let usable = limit.saturating_sub(256).max(256) as usize;
    (usable / workers.max(1)).clamp(64, 25_000)
}

/// On the first start of an empty database: an `admin` user, with the configured password
/// or a random one printed once.
async fn bootstrap_admin(
    db: &Db,
    config: &Config,
    clock: &dyn Clock,
    passwords: &Arc<auth::Passwords>,
) -> Result<(), crate::error::Error> {
    if db.read(db::users::count).await? > 0 {
        return Ok(());
    }
    let (password, generated) = match &config.admin_password {
        Some(p) => (p.clone(), false),
        None => (auth::random_secret(16), true),
    };
    let hash = passwords.hash(password.clone()).await?;
    let now = db::to_db(clock::now(clock));
    let created = db
        .write(move |c| {
            // Another process may have bootstrapped between the count and here.
            if db::users::count(c)? > 0 {
                return Ok(false);
            }
            db::users::insert(
                c,
                &UserRow {
                    id: db::new_id(),
                    username: "admin".into(),
                    display_name: "Administrator".into(),
                    role: Role::Admin.as_str().into(),
                    department_id: None,
                    password_hash: hash,
                    active: true,
                    created_at: now,
                    updated_at: now,
                    session_version: 0,
                    password_change_required: generated,
                },
            )?;
            Ok(true)
        })
        .await?;
    if created && generated {
        // Printed once, on purpose, so that the first person can sign in.
        println!("\n  First start: created user `admin` with password: {password}\n  Sign in and change it (the console asks for a new one; POST /api/v1/auth/password).\n");
    } else if created {
        tracing::info!("created user `admin` with the password from SWITCHBOARD_ADMIN_PASSWORD");
    }
    Ok(())
}

//! Environment variables → a typed configuration, with the defaults of DESIGN §6.

use std::{path::PathBuf, time::Duration};

#[derive(Debug, Clone)]
pub struct Config {
    /// `sqlite://PATH`, a plain file path, or `postgres://…`.
    pub database_url: String,
    pub bind: String,
    /// Token signing key; `None` means: generate one and keep it in the data folder.
    pub jwt_secret: Option<String>,
    /// Password of the `admin` user created on the first start of an empty database.
    pub admin_password: Option<String>,
    /// How often the SLA sweeper runs a pass. `None`: never by itself, only when asked
    /// (`startup::Background::sweep_once`), as in tests; the environment always sets one.
    pub sweep_interval: Option<Duration>,
    /// How often due webhook deliveries are sent. `None`: only when asked
    /// (`startup::Background::deliver_once`), as in tests.
    pub webhook_interval: Option<Duration>,
    pub web_dir: PathBuf,
    /// Where generated files live (the JWT key when none is configured).
    pub data_dir: PathBuf,
    pub token_ttl: Duration,
    pub db_pool_size: u32,
    /// Largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// How long a request body may take to arrive, whole (as nginx's
    /// `client_body_timeout`, but for the body as a whole: a byte every few seconds does
    /// not keep it alive).
    pub body_timeout: Duration,
    /// Open connections one client address may hold; more are answered 429 and closed.
    pub max_connections_per_client: usize,
    /// Password hashes (argon2, ~19 MiB each) computed at once; further sign-ins queue.
    pub password_hash_concurrency: usize,
    /// Webhook URLs may point at private, loopback and link-local addresses (a closed
    /// network, tests). Off by default: such targets are refused.
    pub webhook_allow_private: bool,
    /// When set, `/metrics` asks for `Authorization: Bearer <this>`; when not, it answers
    /// only clients on the loopback interface.
    pub metrics_token: Option<String>,
}

#[derive(Debug, thiserror::Error)]
#[error("configuration: {name} = {value:?}: {problem}")]
pub struct ConfigError {
    name: &'static str,
    value: String,
    problem: &'static str,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            database_url: "sqlite://data/switchboard.db".into(),
            bind: "127.0.0.1:8080".into(),
            jwt_secret: None,
            admin_password: None,
            sweep_interval: Some(Duration::from_secs(5)),
            webhook_interval: Some(Duration::from_secs(1)),
            web_dir: PathBuf::from("web/dist"),
            data_dir: PathBuf::from("data"),
            token_ttl: Duration::from_secs(8 * 3600),
            db_pool_size: 8,
            max_body_bytes: 256 * 1024,
            body_timeout: Duration::from_secs(30),
            max_connections_per_client: 512,
            password_hash_concurrency: 2,
            webhook_allow_private: false,
            metrics_token: None,
        }
    }
}

impl Config {
    /// Reads `DATABASE_URL` and the `SWITCHBOARD_*` variables.
    pub fn from_env() -> Result<Config, ConfigError> {
        Config::from_lookup(|name| std::env::var(name).ok().filter(|v| !v.is_empty()))
    }

    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let mut c = Config::default();
        if let Some(v) = get("DATABASE_URL") {
            c.database_url = v;
        }
        if let Some(v) = get("SWITCHBOARD_BIND") {
            c.bind = v;
        }
        c.jwt_secret = get("SWITCHBOARD_JWT_SECRET");
        if let Some(secret) = &c.jwt_secret {
            if secret.len() < 32 {
                return Err(ConfigError {
                    name: "SWITCHBOARD_JWT_SECRET",
                    value: "(hidden)".into(),
                    problem: "must be at least 32 characters",
                });
            }
        }
        c.admin_password = get("SWITCHBOARD_ADMIN_PASSWORD");
        if let Some(v) = get("SWITCHBOARD_SWEEP_INTERVAL_SECS") {
            c.sweep_interval = Some(Duration::from_secs_f64(positive("SWITCHBOARD_SWEEP_INTERVAL_SECS", &v)?));
        }
        if let Some(v) = get("SWITCHBOARD_WEBHOOK_INTERVAL_SECS") {
            c.webhook_interval = Some(Duration::from_secs_f64(positive("SWITCHBOARD_WEBHOOK_INTERVAL_SECS", &v)?));
        }
        if let Some(v) = get("SWITCHBOARD_WEB_DIR") {
            c.web_dir = v.into();
        }
        if let Some(v) = get("SWITCHBOARD_DATA_DIR") {
            c.data_dir = v.into();
        }
        if let Some(v) = get("SWITCHBOARD_TOKEN_TTL_SECS") {
            c.token_ttl = Duration::from_secs_f64(positive("SWITCHBOARD_TOKEN_TTL_SECS", &v)?);
        }
        if let Some(v) = get("SWITCHBOARD_DB_POOL_SIZE") {
            c.db_pool_size = positive("SWITCHBOARD_DB_POOL_SIZE", &v)? as u32;
        }
        if let Some(v) = get("SWITCHBOARD_BODY_TIMEOUT_SECS") {
            c.body_timeout = Duration::from_secs_f64(positive("SWITCHBOARD_BODY_TIMEOUT_SECS", &v)?);
        }
        if let Some(v) = get("SWITCHBOARD_MAX_CONNECTIONS_PER_CLIENT") {
            c.max_connections_per_client = positive("SWITCHBOARD_MAX_CONNECTIONS_PER_CLIENT", &v)? as usize;
        }
        if let Some(v) = get("SWITCHBOARD_PASSWORD_HASH_CONCURRENCY") {
            c.password_hash_concurrency = positive("SWITCHBOARD_PASSWORD_HASH_CONCURRENCY", &v)? as usize;
        }
        if let Some(v) = get("SWITCHBOARD_WEBHOOK_ALLOW_PRIVATE") {
            c.webhook_allow_private = boolean("SWITCHBOARD_WEBHOOK_ALLOW_PRIVATE", &v)?;
        }
        c.metrics_token = get("SWITCHBOARD_METRICS_TOKEN");
        Ok(c)
    }
}

fn boolean(name: &'static str, value: &str) -> Result<bool, ConfigError> {
    match value.to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => Err(ConfigError { name, value: value.into(), problem: "must be true or false" }),
    }
}

fn positive(name: &'static str, value: &str) -> Result<f64, ConfigError> {
    match value.parse::<f64>() {
        Ok(n) if n > 0.0 && n.is_finite() && n < 1e9 => Ok(n),
        _ => Err(ConfigError { name, value: value.into(), problem: "must be a positive number" }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_those_of_the_design() {
        let c = Config::from_lookup(|_| None).unwrap();
        assert_eq!(c.database_url, "sqlite://data/switchboard.db");
        assert_eq!(c.bind, "127.0.0.1:8080");
        assert_eq!(c.sweep_interval, Some(Duration::from_secs(5)));
        assert_eq!(c.webhook_interval, Some(Duration::from_secs(1)));
        assert_eq!(c.web_dir, PathBuf::from("web/dist"));
    }

    #[test]
    fn the_background_intervals_come_from_the_environment() {
        let c = Config::from_lookup(|name| match name {
            "SWITCHBOARD_SWEEP_INTERVAL_SECS" => Some("0.05".into()),
            "SWITCHBOARD_WEBHOOK_INTERVAL_SECS" => Some("2".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!(c.sweep_interval, Some(Duration::from_millis(50)));
        assert_eq!(c.webhook_interval, Some(Duration::from_secs(2)));
    }

    #[test]
    fn bad_numbers_and_short_secrets_are_refused() {
        let bad = |k: &'static str, v: &'static str| {
            Config::from_lookup(move |name| (name == k).then(|| v.to_owned())).is_err()
        };
        assert!(bad("SWITCHBOARD_SWEEP_INTERVAL_SECS", "0"));
        assert!(bad("SWITCHBOARD_SWEEP_INTERVAL_SECS", "soon"));
        assert!(bad("SWITCHBOARD_WEBHOOK_INTERVAL_SECS", "0"));
        assert!(bad("SWITCHBOARD_JWT_SECRET", "short"));
        assert!(bad("SWITCHBOARD_WEBHOOK_ALLOW_PRIVATE", "maybe"));
    }
}

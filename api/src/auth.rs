//! Credentials: argon2id password hashes and the JWT bearer tokens handed out at login.

pub mod throttle;

use std::{
    path::Path,
    sync::{
        atomic::{AtomicUsize, Ordering},
        Arc, Mutex,
    },
    time::Duration,
};

use argon2::{
    password_hash::{rand_core::OsRng, Output, ParamsString, PasswordHash, SaltString},
    Argon2, Block, Params, Version,
};
use chrono::{DateTime, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::{distributions::Alphanumeric, Rng};
use serde::{Deserialize, Serialize};
use tokio::sync::Semaphore;

use crate::error::Error;

/// Argon2id with the crate's defaults (19 MiB, 2 passes, 1 lane): what every stored hash uses.
fn argon2_params() -> Params {
    Params::default()
}

/// The memory one hash with [`argon2_params`] needs, in argon2's 1 KiB blocks.
fn block_count() -> usize {
    argon2_params().block_count()
}

/// Hashes `password` into a PHC string, working in `memory` (at least [`block_count`] blocks).
fn hash_with(password: &[u8], memory: &mut [Block]) -> Result<String, Error> {
    let params = argon2_params();
    let salt = SaltString::generate(&mut OsRng);
    let mut salt_bytes = [0u8; 64];
    let salt_bytes = salt.decode_b64(&mut salt_bytes).map_err(|e| Error::internal(e.to_string()))?;
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    Argon2::new(argon2::Algorithm::Argon2id, Version::V0x13, params.clone())
        .hash_password_into_with_memory(password, salt_bytes, &mut out, memory)
        .map_err(|e| Error::internal(e.to_string()))?;
    let hash = PasswordHash {
        algorithm: argon2::Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).map_err(|e| Error::internal(e.to_string()))?,
        salt: Some(salt.as_salt()),
        hash: Some(Output::new(&out).map_err(|e| Error::internal(e.to_string()))?),
    };
    Ok(hash.to_string())
}

/// Whether `password` matches the PHC string `stored`, working in `memory` when it is big
/// enough for the stored parameters. Anything unreadable is a mismatch.
fn verify_with(password: &[u8], stored: &str, memory: &mut [Block]) -> bool {
    let mut check = || -> Option<bool> {
        let parsed = PasswordHash::new(stored).ok()?;
        let algorithm = argon2::Algorithm::try_from(parsed.algorithm).ok()?;
        let version = parsed.version.map(Version::try_from).transpose().ok()?.unwrap_or_default();
        let params = Params::try_from(&parsed).ok()?;
        let expected = parsed.hash?;
        let mut salt_bytes = [0u8; 64];
        let salt_bytes = parsed.salt?.decode_b64(&mut salt_bytes).ok()?;
        let mut out = vec![0u8; expected.len()];
        let context = Argon2::new(algorithm, version, params.clone());
        let needed = params.block_count();
        let hashed = match memory.get_mut(..needed) {
            Some(memory) => context.hash_password_into_with_memory(password, salt_bytes, &mut out, memory),
            // A hash made with more memory than ours (none of this server's): its own buffer.
            None if needed <= 16 * block_count() => context.hash_password_into(password, salt_bytes, &mut out),
            None => return None,
        };
        hashed.ok()?;
        // `Output`'s equality is constant-time.
        Some(Output::new(&out).ok()? == expected)
    };
    check().unwrap_or(false)
}

/// Password hashing for the whole process: at most `concurrency` argon2 computations at
/// once, each in one of as many reused memory buffers (19 MiB each), so that a burst of
/// sign-ins neither grows memory nor churns the allocator. Callers beyond that wait in a
/// bounded queue for a bounded time, then get 503 with `Retry-After`.
pub struct Passwords {
    permits: Arc<Semaphore>,
    /// Buffers not in use; never more than `concurrency` exist.
    memory: Mutex<Vec<Vec<Block>>>,
    waiting: AtomicUsize,
    max_waiting: usize,
    max_wait: Duration,
}

impl Passwords {
    /// `concurrency` hashes at once; up to 16 callers per slot wait, for at most 5 s.
    pub fn new(concurrency: usize) -> Passwords {
        Passwords::with_queue(concurrency, concurrency.max(1) * 16, Duration::from_secs(5))
    }

    pub fn with_queue(concurrency: usize, max_waiting: usize, max_wait: Duration) -> Passwords {
        Passwords {
            permits: Arc::new(Semaphore::new(concurrency.max(1))),
            memory: Mutex::new(Vec::new()),
            waiting: AtomicUsize::new(0),
            max_waiting,
            max_wait,
        }
    }

    /// An argon2id hash of `password`, for storing.
    pub async fn hash(self: &Arc<Self>, password: String) -> Result<String, Error> {
        self.run(move |memory| hash_with(password.as_bytes(), memory)).await?
    }

    /// Whether `password` matches the stored hash.
    pub async fn verify(self: &Arc<Self>, password: String, stored: String) -> Result<bool, Error> {
        self.run(move |memory| verify_with(password.as_bytes(), &stored, memory)).await
    }

    async fn run<T: Send + 'static>(
        self: &Arc<Self>,
        job: impl FnOnce(&mut [Block]) -> T + Send + 'static,
    ) -> Result<T, Error> {
        let busy = || Error::Busy {
            detail: "the server is busy checking passwords; try again in a moment".into(),
            retry_after: 1,
        };
        if self.waiting.fetch_add(1, Ordering::SeqCst) >= self.max_waiting {
            self.waiting.fetch_sub(1, Ordering::SeqCst);
            return Err(busy());
        }
        let permit = tokio::time::timeout(self.max_wait, self.permits.clone().acquire_owned()).await;
        self.waiting.fetch_sub(1, Ordering::SeqCst);
        let permit = match permit {
            Ok(Ok(permit)) => permit,
            Ok(Err(closed)) => return Err(Error::internal(closed)),
            Err(_) => return Err(busy()),
        };
        let this = self.clone();
        // The permit moves into the blocking task: it is held until the hash is done,
        // even when the request that asked for it is gone.
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let mut memory = this.take_memory();
            let result = job(&mut memory);
            this.memory.lock().unwrap_or_else(|p| p.into_inner()).push(memory);
            result
        })
        .await
        .map_err(Error::internal)
    }

    fn take_memory(&self) -> Vec<Block> {
        let reused = self.memory.lock().unwrap_or_else(|p| p.into_inner()).pop();
        reused.unwrap_or_else(|| vec![Block::default(); block_count()])
    }
}

/// A hash to verify against when the user does not exist, so that a wrong username
/// costs as much time as a wrong password.
pub fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| {
        hash_with(b"not a real password", &mut vec![Block::default(); block_count()]).unwrap_or_default()
    })
}

/// A random password or secret of `len` letters and digits.
pub fn random_secret(len: usize) -> String {
    rand::thread_rng().sample_iter(&Alphanumeric).take(len).map(char::from).collect()
}

/// A new API token: the prefix that marks it, then 40 random letters and digits (about
/// 238 bits).
pub fn new_api_token() -> String {
    format!("{}{}", crate::domain::api_token::TOKEN_PREFIX, random_secret(40))
}

/// How an API token is stored: its SHA-256, in hex. A fast hash is enough for a random
/// secret of this length (passwords get argon2).
pub fn hash_api_token(token: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(token.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Claims {
    /// The user's id.
    pub sub: String,
    /// The user's session version when the token was issued; the token ends when it changes.
    pub sv: i32,
    pub iat: i64,
    pub exp: i64,
}

#[derive(Clone)]
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    pub ttl: Duration,
}

impl JwtKeys {
    pub fn new(secret: &[u8], ttl: Duration) -> JwtKeys {
        JwtKeys { encoding: EncodingKey::from_secret(secret), decoding: DecodingKey::from_secret(secret), ttl }
    }

    /// The configured secret, or one generated once and kept in `data_dir/jwt-secret`.
    pub fn load_or_create_secret(configured: Option<&str>, data_dir: &Path) -> std::io::Result<String> {
        if let Some(s) = configured {
            return Ok(s.to_owned());
        }
        let path = data_dir.join("jwt-secret");
        match std::fs::read_to_string(&path) {
            Ok(s) if s.trim().len() >= 32 => Ok(s.trim().to_owned()),
            _ => {
                std::fs::create_dir_all(data_dir)?;
                let secret = random_secret(64);
                std::fs::write(&path, &secret)?;
                restrict_permissions(&path)?;
                Ok(secret)
            }
        }
    }

    /// A session token for the user, valid until it expires or the user's session version moves on.
    pub fn issue(&self, user_id: &str, session_version: i32, now: DateTime<Utc>) -> Result<String, Error> {
        let claims = Claims {
            sub: user_id.to_owned(),
            sv: session_version,
            iat: now.timestamp(),
            exp: now.timestamp() + self.ttl.as_secs() as i64,
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding).map_err(Error::internal)
    }

    /// Checks signature and expiry against `now` (the injected clock, not the system's).
    pub fn verify(&self, token: &str, now: DateTime<Utc>) -> Result<Claims, Error> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.validate_exp = false;
        validation.required_spec_claims.clear();
        let claims = jsonwebtoken::decode::<Claims>(token, &self.decoding, &validation)
            .map_err(|e| Error::Unauthorized { detail: format!("invalid token: {e}") })?
            .claims;
        if claims.exp <= now.timestamp() {
            return Err(Error::Unauthorized { detail: "the token has expired; sign in again".into() });
        }
        Ok(claims)
    }
}

#[cfg(unix)]
fn restrict_permissions(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
}

#[cfg(not(unix))]
fn restrict_permissions(_: &Path) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn memory() -> Vec<Block> {
        vec![Block::default(); block_count()]
    }

    #[test]
    fn passwords_verify_only_against_their_hash() {
        let hash = hash_with(b"correct horse", &mut memory()).unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{hash}");
        assert!(verify_with(b"correct horse", &hash, &mut memory()));
        assert!(!verify_with(b"wrong horse", &hash, &mut memory()));
        assert!(!verify_with(b"x", "not a hash", &mut memory()));
        assert!(verify_with(b"correct horse", &hash, &mut []), "too little memory: a buffer of its own");
    }

    #[test]
    fn hashes_of_the_argon2_crate_verify_and_ours_verify_there() {
        use argon2::password_hash::{PasswordHasher, PasswordVerifier};
        let salt = SaltString::generate(&mut OsRng);
        let theirs = Argon2::default().hash_password(b"correct horse", &salt).unwrap().to_string();
        assert!(verify_with(b"correct horse", &theirs, &mut memory()));
        let ours = hash_with(b"correct horse", &mut memory()).unwrap();
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(Argon2::default().verify_password(b"correct horse", &parsed).is_ok());
    }

    #[tokio::test]
    async fn hashing_waits_in_a_bounded_queue_then_refuses() {
        let passwords = Arc::new(Passwords::with_queue(1, 1, Duration::from_secs(5)));
        let stored = passwords.hash("correct horse".into()).await.unwrap();
        let attempts: Vec<_> = (0..4)
            .map(|_| {
                let (p, stored) = (passwords.clone(), stored.clone());
                tokio::spawn(async move { p.verify("correct horse".into(), stored).await })
            })
            .collect();
        let mut ok = 0;
        let mut busy = 0;
        for a in attempts {
            match a.await.unwrap() {
                Ok(true) => ok += 1,
                Err(Error::Busy { retry_after, .. }) => {
                    assert!(retry_after >= 1);
                    busy += 1;
                }
                other => panic!("unexpected {other:?}"),
            }
        }
        // One hashes, one waits, the others are refused at once.
        assert!(ok >= 2 && busy >= 1 && ok + busy == 4, "ok {ok}, busy {busy}");
        assert!(passwords.memory.lock().unwrap().len() <= 1, "one buffer for one slot");
    }

    #[tokio::test]
    async fn a_wait_longer_than_allowed_is_refused() {
        let passwords = Arc::new(Passwords::with_queue(1, 8, Duration::from_millis(1)));
        let held = passwords.permits.clone().acquire_owned().await.unwrap();
        let refused = passwords.hash("x".into()).await;
        assert!(matches!(refused, Err(Error::Busy { .. })), "{refused:?}");
        drop(held);
        assert!(passwords.hash("x".into()).await.is_ok());
    }

    #[test]
    fn tokens_expire_and_cannot_be_forged() {
        let keys = JwtKeys::new(b"0123456789abcdef0123456789abcdef", Duration::from_secs(60));
        let now = Utc::now();
        let token = keys.issue("u1", 7, now).unwrap();
        let claims = keys.verify(&token, now).unwrap();
        assert_eq!((claims.sub.as_str(), claims.sv), ("u1", 7));
        assert!(keys.verify(&token, now + chrono::TimeDelta::seconds(61)).is_err());
        let other = JwtKeys::new(b"another-secret-another-secret-xx", Duration::from_secs(60));
        assert!(other.verify(&token, now).is_err());
    }
}

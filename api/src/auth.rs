//! Credentials: argon2id password hashes and the JWT bearer tokens handed out at login.

use std::{path::Path, time::Duration};

use argon2::{
    password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
    Argon2,
};
use chrono::{DateTime, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::{distributions::Alphanumeric, Rng};
use serde::{Deserialize, Serialize};

use crate::error::Error;

pub fn hash_password(password: &str) -> Result<String, Error> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| Error::internal(e.to_string()))
}

pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
        .unwrap_or(false)
}

/// A hash to verify against when the user does not exist, so that a wrong username
/// costs as much time as a wrong password.
pub fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| hash_password("not a real password").unwrap_or_default())
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

    pub fn issue(&self, user_id: &str, now: DateTime<Utc>) -> Result<String, Error> {
        let claims =
            Claims { sub: user_id.to_owned(), iat: now.timestamp(), exp: now.timestamp() + self.ttl.as_secs() as i64 };
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

    #[test]
    fn passwords_verify_only_against_their_hash() {
        let hash = hash_password("correct horse").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse", &hash));
        assert!(!verify_password("wrong horse", &hash));
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn tokens_expire_and_cannot_be_forged() {
        let keys = JwtKeys::new(b"0123456789abcdef0123456789abcdef", Duration::from_secs(60));
        let now = Utc::now();
        let token = keys.issue("u1", now).unwrap();
        assert_eq!(keys.verify(&token, now).unwrap().sub, "u1");
        assert!(keys.verify(&token, now + chrono::TimeDelta::seconds(61)).is_err());
        let other = JwtKeys::new(b"another-secret-another-secret-xx", Duration::from_secs(60));
        assert!(other.verify(&token, now).is_err());
    }
}

//! Webhooks (DESIGN §2, §3): how a delivery is signed and when a failed one is tried again.

use chrono::TimeDelta;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Attempts before a delivery is given up: spread over about a day.
pub const MAX_ATTEMPTS: i32 = 8;

/// How long to wait after failed attempt number `attempts` (1-based); None: give up.
pub fn retry_delay(attempts: i32) -> Option<TimeDelta> {
    const MINUTES: [i64; 7] = [1, 5, 15, 60, 180, 360, 720];
    if attempts >= MAX_ATTEMPTS {
        return None;
    }
    let i = usize::try_from(attempts.max(1) - 1).unwrap_or(0).min(MINUTES.len() - 1);
    Some(TimeDelta::minutes(MINUTES[i]))
}

/// The `X-Switchboard-Signature` of a delivery: `sha256=` and the hex HMAC-SHA256, keyed
/// with the webhook's secret, of `"{timestamp}.{body}"` (the timestamp is the
/// `X-Switchboard-Timestamp` header, Unix seconds, so a receiver can refuse replays).
pub fn signature(secret: &str, timestamp: i64, body: &str) -> String {
    #[allow(clippy::expect_used, reason = "HMAC takes a key of any length")]
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes a key of any length");
    mac.update(format!("{timestamp}.{body}").as_bytes());
    let bytes = mac.finalize().into_bytes();
    format!("sha256={}", bytes.iter().map(|b| format!("{b:02x}")).collect::<String>())
}

/// How long a rotated-out secret keeps signing deliveries, unless the rotation says.
pub const SECRET_OVERLAP: TimeDelta = TimeDelta::hours(24);

/// The whole `X-Switchboard-Signature` header: one `sha256=…` per secret, comma-separated,
/// the current secret first (during a rotation's overlap the previous one follows). A
/// receiver accepts the delivery when any of them matches the signature it computes with
/// the secret it holds.
pub fn signatures(secrets: &[&str], timestamp: i64, body: &str) -> String {
    secrets.iter().map(|s| signature(s, timestamp, body)).collect::<Vec<_>>().join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_deliveries_back_off_then_give_up() {
        assert_eq!(retry_delay(1), Some(TimeDelta::minutes(1)));
        assert_eq!(retry_delay(2), Some(TimeDelta::minutes(5)));
        assert_eq!(retry_delay(7), Some(TimeDelta::minutes(720)));
        assert_eq!(retry_delay(MAX_ATTEMPTS), None);
    }

    #[test]
    fn during_an_overlap_both_signatures_are_sent_newest_first() {
        let both = signatures(&["new", "old"], 1_700_000_000, "{}");
        let parts: Vec<&str> = both.split(',').collect();
        assert_eq!(parts, [signature("new", 1_700_000_000, "{}"), signature("old", 1_700_000_000, "{}")]);
        assert_eq!(signatures(&["only"], 1, "x"), signature("only", 1, "x"));
    }

    #[test]
    fn the_signature_is_the_hmac_of_timestamp_and_body() {
        // Computed independently:
        // printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac key
        assert_eq!(
            signature("key", 1_700_000_000, r#"{"a":1}"#),
            "sha256=a438e398bfafc57e4396bb7fc2304422f0f768e965d073ca313cb52e22e6ad03"
        );
    }
}

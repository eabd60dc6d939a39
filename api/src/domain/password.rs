//! What makes a password acceptable (NIST SP 800-63B §3.1.1.2): long enough, not one that
//! is commonly used or easily guessed, and not built from the account's own name. The
//! guessability estimate is zxcvbn's (frequency lists of leaked passwords, common words
//! and names, keyboard patterns, dates, repeats), given the account's names as context.

use zxcvbn::{zxcvbn, Score};

/// Fewest characters a password may have.
pub const MIN_LENGTH: usize = 8;
/// Most characters a password may have (argon2 would take more, but nobody types more).
pub const MAX_LENGTH: usize = 256;
/// zxcvbn's own advice: a score below 3 (about 10^8 guesses) "should be considered too weak".
const MIN_SCORE: Score = Score::Three;

/// Checks a new password for the account named `username` (and `display_name`); the
/// error is the reason, as shown to the person choosing it.
pub fn check(password: &str, username: &str, display_name: &str) -> Result<(), String> {
    let length = password.chars().count();
    if length < MIN_LENGTH {
        return Err(format!("must be at least {MIN_LENGTH} characters long"));
    }
    if length > MAX_LENGTH {
        return Err(format!("must be at most {MAX_LENGTH} characters long"));
    }
    let lower = password.to_lowercase();
    let names = [username, display_name];
    if names.iter().map(|n| n.trim().to_lowercase()).any(|n| n.chars().count() >= 3 && lower.contains(&n)) {
        return Err("must not contain the username or the name of the account".to_owned());
    }
    let estimate = zxcvbn(password, &names);
    if estimate.score() < MIN_SCORE {
        let why = estimate
            .feedback()
            .and_then(|f| f.warning())
            .map(|w| format!(" ({})", w.to_string().trim_end_matches('.').to_lowercase()))
            .unwrap_or_default();
        return Err(format!("is too easy to guess{why}: use a longer password, for example a few unrelated words"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_short_and_personal_passwords_are_refused() {
        assert!(check("short", "li", "Li").unwrap_err().contains("at least 8"));
        assert!(check(&"x".repeat(257), "li", "Li").unwrap_err().contains("at most"));
        for common in ["password", "password1", "12345678", "qwertyuiop", "iloveyou", "P@ssw0rd", "abcd1234"] {
            assert!(check(common, "li", "Li").is_err(), "{common} is common");
        }
        let e = check("Agent.Wang-garden-lamp-7", "agent.wang", "Wang Fang").unwrap_err();
        assert!(e.contains("username"), "{e}");
        assert!(check("wang fang 1990!", "agent7", "Wang Fang").is_err());
    }

    #[test]
    fn long_unrelated_passwords_pass() {
        for good in ["correct horse battery staple", "garden-lamp-violet-7", "Tq8#vLm2pZ!x", "早上好青蛙跳进池塘里"]
        {
            assert_eq!(check(good, "agent.wang", "Wang Fang"), Ok(()), "{good}");
        }
    }

    /// The console's end-to-end tests (web/e2e/people.ts) set their users' password through
    /// the API; the admin's comes from the environment and is never checked (it contains
    /// the username, so the API would refuse it).
    #[test]
    fn the_passwords_of_the_console_tests() {
        for (username, name) in
            [("agent.li", "Li Agent"), ("staff.wang", "Wang Staff"), ("sup.chen", "Chen Supervisor")]
        {
            assert_eq!(check("e2e-password-1", username, name), Ok(()), "{username}");
        }
        assert!(check("e2e-admin-pass", "admin", "Administrator").is_err());
        assert!(check("password-123", "agent-1", "agent-1").is_err(), "the old test password is common");
    }
}

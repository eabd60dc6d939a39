//! API tokens for third-party systems (DESIGN §3): long-lived, revocable bearer tokens of an
//! integration user, each limited to the scopes it was given. What each scope opens is
//! decided here, in one table over the routes, so no handler has to remember to check.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What an API token may do. A token acts as its integration user, so the user's role and
/// the masking of personal data apply as well.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
pub enum Scope {
    /// Read tickets, their history and extensions, and follow the live stream.
    #[serde(rename = "tickets:read")]
    TicketsRead,
    /// Record contacts (`POST /tickets`) and act on tickets as far as the role allows.
    #[serde(rename = "tickets:write")]
    TicketsWrite,
    /// Search and read the unified answers.
    #[serde(rename = "answers:read")]
    AnswersRead,
}

impl Scope {
    pub const ALL: [Scope; 3] = [Scope::TicketsRead, Scope::TicketsWrite, Scope::AnswersRead];

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::TicketsRead => "tickets:read",
            Scope::TicketsWrite => "tickets:write",
            Scope::AnswersRead => "answers:read",
        }
    }

    pub fn parse(s: &str) -> Option<Scope> {
        Scope::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// The scopes stored as one space-separated text; unknown words are ignored.
    pub fn parse_list(s: &str) -> Vec<Scope> {
        s.split_whitespace().filter_map(Scope::parse).collect()
    }

    pub fn join(scopes: &[Scope]) -> String {
        scopes.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(" ")
    }
}

/// What a request to `route` (the matched pattern, e.g. `/api/v1/tickets/{id}`) with
/// `method` asks of an API token: `Ok(None)` needs no scope, `Ok(Some(s))` needs `s`,
/// `Err(())` is not open to API tokens at all (administration, reports, the console's own
/// work).
#[allow(clippy::result_unit_err)]
pub fn required_scope(method: &str, route: &str) -> Result<Option<Scope>, ()> {
    let Some(path) = route.strip_prefix("/api/v1") else {
        return Err(());
    };
    match (method, path) {
        // Who am I, and the clocks every ticket is held to: open to any token.
        ("GET", "/auth/me" | "/sla-policy") => Ok(None),
        ("GET", "/stream") => Ok(Some(Scope::TicketsRead)),
        ("GET", p) if p == "/tickets" || p.starts_with("/tickets/") => Ok(Some(Scope::TicketsRead)),
        ("POST", p) if p == "/tickets" || p.starts_with("/tickets/") => Ok(Some(Scope::TicketsWrite)),
        ("GET", "/answers" | "/answers/{id}") => Ok(Some(Scope::AnswersRead)),
        _ => Err(()),
    }
}

/// Tokens are told apart from session tokens (JWTs) by this prefix.
pub const TOKEN_PREFIX: &str = "sbt_";

/// Whether a bearer token is an API token rather than a session token.
pub fn is_api_token(token: &str) -> bool {
    token.starts_with(TOKEN_PREFIX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_open_their_routes_and_nothing_else() {
        assert_eq!(required_scope("GET", "/api/v1/tickets"), Ok(Some(Scope::TicketsRead)));
        assert_eq!(required_scope("GET", "/api/v1/tickets/{id}/events"), Ok(Some(Scope::TicketsRead)));
        assert_eq!(required_scope("POST", "/api/v1/tickets"), Ok(Some(Scope::TicketsWrite)));
        assert_eq!(required_scope("POST", "/api/v1/tickets/{id}/comments"), Ok(Some(Scope::TicketsWrite)));
        assert_eq!(required_scope("GET", "/api/v1/answers"), Ok(Some(Scope::AnswersRead)));
        assert_eq!(required_scope("GET", "/api/v1/auth/me"), Ok(None));
        assert_eq!(required_scope("GET", "/api/v1/sla-policy"), Ok(None));
        for (method, route) in [
            ("POST", "/api/v1/answers"),
            ("GET", "/api/v1/users"),
            ("POST", "/api/v1/api-tokens"),
            ("GET", "/api/v1/reports/summary"),
            ("PUT", "/api/v1/sla-policy"),
            ("GET", "/metrics"),
        ] {
            assert_eq!(required_scope(method, route), Err(()), "{method} {route}");
        }
    }

    #[test]
    fn scope_lists_round_trip_and_ignore_unknown_words() {
        let all = Scope::join(&Scope::ALL);
        assert_eq!(all, "tickets:read tickets:write answers:read");
        assert_eq!(Scope::parse_list(&all), Scope::ALL);
        assert_eq!(Scope::parse_list("tickets:read admin:all"), [Scope::TicketsRead]);
    }
}

//! Black-box tests: the real server on a free port, a fresh database per test (a temp
//! SQLite file, or a new PostgreSQL database when `TEST_DATABASE_URL` is set), driven
//! over HTTP. Time moves through an injected clock, never through long sleeps.

#![expect(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]

mod helpers;

mod allowed;
mod answers;
mod api_tokens;
mod duplicates;
mod errors;
mod handovers;
mod hardening;
mod incidents;
mod lifecycle;
mod openapi;
mod permissions;
mod processes;
mod reports;
mod routes;
mod scoping;
mod sessions;
mod sign_in;
mod sla;
mod stream;
mod webhooks;

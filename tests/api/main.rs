//! Black-box tests: the real server on a free port, a fresh database per test (a temp
//! SQLite file, or a new PostgreSQL database when `TEST_DATABASE_URL` is set), driven
//! over HTTP. Time moves through an injected clock, never through long sleeps.
//!
//! Background work runs when the test says so. `spawn_app` starts the server without its
//! sweeper and webhook loops: a test moves the clock, runs one pass (`app.sweep()`,
//! `app.deliver_webhooks()`, which waits for the attempts it started) and then asserts,
//! so "not escalated" or "not sent" means a pass ran and did not do it. Never assert that
//! something did not happen after a sleep. `app.sweep()` fails the test if a pass leaves
//! due work behind. Tests of the loops themselves turn theirs on (`spawn_app_with`), and
//! real processes (`spawn_process`) run their own: wait for a positive condition
//! (`eventually`), and for "only once" until each has run another whole pass
//! (`Process::another_whole_pass`).

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
mod operating;
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

//! Switchboard: a call-center ticketing API.
//!
//! - [`domain`]: the rules (ticket state machine, SLA clocks, roles), plain Rust.
//! - [`workflow`]: ticket actions, applying the rules inside one transaction.
//! - [`db`]: storage on SQLite or PostgreSQL with one diesel code path.
//! - [`http`]: routes, request/response types, errors, the OpenAPI document.
//! - [`sweeper`]: the background pass that escalates overdue clocks.
//! - [`webhooks`]: the background sender of webhook deliveries.
//! - [`startup`]: wires it all together; [`configuration`]: environment → `Config`.

#![cfg_attr(test, expect(clippy::unwrap_used, reason = "unit tests unwrap what must work"))]

pub mod auth;
pub mod clock;
pub mod configuration;
pub mod db;
pub mod domain;
pub mod error;
pub mod http;
pub mod live;
pub mod metrics;
pub mod startup;
pub mod sweeper;
pub mod telemetry;
pub mod webhooks;
pub mod workflow;

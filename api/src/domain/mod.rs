//! The rules of the hotline, in plain Rust: no HTTP, no database.
//!
//! - [`ticket`]: what a ticket is (status, kind, channel, urgency) and the state machine
//!   that says which action each role may take in each state.
//! - [`sla`]: the SLA policy (response windows per tier, 48-hour resolution) and the clocks.
//! - [`role`]: who the users are.
//! - [`phone`]: customer phone numbers, normalised and masked.
//! - [`calendar`]: working days, for the one-working-day hot-complaint clock.

pub mod calendar;
pub mod phone;
pub mod role;
pub mod sla;
pub mod ticket;

//! The rules of the hotline, in plain Rust: no HTTP, no database.
//!
//! - [`ticket`]: what a ticket is (status, kind, channel, urgency), the state machine
//!   that says which action each role may take in each state, and the typed aggregate
//!   (`ticket::Ticket`) whose `apply` is the one way a ticket changes.
//! - [`ids`]: typed ids (`TicketId`, `DepartmentId`, `UserId` …).
//! - [`sla`]: the SLA policy (response windows per tier, 48-hour resolution) and the clocks.
//! - [`reports`]: what reports count, their rates, the 90% satisfaction target and the
//!   period a report covers.
//! - [`role`]: who the users are.
//! - [`phone`]: customer phone numbers, normalised and masked.
//! - [`calendar`]: working days, for the one-working-day hot-complaint clock.
//! - [`password`]: which new passwords are refused (common, guessable, the account's name).
//! - [`api_token`]: what the scopes of third-party systems' API tokens open.
//! - [`webhook`]: how webhook deliveries are signed and retried.
//! - [`handover`]: shift handovers: when the next shift ends, how much a snapshot names.
//! - [`duplicates`]: which tickets are offered as likely duplicates of one, most alike first.
//! - [`answers`]: unified answers (统一答复口径): when one is offered, who writes them,
//!   and the tokenizer that searches them in Chinese and English.

pub mod answers;
pub mod api_token;
pub mod calendar;
pub mod duplicates;
pub mod handover;
pub mod ids;
pub mod password;
pub mod phone;
pub mod reports;
pub mod role;
pub mod sla;
pub mod ticket;
pub mod webhook;

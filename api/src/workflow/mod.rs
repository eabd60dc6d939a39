//! The ticket workflow: each action loads the ticket, asks the domain's state machine and
//! SLA rules what follows, and writes the ticket and its history event together. Every
//! function here runs inside the one transaction `Db::write` opens.

pub mod answers;
pub mod duplicates;
pub mod escalation;
pub mod handovers;
pub mod notify;
pub mod reports;
pub mod tickets;

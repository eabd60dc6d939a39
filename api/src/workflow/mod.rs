//! The ticket workflow: each action loads the ticket, asks the domain's state machine and
//! SLA rules what follows, and writes the ticket and its history event together; and what
//! a handler needs from several tables (likely duplicates, handovers and their snapshot,
//! report figures). A function that writes runs inside the one transaction `Db::write`
//! opens; one that only reads, on the connection `Db::read` lends. Handlers extract,
//! authorise, call one of these and render.

pub mod answers;
pub mod duplicates;
pub mod escalation;
pub mod handovers;
pub mod notify;
pub mod reports;
pub mod tickets;

//! Typed ids: a ticket's id cannot be passed where a department's is expected. Each is a
//! UUID (v7 for new ones, so they sort in creation order); `db/` stores them as text and
//! turns them back into these types when it reads a row; the HTTP layer's documents carry
//! plain UUIDs.

use std::{fmt, str::FromStr};

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! id_type {
    ($($(#[$meta:meta])* $name:ident;)+) => {$(
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(Uuid);

        impl $name {
            /// A new id, sorting after every id made before it.
            pub fn new() -> $name {
                $name(Uuid::now_v7())
            }

            pub fn as_uuid(self) -> Uuid {
                self.0
            }
        }

        impl Default for $name {
            fn default() -> $name {
                $name::new()
            }
        }

        impl From<Uuid> for $name {
            fn from(id: Uuid) -> $name {
                $name(id)
            }
        }

        impl From<$name> for Uuid {
            fn from(id: $name) -> Uuid {
                id.0
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<$name, uuid::Error> {
                Uuid::parse_str(s).map($name)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.hyphenated().fmt(f)
            }
        }
    )+};
}

id_type! {
    /// A ticket (工单).
    TicketId;
    /// A responsible department (责任部门).
    DepartmentId;
    /// A user: agent, department staff, supervisor, administrator or integration.
    UserId;
    /// A customer, found by phone at intake.
    CustomerId;
    /// An extension request (延期).
    ExtensionId;
    /// A unified answer (统一答复口径).
    AnswerId;
    /// A root cause of the admin's list.
    RootCauseId;
    /// An entry of a ticket's history.
    EventId;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_uuids_in_text_and_json() {
        let id = TicketId::new();
        assert_eq!(id.to_string().parse::<TicketId>().unwrap(), id);
        assert_eq!(serde_json::to_string(&id).unwrap(), format!("\"{id}\""));
        assert!("not-a-uuid".parse::<TicketId>().is_err());
    }

    #[test]
    fn new_ids_sort_in_creation_order() {
        let (a, b) = (TicketId::new(), TicketId::new());
        assert!(a.to_string() < b.to_string());
    }
}

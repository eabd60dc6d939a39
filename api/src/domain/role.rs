use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::ids::{DepartmentId, UserId};

/// What a user is allowed to do. Department staff belong to exactly one department.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Hotline agent (坐席): takes calls, dispatches, calls customers back.
    Agent,
    /// Staff of a responsible department (责任部门): accepts, contacts, resolves.
    DeptStaff,
    /// Call-center supervisor (客服主管): everything an agent can, plus oversight.
    Supervisor,
    /// Administrator: users, departments, SLA policy; also a supervisor on tickets.
    Admin,
    /// A third-party system: may take contacts in, sees masked personal data.
    Integration,
}

impl Role {
    pub const ALL: [Role; 5] = [Role::Agent, Role::DeptStaff, Role::Supervisor, Role::Admin, Role::Integration];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Agent => "agent",
            Role::DeptStaff => "dept_staff",
            Role::Supervisor => "supervisor",
            Role::Admin => "admin",
            Role::Integration => "integration",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Agents, supervisors and administrators work for the call center itself.
    pub fn is_call_center(self) -> bool {
        matches!(self, Role::Agent | Role::Supervisor | Role::Admin)
    }

    /// Whether this role may reveal a customer's full phone number, on the record (DESIGN
    /// §1.14). Every ticket shows it masked. The call center calls customers back; department
    /// staff must call them within the response window, for their own department's tickets
    /// and with a reason ([`Role::must_say_why_to_reveal`]). Integrations never.
    pub fn may_reveal_personal_data(self) -> bool {
        self.is_call_center() || self == Role::DeptStaff
    }

    /// Department staff give a reason for each reveal; the call center's is optional.
    pub fn must_say_why_to_reveal(self) -> bool {
        self == Role::DeptStaff
    }

    /// Department staff must belong to a department; nobody else does.
    pub fn needs_department(self) -> bool {
        self == Role::DeptStaff
    }
}

/// The signed-in user on whose behalf something is done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub id: UserId,
    pub role: Role,
    /// Set for department staff only.
    pub department_id: Option<DepartmentId>,
}

impl Actor {
    /// Department staff see only tickets dispatched to their department (DESIGN §3);
    /// everyone else sees every ticket.
    pub fn can_see_department(&self, ticket_department: Option<&DepartmentId>) -> bool {
        match self.role {
            Role::DeptStaff => self.department_id.is_some() && self.department_id.as_ref() == ticket_department,
            _ => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn department_staff_see_only_their_department() {
        let (d1, d2) = (DepartmentId::new(), DepartmentId::new());
        let staff = Actor { id: UserId::new(), role: Role::DeptStaff, department_id: Some(d1) };
        assert!(staff.can_see_department(Some(&d1)));
        assert!(!staff.can_see_department(Some(&d2)));
        assert!(!staff.can_see_department(None));
        let agent = Actor { id: UserId::new(), role: Role::Agent, department_id: None };
        assert!(agent.can_see_department(None));
        assert!(agent.can_see_department(Some(&d2)));
    }
}

// The people and departments the end-to-end tests seed through the API.

export const ADMIN = { username: 'admin', password: 'e2e-admin-pass' };
export const PASSWORD = 'e2e-password-1';

export const DEPARTMENTS = { water: 'Water & Repairs', billing: 'Billing Office' } as const;

export const USERS = {
  agent: { username: 'agent.li', display_name: 'Li Agent', role: 'agent' },
  staff: { username: 'staff.wang', display_name: 'Wang Staff', role: 'dept_staff', department: 'water' },
  otherStaff: { username: 'staff.zhao', display_name: 'Zhao Staff', role: 'dept_staff', department: 'billing' },
  supervisor: { username: 'sup.chen', display_name: 'Chen Supervisor', role: 'supervisor' },
} as const;

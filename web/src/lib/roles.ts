// Who the signed-in person is, by role: the screens each role may open, where it lands,
// and the few role rules that are not about a ticket (the unified answers, the reason a
// phone reveal asks for). What a person may do to a ticket is the API's to say: every
// ticket carries its `allowed_actions`, and the console shows its buttons from them.

import type { Role } from '../api/client';

export type { Role };

/** The call center: agents, supervisors and admins (department staff and integrations are not). */
export const CALL_CENTER: readonly Role[] = ['agent', 'supervisor', 'admin'];

export function isCallCenter(role: Role): boolean {
  return CALL_CENTER.includes(role);
}

/** The console's screens and the roles that may open them (the routes declare theirs; the side menu shows only these). */
export type Screen = 'intake' | 'queue' | 'inbox' | 'callbacks' | 'handovers' | 'answers' | 'dashboard' | 'admin' | 'ticket';

export const SCREEN_ROLES: Record<Screen, readonly Role[]> = {
  intake: CALL_CENTER,
  queue: CALL_CENTER,
  callbacks: CALL_CENTER,
  handovers: CALL_CENTER,
  answers: ['agent', 'supervisor', 'admin', 'dept_staff'],
  inbox: ['dept_staff'],
  // Department staff see their own department's figures (the API scopes them).
  dashboard: ['supervisor', 'admin', 'dept_staff'],
  admin: ['admin'],
  // Which tickets, and what may be done to each, the API decides (`allowed_actions`).
  ticket: ['agent', 'supervisor', 'admin', 'dept_staff'],
};

export function canOpen(role: Role, screen: Screen): boolean {
  return SCREEN_ROLES[screen].includes(role);
}

/** Where a role lands after signing in. */
export function homeFor(role: Role): string {
  if (role === 'dept_staff') return '/inbox';
  if (role === 'supervisor') return '/dashboard';
  return '/queue';
}

/** Who may issue, edit and withdraw unified answers (department staff: their own department's). */
export function mayWriteAnswers(role: Role): boolean {
  return role === 'admin' || role === 'supervisor' || role === 'dept_staff';
}

/**
 * Whether a phone reveal must carry a reason (the API answers 422 on `note` without one):
 * department staff's. Whether the number may be revealed at all is the ticket's
 * `allowed_actions` (`reveal_phone`).
 */
export function revealNeedsReason(role: Role): boolean {
  return role === 'dept_staff';
}

/**
 * Who gets the queue's bulk urge and re-dispatch (supervisors, and admins). Which tickets
 * each may pick is still every ticket's own `allowed_actions`.
 */
export function mayActInBulk(role: Role): boolean {
  return role === 'supervisor' || role === 'admin';
}

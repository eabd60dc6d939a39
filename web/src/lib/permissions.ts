// Which actions a role may take on a ticket in a given state: the console's copy of the
// API's state machine (api/src/domain/ticket.rs), used only to decide which buttons to
// show. The API stays the authority and refuses anything else (403/409).

import type { components } from '../api/schema';

export type Role = components['schemas']['Role'];
export type TicketStatus = components['schemas']['TicketStatus'];

export type TicketAction =
  | 'answer'
  | 'dispatch'
  | 'accept'
  | 'return'
  | 'contact'
  | 'request_extension'
  | 'decide_extension'
  | 'resolve'
  | 'callback'
  | 'reopen'
  | 'close'
  | 'merge'
  | 'urge'
  | 'supervise'
  | 'overrule'
  | 'recontact'
  | 'flag_incident'
  | 'onsite'
  | 'flag_hot'
  | 'report_hot'
  | 'comment';

export const CALL_CENTER: readonly Role[] = ['agent', 'supervisor', 'admin'];

export function isCallCenter(role: Role): boolean {
  return CALL_CENTER.includes(role);
}

/** Whether the role may take the action at all, whatever the ticket's state. */
export function roleMay(role: Role, action: TicketAction): boolean {
  switch (action) {
    case 'answer':
    case 'dispatch':
    case 'decide_extension':
    case 'callback':
    case 'reopen':
    case 'close':
    case 'merge':
    case 'overrule':
    case 'recontact':
    case 'flag_incident':
      return isCallCenter(role);
    case 'urge':
    case 'supervise':
    case 'flag_hot':
    case 'report_hot':
      return role === 'supervisor' || role === 'admin';
    case 'onsite':
      return role === 'dept_staff' || isCallCenter(role);
    case 'accept':
    case 'return':
    case 'contact':
    case 'request_extension':
      return role === 'dept_staff';
    case 'resolve':
      return role === 'dept_staff' || isCallCenter(role);
    case 'comment':
      return role !== 'integration';
  }
}

const OPEN: readonly TicketStatus[] = ['new', 'dispatched', 'accepted', 'in_progress', 'returned', 'reopened'];

const FROM: Record<TicketAction, readonly TicketStatus[] | 'any'> = {
  answer: ['new', 'returned', 'reopened'],
  dispatch: ['new', 'returned', 'reopened'],
  accept: ['dispatched'],
  return: ['dispatched', 'accepted'],
  contact: ['accepted'],
  request_extension: ['accepted', 'in_progress'],
  decide_extension: ['accepted', 'in_progress'],
  resolve: ['in_progress'],
  callback: ['resolved'],
  reopen: ['resolved'],
  close: ['resolved'],
  merge: ['new', 'dispatched', 'accepted', 'in_progress', 'returned', 'reopened', 'resolved'],
  urge: ['dispatched', 'accepted', 'in_progress'],
  supervise: ['dispatched', 'accepted', 'in_progress'],
  overrule: ['returned'],
  recontact: [...OPEN, 'resolved'],
  flag_incident: [...OPEN, 'resolved'],
  onsite: [...OPEN, 'resolved'],
  flag_hot: [...OPEN, 'resolved'],
  report_hot: [...OPEN, 'resolved'],
  comment: 'any',
};

/** Whether the action applies to a ticket in this state (for a role that may take it). */
export function stateAllows(status: TicketStatus, action: TicketAction): boolean {
  const from = FROM[action];
  return from === 'any' || from.includes(status);
}

/** The actions to offer this role on a ticket in this state, in the order the screen shows them. */
export function availableActions(role: Role, status: TicketStatus): TicketAction[] {
  return (Object.keys(FROM) as TicketAction[]).filter((a) => roleMay(role, a) && stateAllows(status, a));
}

/** The flags of a ticket that decide whether the incident and hot-complaint actions apply. */
export interface TicketFlags {
  status: TicketStatus;
  incident: boolean;
  onsite_at?: string | null;
  hot: boolean;
  hot_reported_at?: string | null;
}

/**
 * The actions to offer on this ticket: by state, then by its flags (flag an incident once,
 * record the arrival on site once for an incident, flag hot once, report a hot one once).
 */
export function ticketActions(role: Role, tk: TicketFlags): TicketAction[] {
  return availableActions(role, tk.status).filter((a) => {
    switch (a) {
      case 'flag_incident':
        return !tk.incident;
      case 'onsite':
        return tk.incident && !tk.onsite_at;
      case 'flag_hot':
        return !tk.hot;
      case 'report_hot':
        return tk.hot && !tk.hot_reported_at;
      default:
        return true;
    }
  });
}

/**
 * Who may reveal a customer's full phone number (tickets always show it masked), on the
 * record: the call center, and department staff for their own department's tickets (the
 * API scopes which tickets they see), who must say why (`revealNeedsReason`).
 * Integrations never see it.
 */
export function mayRevealPhone(role: Role): boolean {
  return isCallCenter(role) || role === 'dept_staff';
}

/** Whether a reveal must carry a reason (the API answers 422 on `note` without one). */
export function revealNeedsReason(role: Role): boolean {
  return role === 'dept_staff';
}

/** Who may issue, edit and withdraw unified answers (department staff: their own department's). */
export function mayWriteAnswers(role: Role): boolean {
  return role === 'admin' || role === 'supervisor' || role === 'dept_staff';
}

/** The console's screens and the roles that may open them (the side menu shows only these). */
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

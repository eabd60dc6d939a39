import { describe, expect, it } from 'vitest';
import { canOpen, homeFor, mayRevealPhone, mayWriteAnswers, revealNeedsReason, roleMay, ticketActions, type Role, type TicketFlags, type TicketStatus } from './permissions';

describe('role → allowed actions', () => {
  it('department actions are for department staff only', () => {
    for (const a of ['accept', 'return', 'contact', 'request_extension'] as const) {
      expect(roleMay('dept_staff', a)).toBe(true);
      for (const r of ['agent', 'supervisor', 'admin', 'integration'] as Role[]) expect(roleMay(r, a), `${r} ${a}`).toBe(false);
    }
  });
  it('supervisors and admins may do everything an agent may', () => {
    for (const a of ['answer', 'dispatch', 'decide_extension', 'callback', 'reopen', 'close', 'resolve', 'comment'] as const) {
      expect(roleMay('agent', a)).toBe(true);
      expect(roleMay('supervisor', a)).toBe(true);
      expect(roleMay('admin', a)).toBe(true);
    }
  });
  it('department staff may resolve but not dispatch, call back or close', () => {
    expect(roleMay('dept_staff', 'resolve')).toBe(true);
    for (const a of ['dispatch', 'answer', 'callback', 'close', 'reopen', 'decide_extension'] as const) {
      expect(roleMay('dept_staff', a)).toBe(false);
    }
  });
});

describe('actions offered per state', () => {
  // An ordinary ticket: no incident, not hot.
  const offer = (role: Role, status: TicketStatus) => ticketActions(role, { status, incident: false, hot: false });
  it('follows the lifecycle for the call center', () => {
    expect(offer('agent', 'new')).toEqual(['answer', 'dispatch', 'merge', 'recontact', 'flag_incident', 'comment']);
    expect(offer('agent', 'returned')).toEqual(['answer', 'dispatch', 'merge', 'overrule', 'recontact', 'flag_incident', 'comment']);
    expect(offer('agent', 'dispatched')).toEqual(['merge', 'recontact', 'flag_incident', 'comment']);
    expect(offer('agent', 'in_progress')).toEqual(['decide_extension', 'resolve', 'merge', 'recontact', 'flag_incident', 'comment']);
    expect(offer('agent', 'resolved')).toEqual(['callback', 'reopen', 'close', 'merge', 'recontact', 'flag_incident', 'comment']);
    expect(offer('agent', 'closed')).toEqual(['comment']);
    expect(offer('agent', 'merged')).toEqual(['comment']);
  });
  it('lets supervisors and admins urge or order supervision of work under way', () => {
    expect(offer('supervisor', 'dispatched')).toEqual(['merge', 'urge', 'supervise', 'recontact', 'flag_incident', 'flag_hot', 'comment']);
    expect(offer('admin', 'in_progress')).toEqual([
      'decide_extension',
      'resolve',
      'merge',
      'urge',
      'supervise',
      'recontact',
      'flag_incident',
      'flag_hot',
      'comment',
    ]);
    expect(offer('supervisor', 'new')).not.toContain('urge');
    expect(offer('supervisor', 'resolved')).not.toContain('supervise');
    for (const r of ['agent', 'dept_staff', 'integration'] as Role[]) {
      expect(roleMay(r, 'urge'), r).toBe(false);
      expect(roleMay(r, 'supervise'), r).toBe(false);
    }
    expect(roleMay('dept_staff', 'merge')).toBe(false);
  });
  it('follows the lifecycle for department staff', () => {
    expect(offer('dept_staff', 'dispatched')).toEqual(['accept', 'return', 'comment']);
    expect(offer('dept_staff', 'accepted')).toEqual(['return', 'contact', 'request_extension', 'comment']);
    expect(offer('dept_staff', 'in_progress')).toEqual(['request_extension', 'resolve', 'comment']);
    expect(offer('dept_staff', 'resolved')).toEqual(['comment']);
  });
});

describe('returns, repeat contacts, incidents and hot complaints', () => {
  const tk = (status: TicketStatus, flags: Partial<TicketFlags> = {}): TicketFlags => ({ status, incident: false, hot: false, ...flags });
  it('overrule (审定) is for the call center, on returned tickets only', () => {
    expect(ticketActions('agent', tk('returned'))).toContain('overrule');
    expect(ticketActions('agent', tk('new'))).not.toContain('overrule');
    expect(ticketActions('dept_staff', tk('returned'))).not.toContain('overrule');
  });
  it('a repeat contact can be recorded on open and resolved tickets by the call center', () => {
    expect(ticketActions('agent', tk('resolved'))).toContain('recontact');
    expect(ticketActions('agent', tk('closed'))).not.toContain('recontact');
    expect(roleMay('dept_staff', 'recontact')).toBe(false);
  });
  it('an incident is flagged once; the arrival on site is recorded once, by the department or the call center', () => {
    const incident = tk('accepted', { incident: true });
    expect(ticketActions('agent', incident)).not.toContain('flag_incident');
    expect(ticketActions('dept_staff', incident)).toContain('onsite');
    expect(ticketActions('agent', incident)).toContain('onsite');
    expect(ticketActions('dept_staff', { ...incident, onsite_at: '2026-11-22T08:00:00Z' })).not.toContain('onsite');
    expect(ticketActions('dept_staff', tk('accepted'))).not.toContain('onsite');
    expect(ticketActions('dept_staff', tk('accepted'))).not.toContain('flag_incident');
  });
  it('hot complaints are flagged and reported upward by supervisors and admins', () => {
    expect(ticketActions('agent', tk('dispatched'))).not.toContain('flag_hot');
    const hot = tk('dispatched', { hot: true });
    expect(ticketActions('supervisor', hot)).toContain('report_hot');
    expect(ticketActions('supervisor', hot)).not.toContain('flag_hot');
    expect(ticketActions('admin', { ...hot, hot_reported_at: '2026-11-22T08:00:00Z' })).not.toContain('report_hot');
    expect(ticketActions('agent', hot)).not.toContain('report_hot');
  });
});

describe('screens per role', () => {
  it('menus match the roles', () => {
    expect(canOpen('agent', 'intake')).toBe(true);
    expect(canOpen('dept_staff', 'intake')).toBe(false);
    expect(canOpen('dept_staff', 'inbox')).toBe(true);
    expect(canOpen('agent', 'dashboard')).toBe(false);
    expect(canOpen('supervisor', 'dashboard')).toBe(true);
    expect(canOpen('dept_staff', 'dashboard')).toBe(true);
    expect(canOpen('integration', 'dashboard')).toBe(false);
    expect(canOpen('supervisor', 'admin')).toBe(false);
    expect(canOpen('admin', 'admin')).toBe(true);
    expect(homeFor('dept_staff')).toBe('/inbox');
    expect(homeFor('agent')).toBe('/queue');
  });
  it('handovers are for the call center; the answers library for everyone who works tickets', () => {
    for (const r of ['agent', 'supervisor', 'admin'] as Role[]) expect(canOpen(r, 'handovers'), r).toBe(true);
    expect(canOpen('dept_staff', 'handovers')).toBe(false);
    for (const r of ['agent', 'supervisor', 'admin', 'dept_staff'] as Role[]) expect(canOpen(r, 'answers'), r).toBe(true);
    expect(canOpen('integration', 'answers')).toBe(false);
    expect(mayWriteAnswers('agent')).toBe(false);
    for (const r of ['supervisor', 'admin', 'dept_staff'] as Role[]) expect(mayWriteAnswers(r), r).toBe(true);
  });
});

describe('masked phones', () => {
  it('the call center and department staff may reveal a customer’s number; integrations may not', () => {
    for (const r of ['agent', 'supervisor', 'admin', 'dept_staff'] as Role[]) expect(mayRevealPhone(r), r).toBe(true);
    expect(mayRevealPhone('integration')).toBe(false);
  });
  it('department staff must give a reason; the call center need not', () => {
    expect(revealNeedsReason('dept_staff')).toBe(true);
    for (const r of ['agent', 'supervisor', 'admin'] as Role[]) expect(revealNeedsReason(r), r).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { availableActions, canOpen, homeFor, roleMay, type Role, type TicketStatus } from './permissions';

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
  const offer = (role: Role, status: TicketStatus) => availableActions(role, status);
  it('follows the lifecycle for the call center', () => {
    expect(offer('agent', 'new')).toEqual(['answer', 'dispatch', 'merge', 'comment']);
    expect(offer('agent', 'returned')).toEqual(['answer', 'dispatch', 'merge', 'comment']);
    expect(offer('agent', 'dispatched')).toEqual(['merge', 'comment']);
    expect(offer('agent', 'in_progress')).toEqual(['decide_extension', 'resolve', 'merge', 'comment']);
    expect(offer('agent', 'resolved')).toEqual(['callback', 'reopen', 'close', 'merge', 'comment']);
    expect(offer('agent', 'closed')).toEqual(['comment']);
    expect(offer('agent', 'merged')).toEqual(['comment']);
  });
  it('lets supervisors and admins urge or order supervision of work under way', () => {
    expect(offer('supervisor', 'dispatched')).toEqual(['merge', 'urge', 'supervise', 'comment']);
    expect(offer('admin', 'in_progress')).toEqual(['decide_extension', 'resolve', 'merge', 'urge', 'supervise', 'comment']);
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

describe('screens per role', () => {
  it('menus match the roles', () => {
    expect(canOpen('agent', 'intake')).toBe(true);
    expect(canOpen('dept_staff', 'intake')).toBe(false);
    expect(canOpen('dept_staff', 'inbox')).toBe(true);
    expect(canOpen('agent', 'dashboard')).toBe(false);
    expect(canOpen('supervisor', 'dashboard')).toBe(true);
    expect(canOpen('supervisor', 'admin')).toBe(false);
    expect(canOpen('admin', 'admin')).toBe(true);
    expect(homeFor('dept_staff')).toBe('/inbox');
    expect(homeFor('agent')).toBe('/queue');
  });
});

import { describe, expect, it } from 'vitest';
import { canOpen, homeFor, isCallCenter, mayWriteAnswers, revealNeedsReason, type Role } from './roles';

const ROLES: Role[] = ['agent', 'supervisor', 'admin', 'dept_staff', 'integration'];

describe('roles', () => {
  it('the call center is agents, supervisors and admins', () => {
    expect(ROLES.filter(isCallCenter)).toEqual(['agent', 'supervisor', 'admin']);
  });
});

describe('screens per role', () => {
  it('menus match the roles', () => {
    expect(canOpen('agent', 'intake')).toBe(true);
    expect(canOpen('dept_staff', 'intake')).toBe(false);
    expect(canOpen('dept_staff', 'inbox')).toBe(true);
    expect(canOpen('agent', 'inbox')).toBe(false);
    expect(canOpen('agent', 'dashboard')).toBe(false);
    expect(canOpen('supervisor', 'dashboard')).toBe(true);
    expect(canOpen('dept_staff', 'dashboard')).toBe(true);
    expect(canOpen('integration', 'dashboard')).toBe(false);
    expect(canOpen('supervisor', 'admin')).toBe(false);
    expect(canOpen('admin', 'admin')).toBe(true);
  });
  it('tickets open for everyone who works them; integrations use the API only', () => {
    for (const r of ['agent', 'supervisor', 'admin', 'dept_staff'] as Role[]) expect(canOpen(r, 'ticket'), r).toBe(true);
    for (const s of ['intake', 'queue', 'inbox', 'callbacks', 'handovers', 'answers', 'dashboard', 'admin', 'ticket'] as const) {
      expect(canOpen('integration', s), s).toBe(false);
    }
  });
  it('handovers and callbacks are for the call center; the answers library for everyone who works tickets', () => {
    for (const r of ['agent', 'supervisor', 'admin'] as Role[]) {
      expect(canOpen(r, 'handovers'), r).toBe(true);
      expect(canOpen(r, 'callbacks'), r).toBe(true);
    }
    expect(canOpen('dept_staff', 'handovers')).toBe(false);
    expect(canOpen('dept_staff', 'callbacks')).toBe(false);
    for (const r of ['agent', 'supervisor', 'admin', 'dept_staff'] as Role[]) expect(canOpen(r, 'answers'), r).toBe(true);
  });
  it('each role lands on its own list', () => {
    expect(homeFor('dept_staff')).toBe('/inbox');
    expect(homeFor('supervisor')).toBe('/dashboard');
    expect(homeFor('agent')).toBe('/queue');
    expect(homeFor('admin')).toBe('/queue');
  });
});

describe('role rules that are not about a ticket', () => {
  it('supervisors, admins and department staff write unified answers; agents read them', () => {
    expect(mayWriteAnswers('agent')).toBe(false);
    expect(mayWriteAnswers('integration')).toBe(false);
    for (const r of ['supervisor', 'admin', 'dept_staff'] as Role[]) expect(mayWriteAnswers(r), r).toBe(true);
  });
  it('department staff give a reason to reveal a number; the call center need not', () => {
    expect(revealNeedsReason('dept_staff')).toBe(true);
    for (const r of ['agent', 'supervisor', 'admin'] as Role[]) expect(revealNeedsReason(r), r).toBe(false);
  });
});

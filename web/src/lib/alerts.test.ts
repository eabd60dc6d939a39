import { describe, expect, it } from 'vitest';
import { alertKindsFor, alertsForChange, alertStore, titleWithCount, type AlertTicket } from './alerts';

const since = Date.parse('2026-12-02T06:00:00Z');
const tk = (over: Partial<AlertTicket> = {}): AlertTicket => ({
  id: 't1',
  number: '20261202-0001',
  status: 'dispatched',
  urgency: 'P1',
  dispatched_at: '2026-12-02T06:05:00Z',
  urge_count: 0,
  urged_at: null,
  ...over,
});

describe('staff alerts', () => {
  it('department staff are alerted to P1 dispatches, urges and escalations; agents to escalations', () => {
    expect(alertKindsFor('dept_staff')).toEqual(['p1', 'urged', 'escalated']);
    expect(alertKindsFor('supervisor')).toEqual(['p1', 'escalated']);
    expect(alertKindsFor('agent')).toEqual(['escalated']);
    expect(alertKindsFor('integration')).toEqual([]);
  });
  it('a P1 dispatched since the page opened alerts; an older one, another tier or a later state does not', () => {
    const staff = alertKindsFor('dept_staff');
    expect(alertsForChange(tk(), staff, since).map((a) => a.kind)).toEqual(['p1']);
    expect(alertsForChange(tk({ dispatched_at: '2026-12-02T05:59:00Z' }), staff, since)).toEqual([]);
    expect(alertsForChange(tk({ urgency: 'P2' }), staff, since)).toEqual([]);
    expect(alertsForChange(tk({ status: 'accepted' }), staff, since)).toEqual([]);
    expect(alertsForChange(tk(), alertKindsFor('agent'), since)).toEqual([]);
  });
  it('an urge since the page opened alerts once per urge', () => {
    const urged = tk({ urgency: 'P3', status: 'accepted', urge_count: 2, urged_at: '2026-12-02T06:10:00Z' });
    const [a] = alertsForChange(urged, alertKindsFor('dept_staff'), since);
    expect(a?.kind).toBe('urged');
    expect(alertsForChange(urged, alertKindsFor('supervisor'), since)).toEqual([]);
    expect(alertStore.add(a!)).toBe(true);
    expect(alertStore.add(a!)).toBe(false);
    expect(alertStore.count()).toBe(1);
    alertStore.clear();
    expect(alertStore.count()).toBe(0);
  });
  it('the title carries the count', () => {
    expect(titleWithCount('Switchboard', 3)).toBe('(3) Switchboard');
    expect(titleWithCount('Switchboard', 0)).toBe('Switchboard');
  });
});

import { describe, expect, it } from 'vitest';
import type { Schemas } from '../../api/client';
import { dashboardScope, departmentRows, flagRows, percent, reportQuery, summaryFileName, withScope } from './scope';

const WATER = '0b1d4c1e-0000-4000-8000-000000000001';
const BILLING = '0b1d4c1e-0000-4000-8000-000000000002';
const supervisor = { role: 'supervisor' as const, department_id: null };
const staff = { role: 'dept_staff' as const, department_id: WATER };
const q = (s: string) => new URLSearchParams(s);

describe('the dashboard scope', () => {
  it('reads the period and department from the URL', () => {
    expect(dashboardScope(q(''), supervisor)).toEqual({ days: 7, departmentId: undefined, fixed: false });
    expect(dashboardScope(q(`days=30&department=${BILLING}`), supervisor)).toEqual({ days: 30, departmentId: BILLING, fixed: false });
  });
  it('shows all departments for a department that is no id', () => {
    for (const d of ['', 'water', `${BILLING}x`, "1' OR 1=1"]) {
      expect(dashboardScope(q(`department=${encodeURIComponent(d)}`), supervisor).departmentId, d).toBeUndefined();
    }
  });
  it('falls back to 7 days for a period it does not offer', () => {
    for (const days of ['5', 'abc', '-7', '']) expect(dashboardScope(q(`days=${days}`), supervisor).days, days).toBe(7);
  });
  it('fixes department staff to their own department, whatever the URL asks', () => {
    expect(dashboardScope(q(`department=${BILLING}&days=90`), staff)).toEqual({ days: 90, departmentId: WATER, fixed: true });
    expect(dashboardScope(q(''), staff).departmentId).toBe(WATER);
  });
  it('writes a choice into the URL, keeping other parameters and leaving defaults out', () => {
    expect(withScope(q('x=1'), { departmentId: BILLING }).toString()).toBe(`x=1&department=${BILLING}`);
    expect(withScope(q(`department=${BILLING}&days=30`), { departmentId: null }).toString()).toBe('days=30');
    expect(withScope(q(`department=${BILLING}&days=30`), { days: 7 }).toString()).toBe(`department=${BILLING}`);
    expect(withScope(q(''), { days: 90 }).toString()).toBe('days=90');
  });
});

describe('the report query', () => {
  const now = new Date('2026-11-22T08:30:00Z');
  it('covers the last `days` days up to now', () => {
    expect(reportQuery({ days: 7, departmentId: undefined }, now)).toEqual({ from: '2026-11-15T08:30:00.000Z', to: '2026-11-22T08:30:00.000Z' });
  });
  it('carries the department only when one is chosen', () => {
    expect(reportQuery({ days: 30, departmentId: WATER }, now)).toEqual({
      from: '2026-10-23T08:30:00.000Z',
      to: '2026-11-22T08:30:00.000Z',
      department_id: WATER,
    });
    expect('department_id' in reportQuery({ days: 30, departmentId: undefined }, now)).toBe(false);
  });
  it('names the CSV as the API does when its header cannot be read', () => {
    expect(summaryFileName('2026-11-15T08:30:00Z', '2026-11-22T08:30:00Z')).toBe('switchboard-summary-20261115-20261122.csv');
    // By UTC days, as the API names it.
    expect(summaryFileName('2026-11-15T23:30:00+08:00', '2026-11-22T01:00:00+08:00')).toBe('switchboard-summary-20261115-20261121.csv');
  });
});

const compliance = { dispatched: 0, met_on_time: 0, met_late: 0, open_breached: 0, open_on_time: 0, compliance_rate: null };
const resolution = { total: 0, on_time: 0, late_with_extension: 0, late: 0, open_breached: 0, open_on_time: 0, rate_48h: null };
const satisfaction = { callbacks: 0, satisfied: 0, rate: null, meets_target: null, target: 0.9 };
const flags = { flagged: 0, met_on_time: 0, met_late: 0, open_breached: 0, open_on_time: 0 };

function summary(part: Partial<Schemas['Summary']>): Schemas['Summary'] {
  return {
    from: '2026-11-15T00:00:00Z',
    to: '2026-11-22T00:00:00Z',
    contacts: [],
    response_by_tier: [],
    response_by_department: [],
    resolution,
    resolution_by_department: [],
    satisfaction,
    satisfaction_by_department: [],
    escalations: 0,
    escalations_by_department: [],
    urges: 0,
    supervision_orders: 0,
    extensions: { requested: 0, approved: 0, rejected: 0 },
    top_root_causes: [],
    hot_complaints: flags,
    incidents: flags,
    supervision: flags,
    top_answers: [],
    ...part,
  };
}

describe('the per-department figures', () => {
  it('puts each department’s response, resolution, satisfaction and escalations on one row', () => {
    const rows = departmentRows(
      summary({
        response_by_department: [
          { ...compliance, department_id: WATER, department_name: 'Water', dispatched: 4, compliance_rate: 0.75 },
          { ...compliance, department_id: BILLING, department_name: 'Billing', dispatched: 1 },
        ],
        resolution_by_department: [
          { ...resolution, department_id: WATER, department_name: 'Water', on_time: 2, late: 1, late_with_extension: 1, rate_48h: 0.5 },
          { ...resolution, department_id: null, department_name: null, on_time: 3, rate_48h: 1 },
        ],
        satisfaction_by_department: [{ ...satisfaction, department_id: WATER, department_name: 'Water', callbacks: 2, satisfied: 1, rate: 0.5 }],
        escalations_by_department: [
          { department_id: WATER, department_name: 'Water', count: 3 },
          { department_id: BILLING, department_name: 'Billing', count: 1 },
        ],
      }),
    );
    expect(rows.map((r) => r.departmentName)).toEqual(['Billing', 'Water', null]);
    expect(rows[1]).toEqual({
      key: WATER,
      departmentId: WATER,
      departmentName: 'Water',
      dispatched: 4,
      responseRate: 0.75,
      resolved: 4,
      resolutionRate: 0.5,
      callbacks: 2,
      satisfactionRate: 0.5,
      escalations: 3,
    });
    expect(rows[0]).toMatchObject({ dispatched: 1, responseRate: null, resolved: 0, escalations: 1 });
    // The call center's own tickets (no department) come last.
    expect(rows[2]).toMatchObject({ key: '', departmentId: null, resolved: 3, resolutionRate: 1, dispatched: 0 });
  });
  it('is empty when nothing happened', () => {
    expect(departmentRows(summary({}))).toEqual([]);
  });
  it('shows rates as percentages', () => {
    expect(percent(0.756)).toBe('75.6%');
    expect(percent(1)).toBe('100%');
    expect(percent(null)).toBe('–');
    expect(percent(undefined)).toBe('–');
  });
});

describe('incidents, hot complaints and supervision orders', () => {
  it('shows each flag’s tickets, met on time, missed (late or open past the deadline) and still open', () => {
    const rows = flagRows(
      summary({
        incidents: { flagged: 2, met_on_time: 1, met_late: 1, open_breached: 0, open_on_time: 0 },
        hot_complaints: { flagged: 3, met_on_time: 0, met_late: 0, open_breached: 2, open_on_time: 1 },
        supervision: { flagged: 5, met_on_time: 2, met_late: 1, open_breached: 1, open_on_time: 1 },
      }),
    );
    expect(rows).toEqual([
      { key: 'incidents', flagged: 2, metOnTime: 1, missed: 1, open: 0 },
      { key: 'hot_complaints', flagged: 3, metOnTime: 0, missed: 2, open: 1 },
      { key: 'supervision', flagged: 5, metOnTime: 2, missed: 2, open: 1 },
    ]);
  });
  it('keeps the three rows when nothing was flagged', () => {
    expect(flagRows(summary({})).map((r) => [r.key, r.flagged])).toEqual([
      ['incidents', 0],
      ['hot_complaints', 0],
      ['supervision', 0],
    ]);
  });
});

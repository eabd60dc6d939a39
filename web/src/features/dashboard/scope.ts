// What the dashboard shows: the period and the department, read from the URL (so a view
// survives a reload and can be shared) and fixed to their own department for department
// staff, as the API does. Pure functions, unit-tested.

import type { Role, Schemas } from '../../api/client';

/** The periods the dashboard offers, in days; the first is the default. */
export const PERIODS = [7, 30, 90] as const;
export type Period = (typeof PERIODS)[number];

export interface DashboardScope {
  days: Period;
  /** One department's figures; undefined: all departments. */
  departmentId: string | undefined;
  /** Department staff: always their own department, no choice offered. */
  fixed: boolean;
}

/** The URL's `?days=` and `?department=`, or the department of a department-staff user. */
export function dashboardScope(params: URLSearchParams, user: { role: Role; department_id?: string | null }): DashboardScope {
  const asked = Number(params.get('days'));
  const days = PERIODS.find((p) => p === asked) ?? PERIODS[0];
  if (user.role === 'dept_staff') return { days, departmentId: user.department_id ?? undefined, fixed: true };
  const department = params.get('department')?.trim();
  // Anything but a department id (a mangled link) means all departments, not a 400.
  return { days, departmentId: department && UUID.test(department) ? department : undefined, fixed: false };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The URL for a new choice: defaults (7 days, all departments) leave the URL clean. */
export function withScope(params: URLSearchParams, change: { days?: Period; departmentId?: string | null }): URLSearchParams {
  const next = new URLSearchParams(params);
  if (change.days !== undefined) {
    if (change.days === PERIODS[0]) next.delete('days');
    else next.set('days', String(change.days));
  }
  if (change.departmentId !== undefined) {
    if (change.departmentId) next.set('department', change.departmentId);
    else next.delete('department');
  }
  return next;
}

export interface ReportQuery {
  from: string;
  to: string;
  department_id?: string;
}

/** The query of `/reports/summary` (and its CSV): the last `days` days up to `now`. */
export function reportQuery(scope: Pick<DashboardScope, 'days' | 'departmentId'>, now: Date): ReportQuery {
  const from = new Date(now.getTime() - scope.days * 86_400_000);
  return {
    from: from.toISOString(),
    to: now.toISOString(),
    ...(scope.departmentId ? { department_id: scope.departmentId } : {}),
  };
}

/** The name the API gives the CSV, for when its Content-Disposition cannot be read. */
export function summaryFileName(from: string, to: string): string {
  const day = (iso: string) => new Date(iso).toISOString().slice(0, 10).replaceAll('-', '');
  return `switchboard-summary-${day(from)}-${day(to)}.csv`;
}

/** One row of the per-department table; `departmentId` null: the call center's own tickets. */
export interface DepartmentRow {
  key: string;
  departmentId: string | null;
  departmentName: string | null;
  dispatched: number;
  responseRate: number | null;
  resolved: number;
  resolutionRate: number | null;
  callbacks: number;
  satisfactionRate: number | null;
  escalations: number;
}

/**
 * The summary's per-department figures (response, resolution, satisfaction, escalations)
 * side by side, one row per department that has any; departments by name, the call
 * center's own last.
 */
export function departmentRows(s: Schemas['Summary']): DepartmentRow[] {
  const rows = new Map<string, DepartmentRow>();
  const row = (id: string | null | undefined, name: string | null | undefined): DepartmentRow => {
    const key = id ?? '';
    let r = rows.get(key);
    if (!r) {
      r = {
        key,
        departmentId: id ?? null,
        departmentName: name ?? null,
        dispatched: 0,
        responseRate: null,
        resolved: 0,
        resolutionRate: null,
        callbacks: 0,
        satisfactionRate: null,
        escalations: 0,
      };
      rows.set(key, r);
    }
    return r;
  };
  for (const d of s.response_by_department) {
    const r = row(d.department_id, d.department_name);
    r.dispatched = d.dispatched;
    r.responseRate = d.compliance_rate ?? null;
  }
  for (const d of s.resolution_by_department) {
    const r = row(d.department_id, d.department_name);
    r.resolved = d.on_time + d.late_with_extension + d.late;
    r.resolutionRate = d.rate_48h ?? null;
  }
  for (const d of s.satisfaction_by_department) {
    const r = row(d.department_id, d.department_name);
    r.callbacks = d.callbacks;
    r.satisfactionRate = d.rate ?? null;
  }
  for (const d of s.escalations_by_department) {
    row(d.department_id, d.department_name).escalations = d.count;
  }
  return [...rows.values()].sort((a, b) => {
    if (a.departmentId === null || b.departmentId === null) return a.departmentId === null ? 1 : -1;
    return (a.departmentName ?? '').localeCompare(b.departmentName ?? '');
  });
}

/** The summary's flags whose clock the dashboard reports: incidents, hot complaints, supervision orders. */
export const FLAGS = ['incidents', 'hot_complaints', 'supervision'] as const;
export type Flag = (typeof FLAGS)[number];

/** One flag's period figures as the dashboard shows them. */
export interface FlagRow {
  key: Flag;
  /** Tickets flagged (for supervision: given an order) in the period. */
  flagged: number;
  metOnTime: number;
  /** Met late, or still open past the deadline. */
  missed: number;
  /** Still open, within the deadline. */
  open: number;
}

/** Incidents (on site), hot complaints (reported upward) and supervision orders (done by the deadline), one row each. */
export function flagRows(s: Schemas['Summary']): FlagRow[] {
  return FLAGS.map((key) => {
    const f = s[key];
    return { key, flagged: f.flagged, metOnTime: f.met_on_time, missed: f.met_late + f.open_breached, open: f.open_on_time };
  });
}

/** A rate (0–1) as a percentage with one decimal, `–` when there is none. */
export function percent(v: number | null | undefined): string {
  return v === null || v === undefined ? '–' : `${Math.round(v * 1000) / 10}%`;
}

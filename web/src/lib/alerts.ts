// Alerts for what a person must act on, as the live stream brings it: a new P1 ticket, an
// urge or supervision order (催办/督办), an escalation. Each counts in the tab's title
// ("(3) Switchboard") until the person looks at their list (inbox or queue), and raises a
// browser notification when they allowed them (asked once, from a click).
//
// Who is alerted to what (the stream is already scoped by the API: department staff get
// their department's tickets only):
// - department staff: P1 dispatches to them, urges and supervision orders, escalations —
//   they are the ones who must act;
// - supervisors: P1 dispatches and escalations (urges are theirs to give);
// - agents and admins: escalations.

import { useEffect, useSyncExternalStore } from 'react';
import type { Role } from './roles';

export type AlertKind = 'p1' | 'urged' | 'escalated';

export interface StaffAlert {
  kind: AlertKind;
  ticketId: string;
  number: string;
  /** Unique per occurrence, so that a repeated stream message alerts once. */
  key: string;
  /** For escalations: which clock. */
  clock?: string | null;
}

/** The alert kinds a role gets. */
export function alertKindsFor(role: Role): readonly AlertKind[] {
  switch (role) {
    case 'dept_staff':
      return ['p1', 'urged', 'escalated'];
    case 'supervisor':
      return ['p1', 'escalated'];
    case 'agent':
    case 'admin':
      return ['escalated'];
    case 'integration':
      return [];
  }
}

/** The parts of a ticket the P1 and urge rules read (fetched after a `ticket.changed`). */
export interface AlertTicket {
  id: string;
  number: string;
  status: string;
  urgency?: string | null;
  dispatched_at?: string | null;
  urge_count: number;
  urged_at?: string | null;
}

/**
 * The alerts a changed ticket raises for someone watching since `since` (epoch ms): a P1
 * dispatch made since then, and an urge or supervision order given since then.
 */
export function alertsForChange(tk: AlertTicket, kinds: readonly AlertKind[], since: number): StaffAlert[] {
  const out: StaffAlert[] = [];
  const after = (iso: string | null | undefined) => !!iso && Date.parse(iso) >= since;
  if (kinds.includes('p1') && tk.urgency === 'P1' && tk.status === 'dispatched' && after(tk.dispatched_at)) {
    out.push({ kind: 'p1', ticketId: tk.id, number: tk.number, key: `${tk.id}:p1:${tk.dispatched_at}` });
  }
  if (kinds.includes('urged') && tk.urge_count > 0 && after(tk.urged_at)) {
    out.push({ kind: 'urged', ticketId: tk.id, number: tk.number, key: `${tk.id}:urged:${tk.urged_at}` });
  }
  return out;
}

/** The tab's title with the count of unseen alerts in front. */
export function titleWithCount(base: string, count: number): string {
  return count > 0 ? `(${count}) ${base}` : base;
}

// The unseen alerts of this tab.
let unseen = 0;
const seen = new Set<string>();
const listeners = new Set<() => void>();
function emit() {
  for (const l of listeners) l();
}

export const alertStore = {
  /** Counts the alert once (by its key); false when it was counted already. */
  add: (alert: StaffAlert): boolean => {
    if (seen.has(alert.key)) return false;
    seen.add(alert.key);
    unseen += 1;
    emit();
    return true;
  },
  /** The person looked at their list. */
  clear: (): void => {
    if (unseen === 0) return;
    unseen = 0;
    emit();
  },
  count: (): number => {
    return unseen;
  },
  subscribe: (l: () => void): (() => void) => {
    listeners.add(l);
    return () => void listeners.delete(l);
  },
};

export function useUnseenAlerts(): number {
  return useSyncExternalStore(alertStore.subscribe, alertStore.count);
}

/** Clears the count while this screen (the person's list) is in view. */
export function useClearAlertsWhileViewed(): void {
  useEffect(() => {
    const clear = () => {
      if (document.visibilityState === 'visible') alertStore.clear();
    };
    clear();
    document.addEventListener('visibilitychange', clear);
    return () => document.removeEventListener('visibilitychange', clear);
  }, []);
}

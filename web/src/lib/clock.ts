// The SLA clocks as the console shows them: a live countdown and a colour per state.
// The server computes each clock's state when it answers; between two polls the console
// recomputes it from the same rule (at risk once `atRiskPercent` of the window is gone).

import type { components } from '../api/schema';

export type ClockView = components['schemas']['ClockView'];
export type ClockState = components['schemas']['ClockState'];

/** The state of a clock at `now`: met clocks keep the server's verdict; running ones tick. */
export function liveClockState(clock: ClockView, now: number, atRiskPercent = 80): ClockState {
  if (clock.met_at || clock.state === 'met' || clock.state === 'met_late' || clock.state === 'stopped') {
    return clock.state;
  }
  const start = Date.parse(clock.started_at);
  const due = Date.parse(clock.due_at);
  if (now >= due) return 'breached';
  const riskAt = start + ((due - start) * atRiskPercent) / 100;
  return now >= riskAt ? 'at_risk' : 'on_time';
}

/** antd Tag/Badge colour per clock state. */
export function clockColor(state: ClockState): 'success' | 'warning' | 'error' | 'processing' | 'default' {
  switch (state) {
    case 'on_time':
      return 'success';
    case 'at_risk':
      return 'warning';
    case 'breached':
    case 'met_late':
      return 'error';
    case 'met':
      return 'processing';
    case 'stopped':
      return 'default';
  }
}

/**
 * Time left (or overdue, when negative) as a compact countdown: `mm:ss` under an hour,
 * `h:mm:ss` under a day, then `{d}{dayUnit} hh:mm`.
 */
export function formatCountdown(ms: number, dayUnit = 'd'): { text: string; overdue: boolean } {
  const overdue = ms < 0;
  const total = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(total / 86400);
  const h = Math.floor((total % 86400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  let text: string;
  if (d > 0) text = `${d}${dayUnit} ${pad(h)}:${pad(m)}`;
  else if (h > 0) text = `${h}:${pad(m)}:${pad(s)}`;
  else text = `${pad(m)}:${pad(s)}`;
  return { text, overdue };
}

type TicketClocks = components['schemas']['TicketClocksView'];

/** The clock that matters most now: a running response clock, else the resolution clock. */
export function leadingClock(clocks: TicketClocks): { name: 'response' | 'resolution'; clock: ClockView } {
  const running = (c: ClockView | null | undefined) => !!c && !c.met_at && c.state !== 'stopped';
  if (running(clocks.response)) return { name: 'response', clock: clocks.response as ClockView };
  return { name: 'resolution', clock: clocks.resolution };
}

type SlaPolicy = components['schemas']['SlaPolicyDoc'];
type Tier = 'P1' | 'P2' | 'P3' | 'P4';

/** When the department must have contacted the customer if dispatched at `now` with `tier`. */
export function responseDueAt(policy: SlaPolicy, tier: Tier, now: number, parse: (iso: string) => number | null): Date | null {
  const seconds = parse(policy.response[tier]);
  return seconds === null ? null : new Date(now + seconds * 1000);
}

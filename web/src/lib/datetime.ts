// Dates and times as the service center reads them: in the center's time zone (the SLA
// policy's `calendar.utc_offset`, `+08:00` by default), not the browser's, so that a
// deadline reads the same on every screen and in every phone call. When the browser is in
// another zone, the time says which zone it is in ("14:30 UTC+8"). Through Intl: one way only.

import { useSyncExternalStore } from 'react';

/** The center's offset from UTC in minutes (the API's default, `+08:00`, until the policy is read). */
let centerOffset = 8 * 60;
const listeners = new Set<() => void>();

/** Minutes east of UTC of an offset as the API writes it (`+08:00`, `-05:30`, `Z`); null if unreadable. */
export function parseUtcOffset(text: string | null | undefined): number | null {
  if (!text) return null;
  if (text.trim().toUpperCase() === 'Z') return 0;
  const m = /^([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(text.trim());
  if (!m) return null;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return m[1] === '-' ? -minutes : minutes;
}

/** The center's zone as people name it: `UTC+8`, `UTC-5:30`, `UTC`. */
export function zoneName(offsetMinutes: number): string {
  if (offsetMinutes === 0) return 'UTC';
  const abs = Math.abs(offsetMinutes);
  const h = Math.floor(abs / 60);
  const m = abs % 60;
  return `UTC${offsetMinutes < 0 ? '-' : '+'}${h}${m ? `:${String(m).padStart(2, '0')}` : ''}`;
}

export const centerZone = {
  get: (): number => {
    return centerOffset;
  },
  /** Set from the SLA policy once it is read. */
  set: (offsetMinutes: number): void => {
    if (offsetMinutes === centerOffset) return;
    centerOffset = offsetMinutes;
    for (const l of listeners) l();
  },
  subscribe: (l: () => void): (() => void) => {
    listeners.add(l);
    return () => void listeners.delete(l);
  },
};

export function useCenterOffset(): number {
  return useSyncExternalStore(centerZone.subscribe, centerZone.get);
}

const cache = new Map<string, Intl.DateTimeFormat>();

function fmt(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    // The instant is shifted by the center's offset and then read as UTC: any offset works,
    // half hours included, with no time-zone database.
    f = new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' });
    cache.set(key, f);
  }
  return f;
}

/** " UTC+8" when the browser's zone is not the center's at that instant, else "". */
function zoneSuffix(at: Date, offsetMinutes: number): string {
  return -at.getTimezoneOffset() === offsetMinutes ? '' : ` ${zoneName(offsetMinutes)}`;
}

function inCenter(iso: string, offsetMinutes: number): { at: Date; shifted: Date } {
  const at = new Date(iso);
  return { at, shifted: new Date(at.getTime() + offsetMinutes * 60_000) };
}

export function formatDateTime(iso: string, locale: string, offsetMinutes: number = centerOffset): string {
  const { at, shifted } = inCenter(iso, offsetMinutes);
  return fmt(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(shifted) + zoneSuffix(at, offsetMinutes);
}

export function formatTime(iso: string, locale: string, offsetMinutes: number = centerOffset): string {
  const { at, shifted } = inCenter(iso, offsetMinutes);
  return fmt(locale, { hour: '2-digit', minute: '2-digit' }).format(shifted) + zoneSuffix(at, offsetMinutes);
}

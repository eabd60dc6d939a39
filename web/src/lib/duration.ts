// ISO 8601 durations as the SLA policy speaks them (`PT15M`, `PT48H`, `P7D`), and the
// friendly value + unit pairs the administration form edits them as.

export type DurationUnit = 'minutes' | 'hours' | 'days';

const UNIT_SECONDS: Record<DurationUnit, number> = { minutes: 60, hours: 3600, days: 86400 };

const ISO = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Seconds in an ISO 8601 duration of weeks, days, hours, minutes and seconds; null if it is not one. */
export function parseIsoDuration(text: string): number | null {
  const s = text.trim().toUpperCase();
  const m = ISO.exec(s);
  if (!m || s === 'P' || s.endsWith('T')) return null;
  const [, w, d, h, min, sec] = m;
  const n = (v: string | undefined) => (v ? Number(v) : 0);
  return n(w) * 7 * 86400 + n(d) * 86400 + n(h) * 3600 + n(min) * 60 + n(sec);
}

/** The canonical ISO 8601 form of a number of seconds: days only when whole, else hours/minutes/seconds. */
export function formatIsoDuration(totalSeconds: number): string {
  const secs = Math.max(0, Math.round(totalSeconds));
  if (secs === 0) return 'PT0S';
  if (secs % 86400 === 0) return `P${secs / 86400}D`;
  const h = Math.floor(secs / 3600);
  const m = Math.floor((secs % 3600) / 60);
  const s = secs % 60;
  return `PT${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s ? `${s}S` : ''}`;
}

/**
 * A duration as the form edits it: in the unit it was written in when it uses one unit
 * only (`PT48H` stays 48 hours), else in the largest unit that expresses it exactly.
 */
export function isoToFriendly(iso: string): { value: number; unit: DurationUnit } | null {
  const s = iso.trim().toUpperCase();
  const single = /^PT(\d+)([HM])$|^P(\d+)D$/.exec(s);
  if (single) {
    if (single[3]) return { value: Number(single[3]), unit: 'days' };
    return { value: Number(single[1]), unit: single[2] === 'H' ? 'hours' : 'minutes' };
  }
  const seconds = parseIsoDuration(s);
  return seconds === null ? null : toFriendly(seconds);
}

/** The largest unit that expresses the seconds exactly. */
export function toFriendly(totalSeconds: number): { value: number; unit: DurationUnit } {
  for (const unit of ['days', 'hours', 'minutes'] as const) {
    const size = UNIT_SECONDS[unit];
    if (totalSeconds >= size && totalSeconds % size === 0) return { value: totalSeconds / size, unit };
  }
  return { value: Math.round(totalSeconds / 60), unit: 'minutes' };
}

/** The ISO 8601 form of a value in a unit, keeping the unit: 48 hours → `PT48H`. */
export function fromFriendly(value: number, unit: DurationUnit): string {
  const v = Math.max(0, Math.round(value));
  return unit === 'days' ? `P${v}D` : unit === 'hours' ? `PT${v}H` : `PT${v}M`;
}

/** A duration in words in the given locale, e.g. "15 minutes" / "15分钟", "2 hours", "7 days"
 * (short: "15 min", "2 hr" / "2小时"). */
export function humanizeSeconds(totalSeconds: number, locale: string, width: 'long' | 'short' = 'long'): string {
  const { value, unit } = toFriendly(totalSeconds);
  const unitName = unit === 'days' ? 'day' : unit === 'hours' ? 'hour' : 'minute';
  return new Intl.NumberFormat(locale, { style: 'unit', unit: unitName, unitDisplay: width }).format(value);
}

// Dates in the user's locale and time zone (the browser's), through Intl: one way only.

const cache = new Map<string, Intl.DateTimeFormat>();

function fmt(locale: string, options: Intl.DateTimeFormatOptions, timeZone?: string): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}|${timeZone ?? ''}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { ...options, ...(timeZone ? { timeZone } : {}) });
    cache.set(key, f);
  }
  return f;
}

export function formatDateTime(iso: string, locale: string, timeZone?: string): string {
  return fmt(locale, { dateStyle: 'medium', timeStyle: 'short' }, timeZone).format(new Date(iso));
}

export function formatTime(iso: string, locale: string, timeZone?: string): string {
  return fmt(locale, { hour: '2-digit', minute: '2-digit' }, timeZone).format(new Date(iso));
}

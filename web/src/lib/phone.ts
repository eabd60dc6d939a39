// Customers' phone numbers as the console shows them: masked on every ticket (the API
// masks them, e.g. `138****5678`); the call center reveals one on the record
// (`mayRevealPhone` in permissions.ts, `useRevealPhone` in api/queries.ts).

/** The note a reveal from the callback worklist sends; the timeline says it in words. */
export const REVEAL_FOR_CALLBACK = 'callback';

/** A `tel:` link for a number as it was typed: only digits and a leading `+` are kept. */
export function telHref(phone: string): string {
  const trimmed = phone.trim();
  const digits = trimmed.replace(/\D/g, '');
  return `tel:${trimmed.startsWith('+') ? '+' : ''}${digits}`;
}

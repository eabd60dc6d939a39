// Customers' phone numbers as the console shows them: masked on every ticket (the API
// masks them, e.g. `138****5678`); who may reveal one, on the record, is the ticket's
// `allowed_actions` (`reveal_phone`); the reveal is `useRevealPhone` in api/queries.ts.

/** The note a reveal from the callback worklist sends; the timeline says it in words. */
export const REVEAL_FOR_CALLBACK = 'callback';

/** A `tel:` link for a number as it was typed: only digits and a leading `+` are kept. */
export function telHref(phone: string): string {
  const trimmed = phone.trim();
  const digits = trimmed.replace(/\D/g, '');
  return `tel:${trimmed.startsWith('+') ? '+' : ''}${digits}`;
}

/**
 * Why the API would refuse this number (api/src/domain/phone.rs: an optional leading `+`,
 * then 3 to 20 digits; spaces, dashes, dots and brackets are allowed and dropped), as the
 * API's own message (translated as `field.<message>`), or null when it is fine.
 */
export function phoneProblem(raw: string): 'may contain only digits, spaces, dashes, dots, brackets and a leading +' | 'must have between 3 and 20 digits' | null {
  const rest = raw.trim().replace(/^\+/, '');
  if (/[^0-9 .()-]/.test(rest)) return 'may contain only digits, spaces, dashes, dots, brackets and a leading +';
  const digits = rest.replace(/\D/g, '').length;
  return digits >= 3 && digits <= 20 ? null : 'must have between 3 and 20 digits';
}

// API tokens as the admin sees them: the scopes on offer, a token's status at a given time
// (as the API decides it), who a token may be given to, and what expiry a picked day means.
// Pure functions, unit-tested.

import type { Dayjs } from 'dayjs';
import type { ApiToken, Scope, User } from '../../api/client';

/** Every scope, in the order the API lists them. */
export const SCOPES: readonly Scope[] = ['tickets:read', 'tickets:write', 'answers:read'];

export type TokenStatus = 'active' | 'expired' | 'revoked';

/**
 * Revoked (whenever that was) wins over expired; expired once `expires_at` is reached
 * (the API refuses a token at its expiry instant, not after it); active otherwise.
 */
export function tokenStatus(token: Pick<ApiToken, 'expires_at' | 'revoked_at'>, now: number): TokenStatus {
  if (token.revoked_at) return 'revoked';
  if (token.expires_at && Date.parse(token.expires_at) <= now) return 'expired';
  return 'active';
}

/**
 * Whether a token of this user works at all: the API refuses the tokens of a deactivated
 * user, or of one whose role is no longer `integration`, whatever the token's own status.
 */
export function isIntegrationUser(user: Pick<User, 'role' | 'active'>): boolean {
  return user.active && user.role === 'integration';
}

/** The users a new token may be given to: active integration users, by display name. */
export function integrationUsers(users: readonly User[]): User[] {
  return users.filter(isIntegrationUser).sort((a, b) => a.display_name.localeCompare(b.display_name));
}

/** The expiry a picked day means: the end of that day in the user's time zone. */
export function expiryOfDay(day: Dayjs): string {
  return day.endOf('day').toISOString();
}

/** Days an expiry can no longer be set on: those before today (today still has an end). */
export function isPastDay(day: Dayjs, now: number): boolean {
  return day.endOf('day').valueOf() <= now;
}

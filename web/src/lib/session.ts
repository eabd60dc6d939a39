// The signed-in session: the bearer token and the user, kept in localStorage so that a
// reload keeps the user signed in. A 401 from the API ends it (see api/client.ts).

import { useSyncExternalStore } from 'react';
import type { components } from '../api/schema';

export type User = components['schemas']['User'];

export interface Session {
  token: string;
  user: User;
  /** Epoch milliseconds when the token stops working. */
  expiresAt: number;
}

const KEY = 'sb.session';
let current: Session | null = load();
let expired = false;
const listeners = new Set<() => void>();

function load(): Session | null {
  try {
    const raw = globalThis.localStorage?.getItem(KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as Session;
    return s.expiresAt > Date.now() ? s : null;
  } catch {
    return null;
  }
}

function emit() {
  for (const l of listeners) l();
}

export const session = {
  get: (): Session | null => {
    return current;
  },
  /** True once after the API refused the token, so the sign-in page can say why. */
  wasExpired: (): boolean => {
    return expired;
  },
  start: (s: Session) => {
    current = s;
    expired = false;
    localStorage.setItem(KEY, JSON.stringify(s));
    emit();
  },
  /** Ends the session here (signing out also ends it on the server: `signOut` in api/client.ts). */
  end: (reason: 'signed_out' | 'expired') => {
    if (!current) return;
    current = null;
    expired = reason === 'expired';
    localStorage.removeItem(KEY);
    emit();
  },
  subscribe: (listener: () => void): (() => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

export function useSession(): Session | null {
  return useSyncExternalStore(session.subscribe, session.get);
}

// The live event stream (GET /api/v1/stream, Server-Sent Events). It needs the bearer
// header, which EventSource cannot send, so it is read with fetch and parsed by sse.ts.
// Each change invalidates the cached lists and the changed ticket; polling stays on as a
// slow fallback (POLL_FALLBACK_MS) for when the stream is down.

import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useSyncExternalStore } from 'react';
import type { components } from './schema';
import { keys } from './keys';
import { session } from '../lib/session';
import { SseParser, type SseMessage } from './sse';

export type LiveEvent = components['schemas']['LiveEvent'];

/** How often screens poll on top of the stream, in case it is down or missed something. */
export const POLL_FALLBACK_MS = 60_000;

export type LiveStatus = 'connecting' | 'open' | 'offline';

// The stream's state, for the "live" tag on screens (and for the end-to-end tests).
let status: LiveStatus = 'offline';
const listeners = new Set<() => void>();
function setStatus(s: LiveStatus) {
  if (s === status) return;
  status = s;
  for (const l of listeners) l();
}
export function useLiveStatus(): LiveStatus {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => status,
  );
}

// Whoever wants each change as it comes (the alerts: new P1 tickets, urges, escalations).
const eventListeners = new Set<(e: LiveEvent) => void>();
/** Calls `listener` with every ticket change the stream brings; returns the unsubscribe. */
export function onLiveEvent(listener: (e: LiveEvent) => void): () => void {
  eventListeners.add(listener);
  return () => void eventListeners.delete(listener);
}
function emitEvent(message: SseMessage) {
  if (!message.event.startsWith('ticket.') || eventListeners.size === 0) return;
  try {
    const e = JSON.parse(message.data) as LiveEvent;
    if (typeof e.ticket_id === 'string') for (const l of eventListeners) l(e);
  } catch {
    // a frame we cannot read: nothing to tell
  }
}

/** Delay before reconnect attempt `n` (0-based): 1 s, 2 s, 4 s … capped at 30 s, with jitter. */
export function backoffMs(n: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 1000 * 2 ** Math.min(n, 5));
  return Math.round(base * (0.75 + random() * 0.5));
}

/** The queries a streamed message makes stale. Lists are coalesced by the caller. */
export function staleKeys(message: SseMessage): { lists: boolean; ticketId: string | null; everything: boolean } {
  if (message.event === 'resync') return { lists: true, ticketId: null, everything: true };
  if (!message.event.startsWith('ticket.')) return { lists: false, ticketId: null, everything: false };
  let ticketId: string | null = null;
  try {
    const e = JSON.parse(message.data) as Partial<LiveEvent>;
    ticketId = typeof e.ticket_id === 'string' ? e.ticket_id : null;
  } catch {
    // a frame we cannot read: refresh the lists anyway
  }
  return { lists: true, ticketId: message.event === 'ticket.created' ? null : ticketId, everything: false };
}

/**
 * Reads the stream until `signal` aborts or the token is refused (401 ends the session),
 * reconnecting with backoff. Invalidation is batched over a short window so that a burst
 * of changes causes one refetch per query.
 */
export async function runLiveUpdates(queryClient: QueryClient, token: string, signal: AbortSignal): Promise<void> {
  let pendingLists = false;
  let pendingEverything = false;
  const pendingTickets = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    timer = undefined;
    if (signal.aborted) return;
    if (pendingLists || pendingEverything) {
      void queryClient.invalidateQueries({ queryKey: keys.tickets });
      void queryClient.invalidateQueries({ queryKey: keys.callbacks });
      void queryClient.invalidateQueries({ queryKey: keys.duplicates });
      void queryClient.invalidateQueries({ queryKey: ['extensions'] });
    }
    if (pendingEverything) void queryClient.invalidateQueries({ queryKey: ['ticket'] });
    for (const id of pendingTickets) void queryClient.invalidateQueries({ queryKey: keys.ticket(id) });
    pendingLists = pendingEverything = false;
    pendingTickets.clear();
  };
  const note = (m: SseMessage) => {
    emitEvent(m);
    const s = staleKeys(m);
    pendingLists ||= s.lists;
    pendingEverything ||= s.everything;
    if (s.ticketId) pendingTickets.add(s.ticketId);
    if ((pendingLists || pendingEverything || pendingTickets.size) && !timer) timer = setTimeout(flush, 250);
  };

  let attempt = 0;
  let connectedBefore = false;
  try {
    while (!signal.aborted) {
      setStatus('connecting');
      try {
        const res = await fetch(`${globalThis.location.origin}/api/v1/stream`, {
          headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' },
          cache: 'no-store',
          signal,
        });
        if (res.status === 401) {
          session.end('expired');
          return;
        }
        if (res.ok && res.body) {
          setStatus('open');
          attempt = 0;
          // Changes made while disconnected were missed: refresh what is on screen.
          if (connectedBefore) note({ event: 'resync', data: '' });
          connectedBefore = true;
          const reader = res.body.getReader();
          const decoder = new TextDecoder();
          const parser = new SseParser();
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            for (const m of parser.push(decoder.decode(value, { stream: true }))) note(m);
          }
        }
      } catch {
        // network failure or abort: fall through to the backoff (or the exit)
      }
      if (signal.aborted) return;
      setStatus('offline');
      await sleep(backoffMs(attempt++), signal);
    }
  } finally {
    if (timer) clearTimeout(timer);
    setStatus('offline');
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    }, { once: true });
  });
}

/** Keeps the stream open while someone is signed in; stops on sign-out or a new token. */
export function useLiveUpdates(): void {
  const queryClient = useQueryClient();
  const token = useSyncExternalStore(session.subscribe, () => session.get()?.token ?? null);
  useEffect(() => {
    if (!token) return;
    const controller = new AbortController();
    void runLiveUpdates(queryClient, token, controller.signal);
    return () => controller.abort();
  }, [queryClient, token]);
}

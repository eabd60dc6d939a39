import { describe, expect, it } from 'vitest';
import { backoffMs, staleKeys } from './live';

describe('live stream: what a message makes stale', () => {
  const changed = { event: 'ticket.changed', data: '{"type":"ticket.changed","ticket_id":"t1","number":"20261122-0001","status":"accepted","version":3,"at":"2026-11-22T08:00:00Z"}' };
  it('a change refreshes the lists and that ticket', () => {
    expect(staleKeys(changed)).toEqual({ lists: true, ticketId: 't1', everything: false });
    expect(staleKeys({ ...changed, event: 'ticket.escalated' })).toEqual({ lists: true, ticketId: 't1', everything: false });
    expect(staleKeys({ ...changed, event: 'ticket.at_risk' })).toEqual({ lists: true, ticketId: 't1', everything: false });
  });
  it('a new ticket refreshes the lists only', () => {
    expect(staleKeys({ event: 'ticket.created', data: '{"ticket_id":"t2"}' })).toEqual({ lists: true, ticketId: null, everything: false });
  });
  it('a resync refreshes everything; unknown events and bad data are harmless', () => {
    expect(staleKeys({ event: 'resync', data: '{"missed":4}' }).everything).toBe(true);
    expect(staleKeys({ event: 'message', data: 'x' })).toEqual({ lists: false, ticketId: null, everything: false });
    expect(staleKeys({ event: 'ticket.changed', data: 'not json' })).toEqual({ lists: true, ticketId: null, everything: false });
  });
});

describe('live stream: reconnect backoff', () => {
  it('doubles from 1 s up to 30 s, with ±25% jitter', () => {
    const mid = () => 0.5;
    expect([0, 1, 2, 3, 4, 5, 6, 20].map((n) => backoffMs(n, mid))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
    expect(backoffMs(0, () => 0)).toBe(750);
    expect(backoffMs(10, () => 1)).toBe(37500);
  });
});

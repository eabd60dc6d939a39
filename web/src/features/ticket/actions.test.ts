import { describe, expect, it } from 'vitest';
import type { Schemas } from '../../api/client';
import { barActions, canBeMain, type TicketAction } from './actions';

// Every action the API may list (the type check keeps this in step with schema.ts).
const EVERY: Record<TicketAction, true> = {
  answer: true,
  dispatch: true,
  accept: true,
  return: true,
  contact: true,
  request_extension: true,
  decide_extension: true,
  resolve: true,
  callback: true,
  reopen: true,
  close: true,
  merge: true,
  comment: true,
  urge: true,
  overrule: true,
  recontact: true,
  flag_incident: true,
  record_onsite: true,
  flag_hot: true,
  report_hot: true,
  reveal_phone: true,
};
const ALL = Object.keys(EVERY) as TicketAction[];

describe('action bar from allowed_actions', () => {
  it('shows nothing when the API allows nothing (an integration, a closed ticket)', () => {
    expect(barActions([])).toEqual([]);
  });
  it('shows a button for each listed action, and none for an action not listed', () => {
    // What the API lists for an agent on a new ticket.
    expect(barActions(['answer', 'dispatch', 'merge', 'comment', 'recontact', 'flag_incident', 'reveal_phone'])).toEqual([
      'answer',
      'dispatch',
      'merge',
      'recontact',
      'flag_incident',
    ]);
    // For department staff on a dispatched ticket of theirs.
    expect(barActions(['accept', 'return', 'comment', 'reveal_phone'])).toEqual(['accept', 'return']);
    for (const a of ALL) {
      const others = barActions(ALL.filter((x) => x !== a));
      expect(others, a).not.toContain(a);
    }
  });
  it('keeps the bar’s order, whatever the order of the list', () => {
    expect(barActions(['close', 'reopen', 'callback'])).toEqual(['callback', 'reopen', 'close']);
    expect(barActions([...ALL].reverse())).toEqual(barActions(ALL));
  });
  it('an allowed urge offers the urge (催办) and the supervision order (督办), side by side', () => {
    expect(barActions(['urge'])).toEqual(['urge', 'supervise']);
    expect(barActions(['merge', 'urge', 'overrule'])).toEqual(['merge', 'urge', 'supervise', 'overrule']);
    expect(barActions(['merge', 'recontact'])).not.toContain('supervise');
  });
  it('actions shown elsewhere on the page get no button in the bar', () => {
    // Approve / reject in the extensions table, the comment form, "Show number" by the phone.
    expect(barActions(['decide_extension', 'comment', 'reveal_phone'])).toEqual([]);
  });
  it('the arrival on site is recorded under the API’s name', () => {
    expect(barActions(['record_onsite', 'report_hot'])).toEqual(['record_onsite', 'report_hot']);
  });
  it('places every action the API may list exactly once', () => {
    const bar = barActions(ALL);
    expect(new Set(bar).size).toBe(bar.length);
    expect(bar).toEqual([
      'answer',
      'dispatch',
      'accept',
      'return',
      'contact',
      'request_extension',
      'resolve',
      'callback',
      'reopen',
      'close',
      'merge',
      'urge',
      'supervise',
      'overrule',
      'recontact',
      'flag_incident',
      'record_onsite',
      'flag_hot',
      'report_hot',
    ]);
  });
});

describe('merge targets', () => {
  const tk = (status: Schemas['TicketStatus'], duplicate_of: string | null = null) => ({ status, duplicate_of });
  it('offers open and resolved tickets as main tickets, never a closed one or a duplicate', () => {
    for (const s of ['new', 'dispatched', 'accepted', 'in_progress', 'returned', 'reopened', 'resolved'] as const) {
      expect(canBeMain(tk(s)), s).toBe(true);
    }
    expect(canBeMain(tk('closed'))).toBe(false);
    expect(canBeMain(tk('merged', 'a-main-ticket'))).toBe(false);
    expect(canBeMain(tk('new', 'a-main-ticket'))).toBe(false);
  });
});

// Webhooks as the admin sees them: the events on offer (grouped, in the order of a ticket's
// life), the typical choice, which URLs the API takes, and how a delivery stands. Pure
// functions, unit-tested.

import type { EventKind, WebhookDelivery } from '../../api/client';

export type EventGroup = 'intake' | 'handling' | 'oversight';

/**
 * Every event kind and its group, in display order. A record over `EventKind`, so that a
 * kind added to the API fails the type check until it is placed here.
 */
const GROUP_OF: Record<EventKind, EventGroup> = {
  created: 'intake',
  answered: 'intake',
  recontacted: 'intake',
  merged: 'intake',
  dispatched: 'intake',
  returned: 'intake',
  return_overruled: 'intake',
  accepted: 'handling',
  contacted: 'handling',
  extension_requested: 'handling',
  extension_approved: 'handling',
  extension_rejected: 'handling',
  resolved: 'handling',
  callback: 'handling',
  reopened: 'handling',
  closed: 'handling',
  comment: 'handling',
  phone_revealed: 'handling',
  at_risk: 'oversight',
  escalated: 'oversight',
  urged: 'oversight',
  supervised: 'oversight',
  flagged_incident: 'oversight',
  onsite_arrived: 'oversight',
  flagged_hot: 'oversight',
  hot_reported: 'oversight',
};

/** Every event kind, in display order. */
export const EVENT_KINDS = Object.keys(GROUP_OF) as EventKind[];

export const EVENT_GROUPS: readonly EventGroup[] = ['intake', 'handling', 'oversight'];

/** The kinds of one group, in display order. */
export function kindsOf(group: EventGroup): EventKind[] {
  return EVENT_KINDS.filter((k) => GROUP_OF[k] === group);
}

/** What most receivers want: new tickets, the outcome, the warnings and escalations (in display order). */
export const TYPICAL_EVENTS: readonly EventKind[] = ['created', 'resolved', 'closed', 'at_risk', 'escalated'];

/** Kinds in display order, once each (the API lists a webhook's kinds alphabetically). */
export function inDisplayOrder(kinds: readonly EventKind[]): EventKind[] {
  const chosen = new Set(kinds);
  return EVENT_KINDS.filter((k) => chosen.has(k));
}

/** The first `max` of a list, to show, and the rest (behind a "+N"). */
export function firstOf<T>(items: readonly T[], max: number): { shown: T[]; rest: T[] } {
  return { shown: items.slice(0, max), rest: items.slice(max) };
}

/** Whether the API will take this as a webhook's URL: absolute, `http://` or `https://`, with a host. */
export function isWebhookUrl(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return false;
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
}

/** Attempts before the API gives a delivery up (a copy of the API's rule, for display). */
export const MAX_ATTEMPTS = 8;

export type DeliveryStatus = 'delivered' | 'pending' | 'given_up';

/**
 * Delivered once `delivered_at` is set; pending while a next attempt is planned; given up
 * otherwise (attempts used up, or the webhook paused).
 */
export function deliveryStatus(d: Pick<WebhookDelivery, 'delivered_at' | 'next_attempt_at'>): DeliveryStatus {
  if (d.delivered_at) return 'delivered';
  if (d.next_attempt_at) return 'pending';
  return 'given_up';
}

/**
 * Why a delivery was given up: its attempts ran out, or (with attempts left) its webhook was
 * paused, which gives pending deliveries up at their next turn.
 */
export function givenUpBecause(d: Pick<WebhookDelivery, 'attempts'>): 'attempts' | 'paused' {
  return d.attempts >= MAX_ATTEMPTS ? 'attempts' : 'paused';
}

/**
 * How the last attempt went: the receiver's HTTP status when it answered, else why there was
 * no answer (a timeout, a refused connection, as the API words it); null before any attempt.
 */
export function lastResult(d: Pick<WebhookDelivery, 'last_status' | 'last_error'>): { status: number } | { error: string } | null {
  if (d.last_status != null) return { status: d.last_status };
  if (d.last_error) return { error: d.last_error };
  return null;
}

/** The payload as sent, for reading: indented JSON. */
export function prettyJson(value: unknown): string {
  return JSON.stringify(value, null, 2) ?? String(value);
}

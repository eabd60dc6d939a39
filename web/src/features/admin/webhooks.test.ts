import { describe, expect, it } from 'vitest';
import type { EventKind } from '../../api/client';
import { en } from '../../i18n/en';
import {
  deliveryStatus,
  EVENT_GROUPS,
  EVENT_KINDS,
  firstOf,
  givenUpBecause,
  inDisplayOrder,
  isWebhookUrl,
  kindsOf,
  lastResult,
  MAX_ATTEMPTS,
  prettyJson,
  TYPICAL_EVENTS,
} from './webhooks';

const AT = '2026-11-15T08:00:00Z';

describe('a delivery’s status', () => {
  it('is delivered once delivered, whatever else it says', () => {
    expect(deliveryStatus({ delivered_at: AT, next_attempt_at: null })).toBe('delivered');
    expect(deliveryStatus({ delivered_at: AT })).toBe('delivered');
  });
  it('is pending while a next attempt is planned', () => {
    expect(deliveryStatus({ delivered_at: null, next_attempt_at: AT })).toBe('pending');
  });
  it('is given up with neither', () => {
    expect(deliveryStatus({ delivered_at: null, next_attempt_at: null })).toBe('given_up');
    expect(deliveryStatus({})).toBe('given_up');
  });
  it('was given up for its attempts once they ran out, else because its webhook was paused', () => {
    expect(givenUpBecause({ attempts: MAX_ATTEMPTS })).toBe('attempts');
    expect(givenUpBecause({ attempts: 1 })).toBe('paused');
    expect(givenUpBecause({ attempts: MAX_ATTEMPTS - 1 })).toBe('paused');
  });
});

describe('a delivery’s last result', () => {
  it('is the receiver’s status when it answered, 2xx or not', () => {
    expect(lastResult({ last_status: 200, last_error: null })).toEqual({ status: 200 });
    expect(lastResult({ last_status: 500, last_error: 'the receiver answered 500' })).toEqual({ status: 500 });
  });
  it('is the error when there was no answer', () => {
    expect(lastResult({ last_status: null, last_error: 'operation timed out' })).toEqual({ error: 'operation timed out' });
  });
  it('is nothing before the first attempt', () => {
    expect(lastResult({ last_status: null, last_error: null })).toBeNull();
    expect(lastResult({})).toBeNull();
  });
});

describe('the events on offer', () => {
  it('are every kind once, each in one group, each with a title', () => {
    const grouped = EVENT_GROUPS.flatMap(kindsOf);
    expect(grouped).toEqual(EVENT_KINDS);
    expect(new Set(EVENT_KINDS).size).toBe(EVENT_KINDS.length);
    expect(EVENT_KINDS).toHaveLength(26);
    for (const k of EVENT_KINDS) expect(en[`event.${k}`], k).toBeTruthy();
  });
  it('start with intake; the typical choice is new tickets, warnings, escalations and the outcome', () => {
    expect(kindsOf('intake')[0]).toBe('created');
    expect([...TYPICAL_EVENTS].sort()).toEqual(['at_risk', 'closed', 'created', 'escalated', 'resolved']);
    expect(inDisplayOrder(TYPICAL_EVENTS)).toEqual(TYPICAL_EVENTS);
  });
  it('are shown in display order, once each, whatever order the API lists them in', () => {
    const fromApi: EventKind[] = ['closed', 'created', 'escalated', 'created'];
    expect(inDisplayOrder(fromApi)).toEqual(['created', 'closed', 'escalated']);
    expect(inDisplayOrder([])).toEqual([]);
  });
  it('show a few, and the rest behind a "+N"', () => {
    expect(firstOf(['a', 'b', 'c', 'd', 'e'], 3)).toEqual({ shown: ['a', 'b', 'c'], rest: ['d', 'e'] });
    expect(firstOf(['a', 'b'], 3)).toEqual({ shown: ['a', 'b'], rest: [] });
  });
});

describe('a webhook’s URL', () => {
  it('is an absolute http or https address with a host', () => {
    expect(isWebhookUrl('https://crm.example.com/switchboard')).toBe(true);
    expect(isWebhookUrl('http://127.0.0.1:8081/hook?x=1')).toBe(true);
    expect(isWebhookUrl('  https://crm.example.com  ')).toBe(true);
  });
  it('is not relative, of another scheme, or without a host', () => {
    expect(isWebhookUrl('crm.example.com/hook')).toBe(false);
    expect(isWebhookUrl('/hook')).toBe(false);
    expect(isWebhookUrl('ftp://crm.example.com/')).toBe(false);
    expect(isWebhookUrl('mailto:ops@example.com')).toBe(false);
    expect(isWebhookUrl('http://')).toBe(false);
    expect(isWebhookUrl('')).toBe(false);
  });
});

describe('a payload', () => {
  it('reads as indented JSON', () => {
    expect(prettyJson({ event: { kind: 'created' }, n: 1 })).toBe('{\n  "event": {\n    "kind": "created"\n  },\n  "n": 1\n}');
    expect(prettyJson(null)).toBe('null');
  });
});

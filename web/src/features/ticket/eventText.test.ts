import { describe, expect, it } from 'vitest';
import type { Event } from '../../api/client';
import { en } from '../../i18n/en';
import { translate } from '../../i18n/translate';
import { zhCN } from '../../i18n/zh-CN';
import { eventColor, eventDetails } from './eventText';

const t = (key: keyof typeof en, vars?: Record<string, string | number>) => translate(en, key, vars);
const dept = (id: string) => (id === 'd1' ? 'Water & Repairs' : undefined);
const dt = (iso: string) => `<${iso}>`;
const ev = (kind: Event['kind'], data: Record<string, unknown>): Event =>
  ({ id: 'e', ticket_id: 'tk', at: '2026-11-22T08:00:00Z', kind, data, actor_id: null, actor_name: null }) as unknown as Event;

describe('timeline details of the newer event kinds', () => {
  it('at risk: which clock and when it is due', () => {
    expect(eventDetails(ev('at_risk', { clock: 'onsite', due_at: '2026-11-22T10:00:00Z' }), t, dept, dt)).toEqual([
      'On site',
      'Due <2026-11-22T10:00:00Z>',
    ]);
    expect(eventDetails(ev('at_risk', { clock: 'hot_report' }), t, dept, dt)).toEqual(['Report upward']);
  });
  it('a return overruled: back to the department, with the return reason and the note', () => {
    const out = eventDetails(
      ev('return_overruled', { department_id: 'd1', urgency: 'P2', response_due_at: 'X', note: 'It is yours', return_reason: 'Not ours' }),
      t,
      dept,
      dt,
    );
    expect(out).toEqual(['Water & Repairs · P2', 'Due <X>', 'Return reason: Not ours', 'It is yours']);
  });
  it('a repeat contact that reopens a resolved ticket shows the change of state', () => {
    expect(eventDetails(ev('recontacted', { note: 'Called again', from: 'resolved', to: 'reopened' }), t, dept, dt)).toEqual([
      'Resolved → Reopened',
      'Called again',
    ]);
  });
  it('incidents and arrival on site', () => {
    expect(eventDetails(ev('flagged_incident', { note: 'Fire alarm', onsite_due_at: 'Y' }), t, dept, dt)).toEqual([
      'Manager on site by <Y>',
      'Fire alarm',
    ]);
    expect(eventDetails(ev('onsite_arrived', { note: 'Manager Liu arrived', on_time: true }), t, dept, dt)).toEqual(['Manager Liu arrived']);
  });
  it('hot complaints: why, the report deadline, and the report', () => {
    expect(eventDetails(ev('flagged_hot', { reason: 'channel', channel: 'media', hot_report_due_at: 'Z' }), t, dept, dt)).toEqual([
      'Public attention (Press / media)',
      'Report upward by <Z>',
    ]);
    expect(eventDetails(ev('flagged_hot', { reason: 'complainants', complainant_count: 5 }), t, dept, dt)).toEqual(['5 complainants']);
    expect(eventDetails(ev('flagged_hot', { reason: 'by_hand', note: 'On the evening news' }), t, dept, dt)).toEqual([
      'On the evening news',
    ]);
    expect(eventDetails(ev('hot_reported', { note: 'Told the group office', on_time: false }), t, dept, dt)).toEqual([
      'Met late',
      'Told the group office',
    ]);
  });
  it('an intake as an incident says so', () => {
    expect(eventDetails(ev('created', { incident: true }), t, dept, dt)).toEqual(['Category-1 incident']);
    expect(eventDetails(ev('created', { incident: false }), t, dept, dt)).toEqual([]);
  });
  it('a ticket closed by the system says so', () => {
    expect(eventDetails(ev('closed', { auto: true, from: 'resolved', to: 'closed' }), t, dept, dt)).toEqual([
      'Resolved → Closed',
      'Closed automatically: a week after resolution with no repeat contact',
    ]);
    expect(eventDetails(ev('closed', { note: 'By hand', from: 'resolved', to: 'closed' }), t, dept, dt)).toEqual(['Resolved → Closed', 'By hand']);
  });
  it('a supervision order’s clock is named in at-risk and escalation entries', () => {
    expect(eventDetails(ev('at_risk', { clock: 'supervision', due_at: 'W' }), t, dept, dt)).toEqual(['Supervision order', 'Due <W>']);
    expect(eventDetails(ev('escalated', { clock: 'supervision', level: 1 }), t, dept, dt)).toEqual(['Supervision order · escalation 1']);
    const zh = (key: keyof typeof en, vars?: Record<string, string | number>) => translate(zhCN, key, vars);
    expect(eventDetails(ev('escalated', { clock: 'supervision', level: 2 }), zh, dept, dt)).toEqual(['督办 · 升级 2 次']);
  });
  it('a revealed phone number: the reason given, a callback in words, nothing when none', () => {
    expect(eventDetails(ev('phone_revealed', { note: 'callback' }), t, dept, dt)).toEqual(['For a callback']);
    const zh = (key: keyof typeof en) => translate(zhCN, key);
    expect(eventDetails(ev('phone_revealed', { note: 'callback' }), zh, dept, dt)).toEqual(['用于回访']);
    expect(eventDetails(ev('phone_revealed', { note: 'Caller asked to be called on a landline' }), t, dept, dt)).toEqual([
      'Caller asked to be called on a landline',
    ]);
    expect(eventDetails(ev('phone_revealed', { note: null }), t, dept, dt)).toEqual([]);
    expect(eventDetails(ev('phone_revealed', {}), t, dept, dt)).toEqual([]);
  });
  it('colours the timeline: alarms red, pressure orange, outcomes green, a reveal grey', () => {
    expect(eventColor('escalated')).toBe('red');
    expect(eventColor('supervised')).toBe('orange');
    expect(eventColor('hot_reported')).toBe('green');
    expect(eventColor('phone_revealed')).toBe('gray');
    expect(eventColor('comment')).toBe('blue');
  });
  it('every event kind has a title in both languages', () => {
    const kinds: Event['kind'][] = [
      'at_risk',
      'return_overruled',
      'recontacted',
      'flagged_incident',
      'onsite_arrived',
      'flagged_hot',
      'hot_reported',
      'urged',
      'supervised',
      'phone_revealed',
    ];
    for (const k of kinds) {
      expect(en[`event.${k}`]).toBeTruthy();
      expect(zhCN[`event.${k}`]).toBeTruthy();
    }
  });
});

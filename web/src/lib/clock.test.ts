import { describe, expect, it } from 'vitest';
import { clockColor, formatCountdown, leadingClock, liveClockState, responseDueAt, type ClockView } from './clock';
import { parseIsoDuration } from './duration';

const start = Date.parse('2026-11-23T10:00:00Z');
const clock = (over: Partial<ClockView> = {}): ClockView => ({
  started_at: '2026-11-23T10:00:00Z',
  due_at: '2026-11-23T10:15:00Z',
  state: 'on_time',
  breached: false,
  met_at: null,
  escalated_at: null,
  ...over,
});
const min = 60_000;

describe('countdown', () => {
  it('shows minutes and seconds under an hour', () => {
    expect(formatCountdown(12 * min + 5000)).toEqual({ text: '12:05', overdue: false });
    expect(formatCountdown(999)).toEqual({ text: '00:00', overdue: false });
  });
  it('shows hours under a day and days beyond', () => {
    expect(formatCountdown(62 * min + 3000).text).toBe('1:02:03');
    expect(formatCountdown(2 * 86_400_000 + 3 * 3_600_000 + 4 * min).text).toBe('2d 03:04');
    expect(formatCountdown(86_400_000, '天').text).toBe('1天 00:00');
  });
  it('marks time past the deadline as overdue', () => {
    expect(formatCountdown(-(5 * min + 12_000))).toEqual({ text: '05:12', overdue: true });
  });
});

describe('clock state between two polls', () => {
  it('is on time before 80% of the window is gone', () => {
    expect(liveClockState(clock(), start + 11 * min)).toBe('on_time');
  });
  it('is at risk once 80% of the window is gone', () => {
    expect(liveClockState(clock(), start + 12 * min)).toBe('at_risk');
    expect(liveClockState(clock(), start + 14 * min)).toBe('at_risk');
  });
  it('follows the policy at-risk percentage', () => {
    expect(liveClockState(clock(), start + 8 * min, 50)).toBe('at_risk');
    expect(liveClockState(clock(), start + 7 * min, 50)).toBe('on_time');
  });
  it('is breached at and after the deadline', () => {
    expect(liveClockState(clock(), start + 15 * min)).toBe('breached');
    expect(liveClockState(clock({ state: 'at_risk' }), start + 60 * min)).toBe('breached');
  });
  it('keeps the server verdict once met or stopped', () => {
    expect(liveClockState(clock({ state: 'met', met_at: '2026-11-23T10:05:00Z' }), start + 60 * min)).toBe('met');
    expect(liveClockState(clock({ state: 'met_late', met_at: '2026-11-23T10:20:00Z' }), start)).toBe('met_late');
    expect(liveClockState(clock({ state: 'stopped' }), start + 60 * min)).toBe('stopped');
  });
});

describe('clock colours', () => {
  it('green on time, orange at risk, red breached', () => {
    expect(clockColor('on_time')).toBe('success');
    expect(clockColor('at_risk')).toBe('warning');
    expect(clockColor('breached')).toBe('error');
    expect(clockColor('met_late')).toBe('error');
    expect(clockColor('met')).toBe('processing');
    expect(clockColor('stopped')).toBe('default');
  });
});

describe('which clock a list shows', () => {
  it('the running response clock first, else the resolution clock', () => {
    const resolution = clock({ due_at: '2026-11-25T10:00:00Z' });
    expect(leadingClock({ response: clock(), resolution }).name).toBe('response');
    expect(leadingClock({ response: clock({ met_at: '2026-11-23T10:05:00Z', state: 'met' }), resolution }).name).toBe('resolution');
    expect(leadingClock({ response: null, resolution }).name).toBe('resolution');
  });
});

describe('response deadline shown before dispatch', () => {
  it('adds the tier window of the policy', () => {
    const policy = { response: { P1: 'PT15M', P2: 'PT30M', P3: 'PT1H', P4: 'PT2H' }, resolution: 'PT48H', onsite: 'PT2H', auto_close_after: 'P7D', at_risk_percent: 80, hot_threshold: 5 };
    expect(responseDueAt(policy, 'P1', start, parseIsoDuration)?.toISOString()).toBe('2026-11-23T10:15:00.000Z');
    expect(responseDueAt(policy, 'P4', start, parseIsoDuration)?.toISOString()).toBe('2026-11-23T12:00:00.000Z');
  });
});

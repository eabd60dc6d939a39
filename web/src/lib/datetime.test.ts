import { describe, expect, it } from 'vitest';
import { formatDateTime, formatTime, parseUtcOffset, zoneName } from './datetime';

describe('times in the center’s zone', () => {
  it('reads the policy’s offset', () => {
    expect(parseUtcOffset('+08:00')).toBe(480);
    expect(parseUtcOffset('-05:30')).toBe(-330);
    expect(parseUtcOffset('Z')).toBe(0);
    expect(parseUtcOffset('nonsense')).toBeNull();
    expect(zoneName(480)).toBe('UTC+8');
    expect(zoneName(-330)).toBe('UTC-5:30');
    expect(zoneName(0)).toBe('UTC');
  });
  it('shows an instant at the center’s wall-clock time, naming the zone when the browser is elsewhere', () => {
    // Vitest runs with the machine's zone; the suffix appears exactly when it differs.
    const iso = '2026-12-02T06:30:00Z';
    const browserIsCenter = -new Date(iso).getTimezoneOffset() === 480;
    const time = formatTime(iso, 'en-US', 480);
    expect(time.startsWith('02:30 PM')).toBe(true);
    expect(time.endsWith(' UTC+8')).toBe(!browserIsCenter);
    expect(formatDateTime(iso, 'zh-CN', 480)).toContain('14:30');
    expect(formatDateTime('2026-12-02T23:30:00Z', 'en-US', 480)).toContain('Dec 3, 2026');
  });
});

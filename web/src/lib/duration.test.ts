import { describe, expect, it } from 'vitest';
import { formatIsoDuration, fromFriendly, humanizeSeconds, isoToFriendly, parseIsoDuration, toFriendly } from './duration';

describe('ISO 8601 durations of the SLA policy', () => {
  it('parses the default windows', () => {
    expect(parseIsoDuration('PT15M')).toBe(900);
    expect(parseIsoDuration('PT30M')).toBe(1800);
    expect(parseIsoDuration('PT1H')).toBe(3600);
    expect(parseIsoDuration('PT2H')).toBe(7200);
    expect(parseIsoDuration('PT48H')).toBe(172800);
    expect(parseIsoDuration('P7D')).toBe(604800);
  });

  it('parses combined parts, weeks and lower case', () => {
    expect(parseIsoDuration('P1DT2H30M')).toBe(86400 + 7200 + 1800);
    expect(parseIsoDuration('P1W')).toBe(604800);
    expect(parseIsoDuration('pt90s')).toBe(90);
  });

  it('refuses what is not a duration of days and time', () => {
    for (const bad of ['', 'P', 'PT', '15M', 'P1Y', 'P1M', 'PT1H30', 'abc', 'P1DT']) {
      expect(parseIsoDuration(bad), bad).toBeNull();
    }
  });

  it('formats canonically, whole days as days', () => {
    expect(formatIsoDuration(900)).toBe('PT15M');
    expect(formatIsoDuration(3600)).toBe('PT1H');
    expect(formatIsoDuration(5400)).toBe('PT1H30M');
    expect(formatIsoDuration(172800)).toBe('P2D');
    expect(formatIsoDuration(604800)).toBe('P7D');
    expect(formatIsoDuration(0)).toBe('PT0S');
  });

  it('round-trips through the friendly value and unit', () => {
    expect(toFriendly(900)).toEqual({ value: 15, unit: 'minutes' });
    expect(toFriendly(7200)).toEqual({ value: 2, unit: 'hours' });
    expect(toFriendly(172800)).toEqual({ value: 2, unit: 'days' });
    expect(fromFriendly(48, 'hours')).toBe('PT48H');
    expect(fromFriendly(15, 'minutes')).toBe('PT15M');
    expect(fromFriendly(90, 'minutes')).toBe('PT90M');
    expect(parseIsoDuration(fromFriendly(90, 'minutes'))).toBe(5400);
    for (const iso of ['PT15M', 'PT30M', 'PT1H', 'PT2H', 'PT48H', 'P7D']) {
      const f = isoToFriendly(iso)!;
      expect(fromFriendly(f.value, f.unit), iso).toBe(iso);
    }
  });

  it('edits a policy value in the unit it was written in', () => {
    expect(isoToFriendly('PT48H')).toEqual({ value: 48, unit: 'hours' });
    expect(isoToFriendly('P7D')).toEqual({ value: 7, unit: 'days' });
    expect(isoToFriendly('PT90M')).toEqual({ value: 90, unit: 'minutes' });
    expect(isoToFriendly('P1DT12H')).toEqual({ value: 36, unit: 'hours' });
    expect(isoToFriendly('nonsense')).toBeNull();
  });

  it('reads a window in words in both languages', () => {
    expect(humanizeSeconds(900, 'en-US')).toBe('15 minutes');
    expect(humanizeSeconds(7200, 'en-US')).toBe('2 hours');
    expect(humanizeSeconds(900, 'zh-CN')).toBe('15分钟');
  });
});

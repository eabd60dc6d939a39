import { describe, expect, it } from 'vitest';
import { clearStale, fillAll, fillEmpty } from './callerDetails';

const WANG = { name: 'Ms Wang', address: 'Building 3, 1203', unit: 'Sunny Gardens' };

describe('caller details from a lookup', () => {
  it('fill only the fields the agent left empty', () => {
    const { set, filled } = fillEmpty({ name: 'Mr Li', address: '  ' }, WANG, '13812345678');
    expect(set).toEqual({ address: 'Building 3, 1203', unit: 'Sunny Gardens' });
    expect(filled).toEqual({ digits: '13812345678', values: set });
  });

  it('fill nothing a known caller does not have', () => {
    expect(fillEmpty({}, { name: 'Ms Wang', address: null, unit: null }, '1').set).toEqual({ name: 'Ms Wang' });
  });

  it('"use these details" replaces every field, and empties what the caller lacks', () => {
    const { set, filled } = fillAll({ name: 'Ms Wang', address: null }, '1');
    expect(set).toEqual({ name: 'Ms Wang', address: undefined, unit: undefined });
    expect(filled.values).toEqual({ name: 'Ms Wang', address: undefined, unit: undefined });
  });
});

describe('a changed number', () => {
  const filled = fillEmpty({}, WANG, '13812345678').filled;

  it('empties what the earlier lookup filled', () => {
    expect(clearStale({ ...WANG }, filled, '13900001111')).toEqual({ name: undefined, address: undefined, unit: undefined });
  });

  it('keeps what the agent typed or changed by hand', () => {
    expect(clearStale({ name: 'Mr Li', address: 'Building 3, 1203', unit: 'Sunny Gardens, east gate' }, filled, '139')).toEqual({
      address: undefined,
    });
  });

  it('changes nothing for the same number, or when nothing was filled', () => {
    expect(clearStale({ ...WANG }, filled, '13812345678')).toBeNull();
    expect(clearStale({ ...WANG }, null, '139')).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { causeLabel, causeOptions, causeTree, hasCauses } from './rootCauses';

const at = '2026-11-01T00:00:00Z';
const rc = (id: string, name: string, parent_id: string | null = null, active = true) => ({ id, name, parent_id, active, created_at: at });

const LIST = [
  rc('c2', 'Service'),
  rc('c1', 'Facilities'),
  rc('x1', 'Pipe ageing', 'c1'),
  rc('x2', 'Contractor error', 'c1'),
  rc('x3', 'Rude staff', 'c2'),
  rc('x4', 'Old cause', 'c2', false),
  rc('c3', 'Retired', null, false),
  rc('x5', 'In a retired category', 'c3'),
  rc('c4', 'Empty category'),
  rc('x6', 'Orphan', 'nope'),
];

describe('root-cause cascader options', () => {
  it('nests active causes under active categories, by name', () => {
    expect(causeOptions(LIST)).toEqual([
      {
        value: 'c1',
        label: 'Facilities',
        children: [
          { value: 'x2', label: 'Contractor error' },
          { value: 'x1', label: 'Pipe ageing' },
        ],
      },
      { value: 'c2', label: 'Service', children: [{ value: 'x3', label: 'Rude staff' }] },
    ]);
  });
  it('leaves out categories with nothing to choose', () => {
    expect(causeOptions([rc('c4', 'Empty category')])).toEqual([]);
    expect(hasCauses([rc('c4', 'Empty category')])).toBe(false);
    expect(hasCauses([])).toBe(false);
    expect(hasCauses(undefined)).toBe(false);
    expect(hasCauses(LIST)).toBe(true);
  });
  it('names a cause with its category', () => {
    expect(causeLabel(LIST, 'x1')).toBe('Facilities / Pipe ageing');
    expect(causeLabel(LIST, 'c1')).toBe('Facilities');
    expect(causeLabel(LIST, 'zzz')).toBeNull();
  });
  it('builds the admin tree with inactive entries', () => {
    const tree = causeTree(LIST);
    expect(tree.map((c) => c.name)).toEqual(['Empty category', 'Facilities', 'Retired', 'Service']);
    expect(tree[3]!.children.map((c) => c.name)).toEqual(['Old cause', 'Rude staff']);
  });
});

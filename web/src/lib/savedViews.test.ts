import { beforeEach, describe, expect, it } from 'vitest';
import { deleteView, readViews, saveView, viewsKey } from './savedViews';

const store = new Map<string, string>();
globalThis.localStorage = {
  getItem: (k: string) => store.get(k) ?? null,
  setItem: (k: string, v: string) => void store.set(k, v),
  removeItem: (k: string) => void store.delete(k),
  clear: () => store.clear(),
  key: () => null,
  length: 0,
};

describe('saved views', () => {
  beforeEach(() => store.clear());
  it('are kept per user and per screen, by name, and deleted', () => {
    const mine = viewsKey('u1', 'queue');
    saveView(mine, 'P1 breached', 'urgency=P1&breached=1');
    saveView(mine, 'Hot', 'hot=1');
    saveView(mine, 'Hot', 'hot=1&finished=1');
    expect(readViews(mine)).toEqual([
      { name: 'Hot', query: 'hot=1&finished=1' },
      { name: 'P1 breached', query: 'urgency=P1&breached=1' },
    ]);
    expect(readViews(viewsKey('u2', 'queue'))).toEqual([]);
    deleteView(mine, 'Hot');
    expect(readViews(mine).map((v) => v.name)).toEqual(['P1 breached']);
  });
  it('ignore what is not a list of views', () => {
    store.set(viewsKey('u1', 'queue'), '{not json');
    expect(readViews(viewsKey('u1', 'queue'))).toEqual([]);
    store.set(viewsKey('u1', 'queue'), JSON.stringify([{ name: 'x' }, { name: 'ok', query: 'q=a' }]));
    expect(readViews(viewsKey('u1', 'queue'))).toEqual([{ name: 'ok', query: 'q=a' }]);
  });
});

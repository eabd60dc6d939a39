// Saved views: a list screen's filters (its address's query) kept under a name, per user
// and per screen, in this browser's localStorage (`sb.views.<user id>.<screen>`). They
// are not on the server: another browser or device has its own.

import { useCallback, useSyncExternalStore } from 'react';

export interface SavedView {
  name: string;
  /** The screen's query string, without `?` (e.g. `status=new&urgency=P1`). */
  query: string;
}

const listeners = new Set<() => void>();
const cache = new Map<string, { raw: string | null; views: SavedView[] }>();

export function viewsKey(userId: string, screen: string): string {
  return `sb.views.${userId}.${screen}`;
}

function isView(v: unknown): v is SavedView {
  return typeof v === 'object' && v !== null && typeof (v as SavedView).name === 'string' && typeof (v as SavedView).query === 'string';
}

/** The views stored under `key` (the same array while nothing changed). */
export function readViews(key: string): SavedView[] {
  let raw: string | null = null;
  try {
    raw = globalThis.localStorage?.getItem(key) ?? null;
  } catch {
    raw = null;
  }
  const hit = cache.get(key);
  if (hit && hit.raw === raw) return hit.views;
  let views: SavedView[] = [];
  try {
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    views = Array.isArray(parsed) ? parsed.filter(isView) : [];
  } catch {
    views = [];
  }
  cache.set(key, { raw, views });
  return views;
}

function write(key: string, views: SavedView[]) {
  localStorage.setItem(key, JSON.stringify(views));
  for (const l of listeners) l();
}

/** Saves `query` under `name`, replacing a view of the same name; sorted by name. */
export function saveView(key: string, name: string, query: string): void {
  const others = readViews(key).filter((v) => v.name !== name);
  write(key, [...others, { name, query }].sort((a, b) => a.name.localeCompare(b.name)));
}

export function deleteView(key: string, name: string): void {
  write(key, readViews(key).filter((v) => v.name !== name));
}

/** The signed-in user's saved views of `screen`, and what changes them. */
export function useSavedViews(userId: string, screen: string) {
  const key = viewsKey(userId, screen);
  const subscribe = useCallback((l: () => void) => {
    listeners.add(l);
    const onStorage = (e: StorageEvent) => e.key === key && l();
    window.addEventListener('storage', onStorage);
    return () => {
      listeners.delete(l);
      window.removeEventListener('storage', onStorage);
    };
  }, [key]);
  const views = useSyncExternalStore(subscribe, () => readViews(key));
  return {
    views,
    save: (name: string, query: string) => saveView(key, name, query),
    remove: (name: string) => deleteView(key, name),
  };
}

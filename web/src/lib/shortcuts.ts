// Keyboard shortcuts of the console. The list is what the `?` dialog shows
// (components/ShortcutsHelp.tsx); the intake's own keys are handled by its form. None
// fires while the person is typing in a field.

import { useEffect, useState } from 'react';
import type { MessageKey } from '../i18n';

export interface Shortcut {
  keys: string[];
  what: MessageKey;
}

export const SHORTCUT_GROUPS: { title: MessageKey; items: Shortcut[] }[] = [
  {
    title: 'shortcuts.lists',
    items: [
      { keys: ['j'], what: 'shortcuts.next' },
      { keys: ['k'], what: 'shortcuts.prev' },
      { keys: ['Enter'], what: 'shortcuts.open' },
      { keys: ['/'], what: 'shortcuts.search' },
    ],
  },
  {
    title: 'shortcuts.intake',
    items: [
      { keys: ['Alt', 'N'], what: 'shortcuts.newIntake' },
      { keys: ['Alt', 'P'], what: 'shortcuts.phone' },
      { keys: ['Alt', '1…4'], what: 'shortcuts.tier' },
      { keys: ['Ctrl', 'Enter'], what: 'shortcuts.submit' },
    ],
  },
  { title: 'shortcuts.everywhere', items: [{ keys: ['?'], what: 'shortcuts.help' }] },
];

/** True when the key went to something the person types into (or a dialog, or a menu). */
export function isTyping(target: EventTarget | null): boolean {
  if (!target || !(target instanceof Element)) return false;
  if (target.closest('input, textarea, select, [contenteditable="true"], [role="dialog"], [role="listbox"], [role="combobox"]')) return true;
  return false;
}

/** A plain key press (no Ctrl, Alt or Meta) that is not typing. */
export function isPlainKey(e: KeyboardEvent): boolean {
  return !e.ctrlKey && !e.altKey && !e.metaKey && !e.defaultPrevented && !isTyping(e.target);
}

/**
 * `j` / `k` move a highlighted row of a list of `count`, `Enter` opens it (`onOpen`), `/`
 * focuses the search box (`onSearch`). Returns the highlighted index (-1: none).
 */
export function useListKeys(count: number, onOpen: (index: number) => void, onSearch?: () => void): number {
  const [index, setIndex] = useState(-1);
  const shown = index < count ? index : count - 1;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!isPlainKey(e)) return;
      if (e.key === 'j' || e.key === 'k') {
        e.preventDefault();
        const step = e.key === 'j' ? 1 : -1;
        setIndex((i) => Math.max(0, Math.min(count - 1, Math.min(i, count - 1) + step)));
      } else if (e.key === 'Enter' && shown >= 0) {
        // A focused link or button keeps its own Enter.
        if (e.target instanceof Element && e.target.closest('a, button')) return;
        e.preventDefault();
        onOpen(shown);
      } else if (e.key === '/' && onSearch) {
        e.preventDefault();
        onSearch();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [count, shown, onOpen, onSearch]);
  useEffect(() => {
    if (shown < 0) return;
    document.querySelector(`[data-row-index="${shown}"]`)?.scrollIntoView?.({ block: 'nearest' });
  }, [shown]);
  return shown;
}

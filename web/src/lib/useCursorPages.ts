import { useCallback, useState } from 'react';

interface Pages {
  key: string;
  stack: (string | undefined)[];
}

/** The cursors seen for `key`: the first page only once the key (the filters) changed. */
function stackFor(pages: Pages, key: string): (string | undefined)[] {
  return pages.key === key ? pages.stack : [undefined];
}

/**
 * Keyset paging over `next_cursor`: remembers the cursors of the pages already seen so
 * that "previous" works; resets whenever `resetKey` (the filters) changes.
 */
export function useCursorPages(resetKey: string) {
  const [state, setState] = useState<Pages>({ key: resetKey, stack: [undefined] });
  const stack = stackFor(state, resetKey);
  const cursor = stack[stack.length - 1];
  const next = useCallback(
    (nextCursor: string) => setState((s) => ({ key: resetKey, stack: [...stackFor(s, resetKey), nextCursor] })),
    [resetKey],
  );
  const prev = useCallback(() => setState((s) => ({ key: resetKey, stack: stackFor(s, resetKey).slice(0, -1) })), [resetKey]);
  return { cursor, page: stack.length, hasPrev: stack.length > 1, next, prev };
}

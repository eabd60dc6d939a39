// Root causes come as one flat list: categories (`parent_id` null) and causes under them.
// The resolve dialog offers them as a two-level cascader; only causes can be chosen.

import type { components } from '../api/schema';

type RootCause = components['schemas']['RootCause'];

export interface CauseOption {
  value: string;
  label: string;
  disabled?: boolean;
  children?: CauseOption[];
}

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);

/**
 * Cascader options from the flat list: active categories with their active causes, by name.
 * A category without an active cause is left out (nothing in it can be chosen), and so is a
 * cause whose category is missing or inactive.
 */
export function causeOptions(list: readonly RootCause[]): CauseOption[] {
  const categories = list.filter((c) => !c.parent_id && c.active).sort(byName);
  return categories
    .map((cat) => ({
      value: cat.id,
      label: cat.name,
      children: list
        .filter((c) => c.parent_id === cat.id && c.active)
        .sort(byName)
        .map((c) => ({ value: c.id, label: c.name })),
    }))
    .filter((cat) => cat.children.length > 0);
}

/** Whether resolving must pick a cause from the list (it has one to pick) rather than type one. */
export function hasCauses(list: readonly RootCause[] | undefined): boolean {
  return !!list && causeOptions(list).length > 0;
}

/** `Category / Cause` for a cause id, as the ticket shows it afterwards. */
export function causeLabel(list: readonly RootCause[], id: string): string | null {
  const cause = list.find((c) => c.id === id);
  if (!cause) return null;
  const parent = cause.parent_id ? list.find((c) => c.id === cause.parent_id) : null;
  return parent ? `${parent.name} / ${cause.name}` : cause.name;
}

/** The admin's tree: every category with all its causes (active or not), by name. */
export function causeTree(list: readonly RootCause[]): (RootCause & { children: RootCause[] })[] {
  return list
    .filter((c) => !c.parent_id)
    .sort(byName)
    .map((cat) => ({ ...cat, children: list.filter((c) => c.parent_id === cat.id).sort(byName) }));
}

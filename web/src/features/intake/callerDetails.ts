// Which caller details the intake form may hold. A caller lookup fills only the number
// typed now; the details it filled are remembered with that number, so that when the
// number changes they are emptied again — unless the agent has since changed them by hand.

export interface CallerDetails {
  name?: string;
  address?: string;
  unit?: string;
}

export const CALLER_FIELDS = ['name', 'address', 'unit'] as const;

/** A known caller as the lookup returns them. */
export interface KnownCaller {
  name: string;
  address?: string | null;
  unit?: string | null;
}

/** What a lookup put in the form, and for which number (digits). */
export interface Filled {
  digits: string;
  values: CallerDetails;
}

function details(known: KnownCaller): CallerDetails {
  return { name: known.name || undefined, address: known.address || undefined, unit: known.unit || undefined };
}

/**
 * A known caller's details for the fields the agent left empty (what the agent typed stays),
 * and the record of what was filled.
 */
export function fillEmpty(current: CallerDetails, known: KnownCaller, digits: string): { set: CallerDetails; filled: Filled } {
  const found = details(known);
  const set: CallerDetails = {};
  for (const f of CALLER_FIELDS) {
    if (!current[f]?.trim() && found[f]) set[f] = found[f];
  }
  return { set, filled: { digits, values: set } };
}

/** Every detail of the known caller, over what is there ("Use these details"). */
export function fillAll(known: KnownCaller, digits: string): { set: CallerDetails; filled: Filled } {
  const set: CallerDetails = { name: undefined, address: undefined, unit: undefined, ...details(known) };
  return { set, filled: { digits, values: details(known) } };
}

/**
 * When the number typed is no longer the one the details were filled for: the fields that
 * still hold what the lookup put there, emptied. Null when nothing is to change.
 */
export function clearStale(current: CallerDetails, filled: Filled | null, digits: string): CallerDetails | null {
  if (!filled || filled.digits === digits) return null;
  const set: CallerDetails = {};
  for (const f of CALLER_FIELDS) {
    if (filled.values[f] !== undefined && current[f] === filled.values[f]) set[f] = undefined;
  }
  return set;
}

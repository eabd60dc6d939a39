// The ticket page's buttons, from what the API says the signed-in person may do to this
// ticket now (`Ticket.allowed_actions`: the same state machine, role, department scope and
// token scope the API enforces). The console keeps no copy of those rules: it only places
// each listed action on the screen.

import type { Schemas } from '../../api/client';

export type TicketAction = Schemas['TicketAction'];

/**
 * A button of the action bar: an action with its own dialog, and the supervision order
 * (督办), which the API takes as an urge with a deadline (`urge` with `due_at`).
 */
export type BarAction = Exclude<TicketAction, 'decide_extension' | 'comment' | 'reveal_phone'> | 'supervise';

/**
 * The bar's buttons for each action the API may list, in the order the bar shows them.
 * Every action is placed (the type check fails on one the API adds until it is); those
 * shown elsewhere on the page give no button here: an extension's approve / reject in the
 * extensions table, the comment form, the phone's "Show number".
 */
const BUTTONS: Record<TicketAction, readonly BarAction[]> = {
  answer: ['answer'],
  dispatch: ['dispatch'],
  accept: ['accept'],
  return: ['return'],
  contact: ['contact'],
  request_extension: ['request_extension'],
  decide_extension: [],
  resolve: ['resolve'],
  callback: ['callback'],
  reopen: ['reopen'],
  close: ['close'],
  merge: ['merge'],
  urge: ['urge', 'supervise'],
  overrule: ['overrule'],
  recontact: ['recontact'],
  flag_incident: ['flag_incident'],
  record_onsite: ['record_onsite'],
  flag_hot: ['flag_hot'],
  report_hot: ['report_hot'],
  comment: [],
  reveal_phone: [],
};

/** The action bar's buttons for a ticket's `allowed_actions`, in the bar's order. */
export function barActions(allowed: readonly TicketAction[]): BarAction[] {
  return (Object.keys(BUTTONS) as TicketAction[]).filter((a) => allowed.includes(a)).flatMap((a) => BUTTONS[a]);
}

/**
 * Whether a ticket can be the main ticket another one is merged into: the one rule here
 * that `allowed_actions` (what may be done to *this* ticket) does not carry, as the API
 * words it when it refuses a merge: never into a closed ticket (`merge_closed`), nor into a
 * duplicate (`merge_chain`). Used to offer only such tickets; the API still decides.
 */
export function canBeMain(tk: { status: Schemas['TicketStatus']; duplicate_of?: string | null }): boolean {
  return tk.status !== 'closed' && tk.status !== 'merged' && !tk.duplicate_of;
}

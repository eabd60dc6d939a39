// The body each action dialog sends, from the dialog's form values.

import type { Dayjs } from 'dayjs';
import type { Urgency } from '../../api/client';
import type { BarAction } from './actions';
import type { ActionInput } from './api';

/** The bar's actions that open a dialog of their own here (merge has its own). */
export type DialogAction = Exclude<BarAction, 'merge'>;

// What each dialog's form holds; one shape, fields used per action.
export interface Values {
  answer?: string;
  department_id?: string;
  urgency?: Urgency;
  note?: string;
  reason?: string;
  new_due_at?: Dayjs;
  customer_agreed?: boolean;
  resolution?: string;
  root_cause?: string;
  /** [category, cause] from the cascader. */
  root_cause_path?: string[];
  reached?: boolean;
  satisfaction?: 'satisfied' | 'neutral' | 'dissatisfied';
  comment?: string;
  due_at?: Dayjs;
}

export function toInput(action: DialogAction, v: Values): ActionInput {
  const text = (s: string | undefined) => (s?.trim() ? s.trim() : null);
  switch (action) {
    case 'accept':
      return { action };
    case 'answer':
      return { action, body: { answer: v.answer?.trim() ?? '' } };
    case 'dispatch':
      return { action, departmentId: v.department_id ?? '', urgency: v.urgency ?? 'P3', note: text(v.note) };
    case 'return':
    case 'reopen':
      return { action, body: { reason: v.reason?.trim() ?? '' } };
    case 'contact':
    case 'close':
      return { action, body: { note: text(v.note) } };
    case 'request_extension':
      return {
        action,
        body: { new_due_at: v.new_due_at?.toISOString() ?? '', reason: v.reason?.trim() ?? '', customer_agreed: !!v.customer_agreed },
      };
    case 'resolve': {
      // A cause from the list (the cascader's last level) once the list has causes; words before that.
      const id = v.root_cause_path?.[1];
      return id
        ? { action, body: { resolution: v.resolution?.trim() ?? '', root_cause_id: id, root_cause: null } }
        : { action, body: { resolution: v.resolution?.trim() ?? '', root_cause: text(v.root_cause) } };
    }
    case 'overrule':
    case 'flag_hot':
      return { action, body: { reason: v.reason?.trim() ?? '' } };
    case 'recontact':
    case 'flag_incident':
    case 'record_onsite':
      return { action, body: { note: text(v.note) } };
    case 'report_hot':
      return { action, body: { note: v.note?.trim() ?? '' } };
    case 'callback':
      return {
        action,
        body: { reached: !!v.reached, satisfaction: v.reached ? (v.satisfaction ?? null) : null, comment: text(v.comment) },
      };
    case 'urge':
      return { action, body: { note: v.note?.trim() ?? '', due_at: null } };
    case 'supervise':
      return { action, body: { note: v.note?.trim() ?? '', due_at: v.due_at?.toISOString() ?? null } };
  }
}


// API errors in the user's words. The problem document's `code` picks a translated message
// (every code the API sends is listed in api/errorCodes.ts and has text in both languages);
// field messages the console knows are translated, and a field's path (`customer.phone`)
// is named by the label the form shows. The server's English `detail` is shown only in
// the English interface, and only for a code the console does not know.

import type { FormInstance } from 'antd';
import { ApiError } from '../api/client';
import type { MessageKey } from '../i18n/en';
import { isMessageKey, type Translate } from '../i18n/translate';

/** The labels forms give the API's field paths (for a message naming the fields). */
export const FIELD_LABELS: Record<string, MessageKey> = {
  'customer.phone': 'ticket.phone',
  'customer.name': 'ticket.customerName',
  'customer.address': 'ticket.address',
  'customer.unit': 'ticket.unit',
  subject: 'ticket.subject',
  description: 'ticket.description',
  channel: 'ticket.channel',
  kind: 'ticket.kind',
  note: 'form.note',
  reason: 'form.reason',
  resolution: 'form.resolution',
  root_cause: 'form.rootCause',
  root_cause_id: 'form.rootCause',
  department_id: 'form.department',
  urgency: 'form.urgency',
  new_due_at: 'form.newDueAt',
  customer_agreed: 'form.customerAgreed',
  satisfaction: 'form.satisfaction',
  answer: 'form.answer',
  into: 'merge.into',
  body: 'form.commentBody',
  username: 'admin.user.username',
  user_id: 'admin.token.user',
};

/** The label of an API field path, or the path itself when no form names it. */
export function fieldLabel(path: string, t: Translate): string {
  const key = FIELD_LABELS[path];
  return key ? t(key) : path;
}

/** One sentence describing why a request failed. */
export function describeError(error: unknown, t: Translate): string {
  if (!(error instanceof ApiError)) {
    return error instanceof Error ? error.message : String(error);
  }
  if (error.code === 'internal_error') {
    const id = /logged as (\S+)/.exec(error.detail)?.[1] ?? '';
    return t('error.internal_error', { id });
  }
  if (error.code === 'validation_failed') {
    const fields = Object.keys(error.fieldErrors);
    if (fields.length) return t('error.validation_failed_fields', { fields: fields.map((f) => fieldLabel(f, t)).join(', ') });
  }
  const key = `error.${error.code}`;
  if (isMessageKey(key)) return t(key, { seconds: error.retryAfter ?? 1 });
  // A code this console does not know yet: the server's words in English, a general
  // message in any other language (the English detail never shows in the Chinese interface).
  return error.detail && t('error.detailLanguage') === 'en' ? error.detail : t('error.unknown', { status: error.status });
}

/** A field message from the API, translated when the console knows it. */
export function describeFieldMessage(message: string, t: Translate): string {
  const key = `field.${message}`;
  if (isMessageKey(key)) return t(key);
  return t('error.detailLanguage') === 'en' ? message : t('field.invalid');
}

/**
 * The API's field errors as antd Form fields: `customer.phone` → ['customer', 'phone'].
 * `fieldMap` renames API fields to form fields where they differ.
 */
export function formFieldErrors<Values = unknown>(
  error: unknown,
  t: Translate,
  fieldMap: Record<string, (string | number)[]> = {},
): FieldData<Values>[] {
  if (!(error instanceof ApiError)) return [];
  return Object.entries(error.fieldErrors).map(
    ([field, messages]) =>
      ({
        name: fieldMap[field] ?? field.split('.'),
        errors: messages.map((m) => describeFieldMessage(m, t)),
      }) as FieldData<Values>,
  );
}

type FieldData<Values> = Parameters<FormInstance<Values>['setFields']>[0][number];

// API errors in the user's words: the problem document's `code` picks a translated
// message; known field messages are translated, others shown as the API wrote them.

import type { FormInstance } from 'antd';
import { ApiError } from '../api/client';
import { isMessageKey, type Translate } from '../i18n/translate';

/** One sentence describing why a request failed. */
export function describeError(error: unknown, t: Translate): string {
  if (!(error instanceof ApiError)) {
    return error instanceof Error ? error.message : String(error);
  }
  if (error.code === 'internal_error') {
    const id = /logged as (\S+)/.exec(error.detail)?.[1] ?? '';
    return t('error.internal_error', { id });
  }
  const key = `error.${error.code}`;
  if (isMessageKey(key)) return t(key);
  return error.detail || t('error.unknown', { status: error.status });
}

/** A field message from the API, translated when the console knows it. */
export function describeFieldMessage(message: string, t: Translate): string {
  const key = `field.${message}`;
  return isMessageKey(key) ? t(key) : message;
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

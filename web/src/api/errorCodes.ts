// Every `code` the API puts in its problem documents — the `ErrorCode` enum of openapi.yaml
// (api/src/error.rs) — and the console's own `network_error`. The type check fails when this
// list and the API's enum differ; each code has a message in both languages (`error.<code>`
// in i18n/en.ts and zh-CN.ts), and errors.test.ts fails when one is missing.

import type { components } from './schema';

type ApiErrorCode = components['schemas']['ErrorCode'];

export const ERROR_CODES = [
  // any request
  'unauthorized',
  'forbidden',
  'not_found',
  'method_not_allowed',
  'payload_too_large',
  'unsupported_media_type',
  'validation_failed',
  'request_timeout',
  'too_many_requests',
  'too_many_connections',
  'service_unavailable',
  'server_busy',
  'insufficient_storage',
  'internal_error',
  'bad_body',
  'body_required',
  'malformed_json',
  'invalid_text',
  'invalid_query',
  'invalid_path',
  'concurrent_update',
  'already_exists',
  'name_taken',
  // signing in
  'password_sign_in_refused',
  'sign_in_throttled',
  'sign_in_locked',
  // tickets
  'invalid_transition',
  'extension_pending',
  'extension_decided',
  'merge_chain',
  'merge_closed',
  'not_returned',
  'already_hot',
  'already_incident',
  'already_onsite',
  'already_reported',
  'not_hot',
  'not_incident',
  // handovers
  'already_signed',
  'own_handover',
  // users
  'username_taken',
  'last_admin_guard',
  // the console's own: no answer from the server at all
  'network_error',
] as const satisfies readonly (ApiErrorCode | 'network_error')[];

// Compiles only while every code of the API is listed above.
type Unlisted = Exclude<ApiErrorCode, (typeof ERROR_CODES)[number]>;
export const EVERY_API_CODE_LISTED: [Unlisted] extends [never] ? true : Unlisted = true;

export type ErrorCode = (typeof ERROR_CODES)[number];

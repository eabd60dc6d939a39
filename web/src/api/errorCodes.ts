// Every `code` the API puts in its problem documents (api/src/error.rs and the refusals it
// builds: `Error::conflict("…")`, `BadRequest { code: "…" }`, `forbidden_because("…")`,
// the sign-in throttle), and the console's own `network_error`. Each has a message in both
// languages (`error.<code>` in i18n/en.ts and zh-CN.ts); errors.test.ts fails when one is
// missing. A new code in the API is added here first.

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
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

// The one typed client of the Switchboard API. Types come from schema.ts, generated from
// ../openapi.yaml by `npm run gen`; nothing else in the console talks to the network.

import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';
import { session } from '../lib/session';

export type Schemas = components['schemas'];
export type Problem = Schemas['Problem'];

/**
 * A problem as the console meets it: the API's (whose codes `api/errorCodes.ts` lists), its
 * own `network_error` when no answer came at all, or a code a newer server added.
 */
export type ProblemLike = Omit<Partial<Problem>, 'code'> & { code?: string };
export type Ticket = Schemas['Ticket'];
export type Event = Schemas['Event'];
export type Extension = Schemas['Extension'];
export type Department = Schemas['Department'];
export type User = Schemas['User'];
export type SlaPolicy = Schemas['SlaPolicyDoc'];
export type TicketStatus = Schemas['TicketStatus'];
export type TicketKind = Schemas['TicketKind'];
export type Channel = Schemas['Channel'];
export type Role = Schemas['Role'];
export type Satisfaction = Schemas['Satisfaction'];
export type Answer = Schemas['Answer'];
export type RootCause = Schemas['RootCause'];
export type Handover = Schemas['Handover'];
export type SnapshotTicket = Schemas['SnapshotTicket'];
export type ApiToken = Schemas['ApiToken'];
export type CreatedApiToken = Schemas['CreatedApiToken'];
export type Scope = Schemas['Scope'];
export type EventKind = Schemas['EventKind'];
export type Webhook = Schemas['Webhook'];
export type CreatedWebhook = Schemas['CreatedWebhook'];
export type WebhookDelivery = Schemas['WebhookDelivery'];

/** A refused or failed request, with the API's problem document (RFC 9457) when it sent one. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly fieldErrors: Record<string, string[]>;
  /** Seconds to wait before trying again (`Retry-After`, on 429 and 503). */
  readonly retryAfter: number | null;

  constructor(status: number, problem: ProblemLike | null, retryAfter: number | null = null) {
    super(problem?.detail ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = problem?.code ?? (status === 0 ? 'network_error' : `http_${status}`);
    this.detail = problem?.detail ?? '';
    this.fieldErrors = problem?.errors ?? {};
    this.retryAfter = retryAfter;
  }
}

const auth: Middleware = {
  onRequest({ request }) {
    const s = session.get();
    if (s) request.headers.set('Authorization', `Bearer ${s.token}`);
    return request;
  },
  onResponse({ request, response }) {
    // An expired or revoked token: end the session; the router sends the user to sign in
    // and back to the same page afterwards. A wrong password at sign-in is not this.
    // Nor is the answer to a sign-out, which may come after the next sign-in.
    const path = new URL(request.url).pathname;
    if (response.status === 401 && !path.endsWith('/auth/login') && !path.endsWith('/auth/logout')) {
      session.end('expired');
    }
    return response;
  },
};

// Arrays in a query travel comma-separated (`status=dispatched,accepted`), as the API reads them.
export const api = createClient<paths>({
  baseUrl: globalThis.location?.origin ?? '',
  querySerializer: { array: { style: 'form', explode: false } },
});
api.use(auth);

/**
 * Signs out, here and on the server too: the token stops working wherever it was copied,
 * and the user's open streams close. Nothing waits for the server's answer.
 */
export function signOut(): void {
  const s = session.get();
  if (!s) return;
  api
    .POST('/api/v1/auth/logout', { headers: { Authorization: `Bearer ${s.token}` } })
    .catch(() => undefined);
  session.end('signed_out');
}

type Call<T> = Promise<{ data?: T; error?: unknown; response: Response }>;

/** The data and response of a successful call, or an ApiError carrying the problem document. */
async function settle<T>(call: Call<T>): Promise<{ data: T; response: Response }> {
  let result: Awaited<Call<T>>;
  try {
    result = await call;
  } catch (e) {
    throw new ApiError(0, { code: 'network_error', detail: e instanceof Error ? e.message : String(e) });
  }
  const { data, error, response } = result;
  if (!response.ok || error !== undefined) {
    const problem = typeof error === 'object' && error !== null ? (error as Partial<Problem>) : null;
    const wait = Number(response.headers.get('Retry-After'));
    throw new ApiError(response.status, problem, Number.isFinite(wait) && wait > 0 ? wait : null);
  }
  return { data: data as T, response };
}

/** The data of a successful call, or an ApiError carrying the problem document. */
export async function unwrap<T>(call: Call<T>): Promise<T> {
  return (await settle(call)).data;
}

/**
 * Every item of a cursor-paged list, page after page: `page(cursor)` makes one call (best
 * asking for the API's largest page, 200). For short lists: users, departments, tokens.
 */
export async function unwrapAll<T>(page: (cursor: string | undefined) => Call<{ items: T[]; next_cursor?: string | null }>): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  do {
    const data = await unwrap(page(cursor));
    out.push(...data.items);
    cursor = data.next_cursor ?? undefined;
  } while (cursor);
  return out;
}

/** A file the API sent, and the name to save it under. */
export interface ApiFile {
  blob: Blob;
  filename: string;
}

/**
 * A file from a call made with `parseAs: 'blob'`, named as its Content-Disposition says
 * (else `fallbackName`); failures are ApiErrors as with `unwrap`.
 */
export async function unwrapFile(call: Call<Blob>, fallbackName: string): Promise<ApiFile> {
  const { data, response } = await settle(call);
  return { blob: data, filename: attachmentName(response.headers.get('Content-Disposition')) ?? fallbackName };
}

/**
 * The file name in a Content-Disposition header (RFC 6266): `filename*=UTF-8''…` first,
 * then `filename="…"` or `filename=…`. Folders are dropped; null when there is none.
 */
export function attachmentName(header: string | null | undefined): string | null {
  if (!header) return null;
  let name: string | null = null;
  const extended = /(?:^|;)\s*filename\*\s*=\s*([^;]+)/i.exec(header)?.[1]?.trim();
  const ext = extended && /^([\w-]+)'[^']*'(.+)$/.exec(extended);
  if (ext && /^utf-8$/i.test(ext[1]!)) {
    try {
      name = decodeURIComponent(ext[2]!);
    } catch {
      name = null;
    }
  }
  if (!name) {
    const plain = /(?:^|;)\s*filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/i.exec(header);
    name = plain ? (plain[1]?.replace(/\\(.)/g, '$1') ?? plain[2] ?? null) : null;
  }
  const base = name?.split(/[/\\]/).pop()?.trim();
  return base && base !== '.' && base !== '..' ? base : null;
}

export type Urgency = Schemas['Urgency'];
export const URGENCIES: readonly Urgency[] = ['P1', 'P2', 'P3', 'P4'];

/** A fresh key per intake submission, so that a retried POST creates one ticket. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

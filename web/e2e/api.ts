// Direct API calls for the end-to-end tests: work done "elsewhere" (another agent, an
// integration) that the console must show.

import { PASSWORD } from './people';

export async function apiCall<T = unknown>(baseURL: string, path: string, token: string | null, body?: unknown): Promise<T> {
  const res = await fetch(`${baseURL}/api/v1${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json: unknown = await res.json();
  if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
  return json as T;
}

export async function tokenFor(baseURL: string, username: string, password = PASSWORD): Promise<string> {
  return (await apiCall<{ access_token: string }>(baseURL, '/auth/login', null, { username, password })).access_token;
}

export interface CreatedTicket {
  id: string;
  number: string;
}

/** An intake by phone, as an agent (or integration) would record it. */
export function createTicket(baseURL: string, token: string, phone: string, subject: string, name = 'Mr Zhou'): Promise<CreatedTicket> {
  return apiCall(baseURL, '/tickets', token, {
    channel: 'phone',
    kind: 'complaint',
    subject,
    description: `${subject} (created through the API by the end-to-end tests)`,
    customer: { name, phone },
  });
}

/** The id of a seeded department, by name. */
export async function departmentId(baseURL: string, token: string, name: string): Promise<string> {
  const page = await apiCall<{ items: { id: string; name: string }[] }>(baseURL, '/departments?limit=200', token);
  const found = page.items.find((d) => d.name === name);
  if (!found) throw new Error(`no department ${name}`);
  return found.id;
}

/** A dispatch to a department, as an agent would send it. */
export function dispatchTicket(baseURL: string, token: string, ticketId: string, department: string, urgency = 'P3'): Promise<unknown> {
  return apiCall(baseURL, `/tickets/${ticketId}/dispatch`, token, { department_id: department, urgency, note: null });
}

// Seeds the fresh database through the API: two departments and one user per role. The
// admin's password is SWITCHBOARD_ADMIN_PASSWORD (chosen, so it need not be changed).

import type { FullConfig } from '@playwright/test';
import { ADMIN, DEPARTMENTS, PASSWORD, USERS } from './people';

async function call<T>(base: string, path: string, token: string | null, body?: unknown): Promise<T> {
  const res = await fetch(`${base}/api/v1${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json: unknown = await res.json();
  if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
  return json as T;
}

export default async function globalSetup(config: FullConfig) {
  const base = config.projects[0]!.use.baseURL as string;
  for (let i = 0; i < 100; i++) {
    const ok = await fetch(`${base}/healthz`).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const { access_token: token } = await call<{ access_token: string }>(base, '/auth/login', null, ADMIN);
  const ids: Record<string, string> = {};
  for (const [key, name] of Object.entries(DEPARTMENTS)) {
    ids[key] = (await call<{ id: string }>(base, '/departments', token, { name })).id;
  }
  for (const u of Object.values(USERS)) {
    await call<unknown>(base, '/users', token, {
      username: u.username,
      display_name: u.display_name,
      role: u.role,
      department_id: 'department' in u ? ids[u.department] : null,
      password: PASSWORD,
    });
    // A password an admin set must be changed by its user before the console opens
    // (`password_change_required`): each seeded user has done so, keeping the same one.
    const own = await call<{ access_token: string }>(base, '/auth/login', null, { username: u.username, password: PASSWORD });
    await call<unknown>(base, '/auth/password', own.access_token, { current_password: PASSWORD, new_password: PASSWORD });
  }
}

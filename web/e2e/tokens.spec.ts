// API tokens: an admin gives another system a token in the console, shown once; the system
// uses it within its scopes; a revocation stops it at once.

import type { Page } from '@playwright/test';
import { apiCall, tokenFor } from './api';
import { ADMIN, PASSWORD } from './people';
import { expect, shot, signIn, test } from './fixtures';

const BRIDGE = { username: 'crm.bridge', display_name: 'CRM Bridge', role: 'integration' } as const;
const LEGACY = { username: 'legacy.bridge', display_name: 'Legacy Bridge', role: 'integration' } as const;

async function openNewToken(page: Page) {
  await page.getByTestId('new-api-token').click();
  const dialog = page.getByRole('dialog', { name: 'New token' });
  await expect(dialog).toBeVisible();
  return dialog;
}

async function pickUser(page: Page, name: string) {
  await page.getByTestId('token-user').click();
  await page.keyboard.type(name);
  await page.keyboard.press('Enter');
}

test('an admin creates a token, the integration uses it within its scopes, and revoking it stops it', async ({
  page,
  request,
  context,
  baseURL,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await signIn(page, ADMIN.username, ADMIN.password);
  await page.goto('/admin/users');
  await page.getByRole('tab', { name: 'API tokens' }).click();
  await expect(page).toHaveURL(/\/admin\/api-tokens$/);

  // No integration user yet (the seeding creates none): the dialog says so and points to Users.
  let dialog = await openNewToken(page);
  await expect(dialog.getByTestId('no-integration-users')).toContainText('There is no active user with the role “Integration” yet.');
  await expect(dialog.getByRole('button', { name: 'Create token' })).toBeDisabled();
  await dialog.getByRole('link', { name: 'Create one in the Users tab first.' }).click();
  await expect(page).toHaveURL(/\/admin\/users$/);
  await expect(page.getByRole('dialog')).toHaveCount(0);

  // The integration user, created elsewhere (through the API).
  const admin = await tokenFor(baseURL!, ADMIN.username, ADMIN.password);
  await apiCall(baseURL!, '/users', admin, { ...BRIDGE, department_id: null, password: PASSWORD });
  await page.goto('/admin/api-tokens');
  await expect(page.getByTestId('api-tokens-table')).toBeVisible();

  dialog = await openNewToken(page);
  await expect(dialog.getByTestId('no-integration-users')).toHaveCount(0);
  await pickUser(page, 'CRM');
  await dialog.getByLabel('Name').fill('CRM sync');
  // At least one scope, each explained in one line.
  await dialog.getByRole('button', { name: 'Create token' }).click();
  await expect(dialog.getByText('Choose at least one scope.')).toBeVisible();
  await expect(dialog.getByRole('checkbox', { name: /answers:read/ })).toBeVisible();
  await expect(dialog.getByText('Record contacts and act on tickets, as far as the integration role allows.')).toBeVisible();
  await dialog.getByRole('checkbox', { name: /tickets:read/ }).check();
  await dialog.getByRole('checkbox', { name: /tickets:write/ }).check();
  await dialog.getByLabel('Expires (optional)').click();
  await page.getByText('In 90 days').click();
  await expect(dialog.getByLabel('Expires (optional)')).toHaveValue(/^\d{4}-\d{2}-\d{2}$/);
  await shot(page, 'admin-api-token-new');
  await dialog.getByRole('button', { name: 'Create token' }).click();

  // The secret, once, with a warning and a copy button.
  const shown = page.getByRole('dialog', { name: 'Token “CRM sync” created' });
  await expect(shown).toBeVisible();
  await expect(shown).toContainText('it will not be shown again');
  const secret = (await shown.getByTestId('api-token-secret').textContent())!.trim();
  expect(secret).toMatch(/^sbt_\S{20,}$/);
  await shown.getByRole('button', { name: /Copy/ }).click();
  await expect(shown.getByRole('button', { name: 'Copied', exact: true })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
  await shot(page, 'admin-api-token-secret');
  await shown.getByRole('button', { name: 'I have copied it' }).click();
  await expect(shown).toHaveCount(0);
  // Gone from the page: the list shows only the token's first characters.
  expect(await page.content()).not.toContain(secret);
  const row = page.getByTestId('api-tokens-table').getByRole('row').filter({ hasText: 'CRM sync' });
  await expect(row.getByTestId('token-start')).toHaveText(`${secret.slice(0, 8)}…`);
  await expect(row).toContainText('CRM Bridge');
  await expect(row).toContainText('tickets:read');
  await expect(row).toContainText('tickets:write');
  await expect(row).not.toContainText('answers:read');
  await expect(row.locator('[data-token-status="active"]')).toHaveText('Active');
  await expect(row.getByTestId('token-last-used')).toHaveText('Not yet');

  // The other system uses it: it may record a contact, not read the users.
  const bearer = { authorization: `Bearer ${secret}` };
  const created = await request.post('/api/v1/tickets', {
    headers: bearer,
    data: {
      channel: 'web',
      kind: 'inquiry',
      subject: 'Asked through the CRM',
      description: 'Recorded by an integration with its API token.',
      customer: { name: 'Ms Qian', phone: '13500002001' },
    },
  });
  expect(created.status()).toBe(201);
  expect((await request.get('/api/v1/users', { headers: bearer })).status()).toBe(403);
  await page.reload();
  await expect(row.getByTestId('token-last-used')).not.toHaveText('Not yet');

  // Revoked in the console, refused at once.
  await row.getByRole('button', { name: 'Revoke' }).click();
  const confirm = page.locator('.ant-popconfirm');
  await expect(confirm).toContainText('Revoke “CRM sync”?');
  await confirm.getByRole('button', { name: 'Revoke' }).click();
  await expect(page.getByText('Token revoked.')).toBeVisible();
  await expect(row.locator('[data-token-status="revoked"]')).toHaveText('Revoked');
  await expect(row.getByRole('button', { name: 'Revoke' })).toHaveCount(0);
  expect((await request.get('/api/v1/tickets', { headers: bearer })).status()).toBe(401);
  await shot(page, 'admin-api-tokens');
});

test.describe('a refused token', () => {
  // The API's 422 is expected here; the browser logs it.
  test.use({ expectHttpErrors: ['/api/v1/api-tokens'] });

  test('shows the API’s field errors under the form’s fields', async ({ page, request, baseURL }) => {
    const admin = await tokenFor(baseURL!, ADMIN.username, ADMIN.password);
    const legacy = await apiCall<{ id: string }>(baseURL!, '/users', admin, { ...LEGACY, department_id: null, password: PASSWORD });
    await signIn(page, ADMIN.username, ADMIN.password);
    await page.goto('/admin/api-tokens');
    const dialog = await openNewToken(page);
    await pickUser(page, 'Legacy');
    await dialog.getByLabel('Name').fill('Old portal');
    await dialog.getByRole('checkbox', { name: /answers:read/ }).check();

    // Deactivated meanwhile, by someone else: the API refuses, and says which field.
    const off = await request.patch(`/api/v1/users/${legacy.id}`, { headers: { authorization: `Bearer ${admin}` }, data: { active: false } });
    expect(off.ok()).toBe(true);
    await dialog.getByRole('button', { name: 'Create token' }).click();
    await expect(dialog.locator('.ant-form-item-explain-error')).toHaveText('Tokens are for active users with the Integration role.');
    await expect(dialog.locator('.ant-alert-error')).toContainText('Some fields are not valid.');
    await expect(page.getByRole('dialog', { name: /created/ })).toHaveCount(0);
  });
});

// A password an administrator set must be changed by its user at first sign-in: the
// console shows only that screen until it is done.

import { apiCall, tokenFor } from './api';
import { ADMIN, PASSWORD } from './people';
import { expect, test } from './fixtures';

test('a new user chooses their own password before anything else', async ({ page, baseURL }) => {
  const admin = await tokenFor(baseURL!, ADMIN.username, ADMIN.password);
  const username = `agent.new${Date.now() % 100000}`;
  await apiCall(baseURL!, '/users', admin, { username, display_name: 'Xu New', role: 'agent', department_id: null, password: PASSWORD });

  await page.goto('/queue');
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(PASSWORD);
  await page.locator('#password').press('Enter');
  await expect(page.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
  // Nothing else of the console: no menu, no queue.
  await expect(page.getByRole('menuitem')).toHaveCount(0);
  await expect(page.getByTestId('queue-table')).toHaveCount(0);

  await page.getByLabel('Current password').fill(PASSWORD);
  await page.getByLabel('New password', { exact: true }).fill('harbour-lantern-63');
  await page.getByLabel('New password again').fill('harbour-lantern-36');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByText('The two new passwords differ.')).toBeVisible();
  await page.getByLabel('New password again').fill('harbour-lantern-63');
  await page.getByRole('button', { name: 'Change password' }).click();

  await expect(page.getByTestId('queue-table')).toBeVisible();
  await expect(page.getByTestId('current-user')).toContainText('Xu New');
  const me = await apiCall<{ password_change_required: boolean }>(baseURL!, '/auth/me', await tokenFor(baseURL!, username, 'harbour-lantern-63'));
  expect(me.password_change_required).toBe(false);
});

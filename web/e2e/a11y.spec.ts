// Accessibility: axe-core on every main screen, as the people who use each one, in English
// and in Chinese: no serious or critical violation.

import { createTicket, departmentId, dispatchTicket, tokenFor } from './api';
import { ADMIN, DEPARTMENTS, USERS } from './people';
import { expect, expectAccessible, signIn, signOut, test } from './fixtures';

for (const locale of ['en-US', 'zh-CN'] as const) {
  test.describe(`accessibility (${locale})`, () => {
    test.use({ expectHttpErrors: ['/api/v1/customers/lookup'] });
    test.beforeEach(async ({ page }) => {
      await page.addInitScript((l) => localStorage.setItem('sb.locale', l), locale);
    });

    test('the call center’s, the department’s, the supervisor’s and the admin’s screens', async ({ page, baseURL }) => {
      test.setTimeout(180_000);
      const agent = await tokenFor(baseURL!, USERS.agent.username);
      const water = await departmentId(baseURL!, agent, DEPARTMENTS.water);
      const tk = await createTicket(baseURL!, agent, '13900009001', `Broken gate at the car park (${locale})`);
      await dispatchTicket(baseURL!, agent, tk.id, water, 'P2');

      await signIn(page, USERS.agent.username);
      for (const path of ['/intake', '/queue', '/callbacks', '/handovers', '/answers', `/tickets/${tk.id}`]) {
        await page.goto(path);
        await expect(page.locator('main')).not.toBeEmpty();
        await page.waitForTimeout(800); // the live stream keeps a request open: no "network idle"
        await expectAccessible(page, `${path} (${locale}, agent)`);
      }
      await signOut(page);

      await signIn(page, USERS.staff.username);
      for (const path of ['/inbox', `/tickets/${tk.id}`, '/dashboard']) {
        await page.goto(path);
        await page.waitForTimeout(800); // the live stream keeps a request open: no "network idle"
        await expectAccessible(page, `${path} (${locale}, department staff)`);
      }
      await signOut(page);

      await signIn(page, USERS.supervisor.username);
      await page.goto('/dashboard');
      await page.waitForTimeout(800); // the live stream keeps a request open: no "network idle"
      await expectAccessible(page, `/dashboard (${locale}, supervisor)`);
      await signOut(page);

      await signIn(page, ADMIN.username, ADMIN.password);
      for (const tab of ['users', 'departments', 'sla-policy', 'root-causes', 'api-tokens', 'webhooks']) {
        await page.goto(`/admin/${tab}`);
        await page.waitForTimeout(800); // the live stream keeps a request open: no "network idle"
        await expectAccessible(page, `/admin/${tab} (${locale})`);
      }
    });

    test('the sign-in page', async ({ page }) => {
      await page.goto('/login');
      await expectAccessible(page, `/login (${locale})`);
    });
  });
}

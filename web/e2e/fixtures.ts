// Shared steps of the end-to-end tests, and a guard that fails a test on any browser
// console error or uncaught exception, except HTTP statuses the test expects.

import { test as base, expect, type Page } from '@playwright/test';
import { PASSWORD } from './people';

export const SHOTS = 'test-results/screenshots';

interface Fixtures {
  /** URL fragments of requests whose 4xx status this test expects (the browser logs them). */
  expectHttpErrors: string[];
  consoleGuard: void;
}

export const test = base.extend<Fixtures>({
  expectHttpErrors: [[], { option: true }],
  consoleGuard: [
    async ({ page, expectHttpErrors }, use) => {
      const problems: string[] = [];
      page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
      page.on('console', (msg) => {
        if (msg.type() !== 'error') return;
        const url = msg.location().url ?? '';
        const expected =
          /Failed to load resource: the server responded with a status of 4\d\d/.test(msg.text()) &&
          expectHttpErrors.some((fragment) => url.includes(fragment));
        if (!expected) problems.push(`console: ${msg.text()} (${url})`);
      });
      await use();
      expect(problems, 'browser console errors').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

export async function signIn(page: Page, username: string, password = PASSWORD) {
  await page.goto('/login');
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.locator('#password').press('Enter');
  await expect(page.getByTestId('current-user')).toBeVisible();
}

export async function signOut(page: Page) {
  await page.getByRole('button', { name: /Sign out|退出登录/ }).click();
  await expect(page).toHaveURL(/\/login/);
}

/** A screenshot once antd's fade-in transitions have settled. */
export async function shot(page: Page, name: string, fullPage = false) {
  await page.waitForTimeout(400);
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage });
}

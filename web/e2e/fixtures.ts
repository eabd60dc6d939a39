// Shared steps of the end-to-end tests, and a guard that fails a test on any browser
// console error or uncaught exception, except HTTP statuses the test expects.

import AxeBuilder from '@axe-core/playwright';
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

/**
 * axe-core on the page as it stands (WCAG 2.1 A/AA rules): fails on any serious or critical
 * violation, listing each rule with the elements it found.
 */
export async function expectAccessible(page: Page, screen: string) {
  await page.waitForTimeout(300); // antd's fade-ins: check the settled page
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join(' | ')}`);
  expect.soft(bad, `accessibility of ${screen}`).toEqual([]);
}

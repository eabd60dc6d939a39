// The console on a phone (390×844): the menu in a drawer, the language switch and sign-out
// in reach, tickets as cards, the ticket's actions on screen, and no page wider than the
// screen.

import type { Page } from '@playwright/test';
import { createTicket, departmentId, dispatchTicket, tokenFor } from './api';
import { DEPARTMENTS, USERS } from './people';
import { expect, shot, signIn, test } from './fixtures';

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

async function expectNoSidewaysScroll(page: Page, what: string) {
  await page.waitForTimeout(300);
  const { scrollWidth, clientWidth, wide } = await page.evaluate(() => {
    const clientWidth = document.scrollingElement!.clientWidth;
    // The outermost elements that stick out, to say what to fix.
    const wide = [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > clientWidth + 1)
      .filter((el) => !(el.parentElement && el.parentElement.getBoundingClientRect().right > clientWidth + 1))
      .slice(0, 3)
      .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`);
    return { scrollWidth: document.scrollingElement!.scrollWidth, clientWidth, wide };
  });
  expect(scrollWidth, `${what}: page width (${wide.join(', ')})`).toBeLessThanOrEqual(clientWidth);
}

async function go(page: Page, menuItem: RegExp) {
  await page.getByTestId('nav-open').click();
  await page.getByTestId('nav-drawer').getByRole('menuitem', { name: menuItem }).click();
  await expect(page.getByTestId('nav-drawer')).toBeHidden();
}

for (const locale of ['en-US', 'zh-CN'] as const) {
  test.describe(`on a phone (${locale})`, () => {
    test.use({ locale });
    // New callers at intake: the lookup answers 404, which the browser logs.
    test.use({ expectHttpErrors: ['/api/v1/customers/lookup'] });

    test('an agent and department staff work the main screens', async ({ page, baseURL }) => {
      const agent = await tokenFor(baseURL!, USERS.agent.username);
      const tk = await createTicket(baseURL!, agent, '13566660006', 'Rubbish not collected on Orchard Lane for three days');
      await dispatchTicket(baseURL!, agent, tk.id, await departmentId(baseURL!, agent, DEPARTMENTS.water), 'P2');
      const tag = locale === 'zh-CN' ? 'zh' : 'en';

      await signIn(page, USERS.agent.username);
      // The header: language switch and sign-out on screen.
      const lang = page.getByRole('radiogroup').first();
      for (const el of [lang, page.getByRole('button', { name: /Sign out|退出登录/ })]) {
        const box = (await el.boundingBox())!;
        expect(box.x + box.width).toBeLessThanOrEqual(390);
      }

      await go(page, /Queue|工单队列/);
      const card = page.getByTestId('ticket-card').filter({ hasText: tk.number });
      await expect(card).toBeVisible();
      await expectNoSidewaysScroll(page, 'queue');
      await shot(page, `mobile-queue-${tag}`);

      await go(page, /Intake|受理/);
      await expect(page.getByTestId('intake-phone')).toBeVisible();
      await expectNoSidewaysScroll(page, 'intake');
      await shot(page, `mobile-intake-${tag}`);

      await go(page, /Callbacks|回访/);
      await expectNoSidewaysScroll(page, 'callbacks');

      await page.getByTestId('nav-open').click();
      await shot(page, `mobile-menu-${tag}`);
      await page.getByTestId('nav-drawer').getByRole('menuitem', { name: /Queue|工单队列/ }).click();
      await card.getByRole('link', { name: tk.number }).click();
      await expect(page.getByTestId('ticket-number')).toHaveText(tk.number);
      await expect(page.getByTestId('ticket-actions')).toBeVisible();
      await shot(page, `mobile-ticket-${tag}`, true);
      await expectNoSidewaysScroll(page, 'ticket');

      // Department staff: the inbox as cards, and the ticket's actions in reach.
      await page.getByRole('button', { name: /Sign out|退出登录/ }).click();
      await signIn(page, USERS.staff.username);
      await page.goto('/inbox');
      const staffCard = page.getByTestId('ticket-card').filter({ hasText: tk.number });
      await expect(staffCard).toBeVisible();
      await expectNoSidewaysScroll(page, 'inbox');
      await shot(page, `mobile-inbox-${tag}`);
      await staffCard.getByRole('link', { name: tk.number }).click();
      const accept = page.getByTestId('ticket-actions').locator('[data-action="accept"]');
      await expect(accept).toBeVisible();
      const box = (await accept.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(390);
      await expectNoSidewaysScroll(page, 'ticket (staff)');
    });
  });
}

test.describe('on a small phone (360×740)', () => {
  test.use({ viewport: { width: 360, height: 740 }, expectHttpErrors: ['/api/v1/customers/lookup'] });

  test('no main screen scrolls sideways', async ({ page }) => {
    await signIn(page, USERS.supervisor.username);
    for (const path of ['/queue', '/intake', '/callbacks', '/handovers', '/answers', '/dashboard']) {
      await page.goto(path);
      await expect(page.getByTestId('nav-open')).toBeVisible();
      await expect(page.locator('.ant-card').first()).toBeVisible();
      await page.waitForTimeout(700);
      await expectNoSidewaysScroll(page, path);
    }
  });
});

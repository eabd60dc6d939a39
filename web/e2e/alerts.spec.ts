// Department staff are alerted: a P1 dispatched to them and an urge on their ticket count
// in the tab's title while they are elsewhere, until they look at their inbox; the rows and
// cards show urged, escalated and late tickets with the reason on hover, in both languages.

import { apiCall, createTicket, departmentId, dispatchTicket, tokenFor } from './api';
import { DEPARTMENTS, USERS } from './people';
import { expect, shot, signIn, test } from './fixtures';

test('a P1 dispatch and an urge count in the title until the inbox is looked at', async ({ page, baseURL }) => {
  const agent = await tokenFor(baseURL!, USERS.agent.username);
  const supervisor = await tokenFor(baseURL!, USERS.supervisor.username);
  const water = await departmentId(baseURL!, agent, DEPARTMENTS.water);
  const earlier = await createTicket(baseURL!, agent, '13900007001', 'Leaking meter in the stairwell');
  await dispatchTicket(baseURL!, agent, earlier.id, water, 'P3');

  await signIn(page, USERS.staff.username);
  await page.goto(`/tickets/${earlier.id}`);
  await expect(page.getByTestId('ticket-number')).toHaveText(earlier.number);
  await expect(page).toHaveTitle('Switchboard');
  // The ticket page has no "live" tag: give the stream a moment to open before the changes.
  await page.waitForTimeout(1500);

  const urgent = await createTicket(baseURL!, agent, '13900007002', 'Burst main flooding the car park');
  await dispatchTicket(baseURL!, agent, urgent.id, water, 'P1');
  await expect(page).toHaveTitle('(1) Switchboard');
  await expect(page.locator('.ant-notification')).toContainText(`New P1 ticket ${urgent.number}`);

  await apiCall(baseURL!, `/tickets/${earlier.id}/urge`, supervisor, { note: 'The customer called twice' });
  await expect(page).toHaveTitle('(2) Switchboard');

  await page.getByRole('menuitem', { name: 'Inbox' }).click();
  await expect(page).toHaveTitle('Switchboard');

  // The urged ticket's row says so: an icon and the count, the words on hover.
  const row = page.getByRole('row').filter({ hasText: earlier.number });
  const urged = row.locator('[data-alert="urged"]');
  await expect(urged).toHaveText('1');
  await urged.hover();
  await expect(page.getByRole('tooltip').filter({ hasText: 'Urged or under supervision order 1×' })).toBeVisible();
  await shot(page, 'inbox-alerts');
});

test('escalated and late tickets are marked on rows and on phone cards, in both languages', async ({ page, baseURL }) => {
  const agent = await tokenFor(baseURL!, USERS.agent.username);
  const water = await departmentId(baseURL!, agent, DEPARTMENTS.water);
  const late = await createTicket(baseURL!, agent, '13900007003', 'No water since morning');
  await dispatchTicket(baseURL!, agent, late.id, water, 'P2');
  // A breach takes 15 minutes at the least: the list as the API sends it for an escalated,
  // late ticket (the fields are the API's own, set here on the response).
  await page.route('**/api/v1/tickets?*', async (route) => {
    const res = await route.fetch();
    const body = (await res.json()) as { items: { id: string }[] };
    for (const tk of body.items) if (tk.id === late.id) Object.assign(tk, { escalation_level: 2, breached: true, at_risk: false });
    await route.fulfill({ response: res, json: body });
  });

  await signIn(page, USERS.agent.username);
  await page.goto('/queue');
  const row = page.getByRole('row').filter({ hasText: late.number });
  await expect(row.locator('[data-alert="breached"]')).toBeVisible();
  await expect(row.locator('[data-alert="escalated"]')).toHaveText('2');
  await row.locator('[data-alert="escalated"]').hover();
  await expect(page.getByRole('tooltip').filter({ hasText: 'Escalated 2×' })).toBeVisible();

  await page.setViewportSize({ width: 390, height: 844 });
  const card = page.getByTestId('ticket-card').filter({ hasText: late.number });
  await expect(card.locator('[data-alert="escalated"]')).toHaveText('Esc. 2');
  await expect(card.locator('[data-alert="breached"]')).toHaveText('Late');
  await shot(page, 'queue-alerts-390-en');

  await page.evaluate(() => localStorage.setItem('sb.locale', 'zh-CN'));
  await page.reload();
  await expect(card.locator('[data-alert="escalated"]')).toHaveText('升级2');
  await expect(card.locator('[data-alert="breached"]')).toHaveText('超时');
  await shot(page, 'queue-alerts-390-zh');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);
});

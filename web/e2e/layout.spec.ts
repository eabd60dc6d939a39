// The lists a busy agent reads all shift: one line a ticket, so that a 1280×800 screen shows
// 15 tickets and more, with a subject that can be read (in full on hover); closed and merged
// tickets only when asked for.

import { apiCall, createTicket, departmentId, dispatchTicket, tokenFor } from './api';
import { DEPARTMENTS, USERS } from './people';
import { expect, shot, signIn, signOut, test } from './fixtures';

const LONG = 'Water pressure in the whole of Block 12 drops to nothing every evening between 18:00 and 21:00 since the pump was replaced';

test('the queue and the inbox show at least 15 readable rows at 1280×800', async ({ page, baseURL }) => {
  const agent = await tokenFor(baseURL!, USERS.agent.username);
  const water = await departmentId(baseURL!, agent, DEPARTMENTS.water);
  // A category-1 incident with a long subject, and enough tickets to fill the screen.
  const incident = await apiCall<{ id: string; number: string }>(baseURL!, '/tickets', agent, {
    channel: 'phone',
    kind: 'complaint',
    subject: LONG,
    description: 'Residents on the top floors have no water at all.',
    customer: { name: 'Mr Long', phone: '13577770000' },
    incident: true,
  });
  await dispatchTicket(baseURL!, agent, incident.id, water, 'P1');
  for (let i = 1; i <= 18; i++) {
    const tk = await createTicket(baseURL!, agent, `135777700${String(i).padStart(2, '0')}`, `Queue density ${i}: ${LONG.slice(0, 40 + i)}`);
    if (i <= 16) await dispatchTicket(baseURL!, agent, tk.id, water, `P${(i % 4) + 1}`);
  }

  await signIn(page, USERS.agent.username);
  await page.goto('/queue');
  const table = page.getByTestId('queue-table');
  const rows = table.locator('tbody tr.ant-table-row');
  await expect(rows.nth(15)).toBeVisible();
  const heights = await rows.evaluateAll((trs) => trs.map((tr) => tr.getBoundingClientRect().height));
  expect(Math.max(...heights), 'row height').toBeLessThanOrEqual(40);
  const inView = await rows.evaluateAll((trs) => trs.filter((tr) => tr.getBoundingClientRect().bottom <= window.innerHeight).length);
  expect(inView, 'rows visible without scrolling').toBeGreaterThanOrEqual(15);

  // The subject has room, the incident flag does not push it out, and hover shows it whole.
  const row = rows.filter({ hasText: incident.number });
  await expect(row.locator('[data-flag="incident"]')).toBeVisible();
  const subject = row.getByTestId('ticket-subject');
  expect((await subject.boundingBox())!.width, 'subject width').toBeGreaterThanOrEqual(260);
  await subject.hover();
  await expect(page.getByRole('tooltip').filter({ hasText: LONG })).toBeVisible();
  await shot(page, 'queue-dense');

  // The department's inbox, as dense.
  await signOut(page);
  await signIn(page, USERS.staff.username);
  await page.goto('/inbox');
  const pile = page.getByRole('tabpanel').locator('tbody tr.ant-table-row');
  await expect(pile.nth(15)).toBeVisible();
  const inInbox = await pile.evaluateAll((trs) => trs.filter((tr) => tr.getBoundingClientRect().bottom <= window.innerHeight).length);
  expect(inInbox, 'inbox rows visible without scrolling').toBeGreaterThanOrEqual(15);
  await shot(page, 'inbox-dense');
});

test('closed and merged tickets stay out of the queue unless asked for', async ({ page, baseURL }) => {
  const agent = await tokenFor(baseURL!, USERS.agent.username);
  const main = await createTicket(baseURL!, agent, '13588880001', 'Gate barrier broken');
  const dup = await createTicket(baseURL!, agent, '13588880001', 'Gate barrier broken again');
  await apiCall(baseURL!, `/tickets/${dup.id}/merge`, agent, { into: main.id });

  await signIn(page, USERS.agent.username);
  await page.goto('/queue');
  const table = page.getByTestId('queue-table');
  await expect(table.getByRole('link', { name: main.number })).toBeVisible();
  await expect(table.getByRole('link', { name: dup.number })).toHaveCount(0);
  await expect(table.locator('[data-status="merged"], [data-status="closed"]')).toHaveCount(0);

  await page.getByTestId('queue-finished').click();
  await expect(page).toHaveURL(/finished=1/);
  await expect(table.getByRole('link', { name: dup.number })).toBeVisible();
  await expect(table.getByRole('row').filter({ hasText: dup.number }).locator('[data-status="merged"]')).toBeVisible();
});

test.describe('in Chinese', () => {
  test.use({ locale: 'zh-CN' });

  test('the queue at 1280×800', async ({ page }) => {
    await signIn(page, USERS.agent.username);
    await page.goto('/queue');
    await expect(page.getByTestId('queue-table').locator('tbody tr.ant-table-row').nth(15)).toBeVisible();
    await shot(page, 'queue-dense-zh');
  });
});

// Queue work like a help desk: saved views per user, keyboard navigation (j / k / Enter,
// `/`, `?`) and a supervisor's bulk urge (催办), with a refusal reported by its reason, and re-dispatch.

import { apiCall, createTicket, departmentId, dispatchTicket, tokenFor } from './api';
import { ADMIN, DEPARTMENTS, USERS } from './people';
import { expect, shot, signIn, test } from './fixtures';

// The refused urge answers 409, which the browser logs.
test.use({ expectHttpErrors: ['/urge'] });

test('saved views, keyboard navigation, a bulk urge and a bulk re-dispatch in the queue', async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const agent = await tokenFor(baseURL!, USERS.agent.username);
  const staff = await tokenFor(baseURL!, USERS.staff.username);
  const water = await departmentId(baseURL!, agent, DEPARTMENTS.water);
  const tag = `bulk-${Date.now()}`;
  // A department of this test's own, so the other specs' per-department figures stay theirs.
  const admin = await tokenFor(baseURL!, ADMIN.username, ADMIN.password);
  const gardens = `Gardens ${tag}`;
  await apiCall(baseURL!, '/departments', admin, { name: gardens });
  const [a, b, c] = [
    await createTicket(baseURL!, agent, '13900000101', `${tag} A leaking pipe`),
    await createTicket(baseURL!, agent, '13900000102', `${tag} B no water`),
    await createTicket(baseURL!, agent, '13900000103', `${tag} C not dispatched`),
  ];
  await dispatchTicket(baseURL!, agent, a.id, water, 'P2');
  await dispatchTicket(baseURL!, agent, b.id, water, 'P2');

  await signIn(page, USERS.supervisor.username);
  await page.goto('/queue');
  const table = page.getByTestId('queue-table');
  await expect(table).toBeVisible();

  // `/` goes to the search box; typing there is not a shortcut.
  await page.locator('body').press('/');
  const search = page.getByLabel('Number, phone or text');
  await expect(search).toBeFocused();
  await search.fill(tag);
  await search.press('Enter');
  await expect(table.locator('[data-ticket]')).toHaveCount(3);
  await expect(page).toHaveURL(/q=bulk-/);

  // Save the filters as a view; another filter; the view brings them back in one click.
  await page.getByTestId('save-view').click();
  await page.getByRole('dialog').getByLabel('Name').fill('My bulk tickets');
  await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
  const view = page.getByTestId('saved-views').locator('[data-view="My bulk tickets"]');
  await expect(view).toBeVisible();
  await page.goto('/queue?urgency=P1');
  await view.getByRole('button', { name: 'My bulk tickets', exact: true }).click();
  await expect(page).toHaveURL(/q=bulk-/);
  await expect(table.locator('[data-ticket]')).toHaveCount(3);
  // Kept across a reload, for this user.
  await page.reload();
  await expect(view).toBeVisible();

  // j / k move the highlight (not while typing), Enter opens the highlighted ticket.
  // Out of the search box: single keys are shortcuts again.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await page.keyboard.press('k');
  const first = table.locator('[data-row-index="0"]');
  await expect(first).toHaveAttribute('data-highlighted', 'true');
  const number = await first.getAttribute('data-ticket');

  // `?` lists every shortcut.
  await page.keyboard.press('?');
  const help = page.getByTestId('shortcuts-help');
  await expect(help).toContainText('Highlight the next ticket');
  await expect(help).toContainText('Ctrl');
  await expect(help).toContainText('Alt');
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();

  const queueUrl = page.url();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/tickets\//);
  await expect(page.getByText(number!).first()).toBeVisible();
  await page.goto(queueUrl);
  await expect(table.locator('[data-ticket]')).toHaveCount(3);

  // Bulk urge: only the dispatched tickets can be picked.
  await page.getByTestId('bulk-urge').click();
  await expect(table.getByRole('checkbox', { name: c.number })).toBeDisabled();
  await table.getByRole('checkbox', { name: a.number }).check();
  await table.getByRole('checkbox', { name: b.number }).check();
  await expect(page.getByTestId('bulk-count')).toHaveText('2 picked');
  await shot(page, 'queue-bulk');
  await page.getByTestId('bulk-go').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('What to tell the department').fill('Customer called twice, please call back now');
  // Meanwhile the department returns B: its urge is refused, with the reason in words.
  await apiCall(baseURL!, `/tickets/${b.id}/return`, staff, { reason: 'Not ours: the pipe is private' });
  await dialog.getByRole('button', { name: 'Urge 2' }).click();
  const result = page.getByTestId('bulk-result');
  await expect(result).toContainText('1 done, 1 refused');
  await expect(result).toContainText(a.number);
  await expect(result.locator(`[data-refused="${b.number}"]`)).toContainText('not possible in the ticket’s current state');
  await shot(page, 'queue-bulk-result');
  await page.getByRole('dialog').getByRole('button', { name: 'Close', exact: true }).last().click();

  const events = await apiCall<{ items: { kind: string }[] }>(baseURL!, `/tickets/${a.id}/events`, agent);
  expect(events.items.some((e) => e.kind === 'urged')).toBe(true);

  // Bulk re-dispatch: C, still with the call center, to another department at P1.
  await page.getByTestId('bulk-dispatch').click();
  await table.getByRole('checkbox', { name: c.number }).check();
  await page.getByTestId('bulk-go').click();
  const redispatch = page.getByRole('dialog');
  await redispatch.getByRole('combobox', { name: 'Department' }).click();
  await page.locator('.ant-select-item-option').filter({ hasText: gardens }).click();
  await redispatch.getByRole('combobox', { name: 'Tier' }).click();
  await page.locator('.ant-select-item-option').filter({ hasText: 'P1' }).first().click();
  await redispatch.getByRole('button', { name: 'Re-dispatch 1' }).click();
  await expect(page.getByTestId('bulk-result')).toContainText('1 done, 0 refused');
  await page.getByRole('dialog').getByRole('button', { name: 'Close', exact: true }).last().click();
  const moved = await apiCall<{ status: string; urgency: string; department_name: string }>(baseURL!, `/tickets/${c.id}`, agent);
  expect([moved.status, moved.urgency, moved.department_name]).toEqual(['dispatched', 'P1', gardens]);

  // Deleted views are gone.
  await view.getByLabel('Delete the view “My bulk tickets”').click();
  await expect(view).toHaveCount(0);
});

for (const locale of ['en-US', 'zh-CN'] as const) {
  test.describe(`the queue's new controls (${locale})`, () => {
    test.use({ locale });

    test('fit at 1280 and at 390 px, without sideways scroll on the phone', async ({ page, baseURL }) => {
      const agent = await tokenFor(baseURL!, USERS.agent.username);
      const water = await departmentId(baseURL!, agent, DEPARTMENTS.water);
      const tk = await createTicket(baseURL!, agent, '13900000201', `fit-${locale} Broken street light on Elm Road`);
      await dispatchTicket(baseURL!, agent, tk.id, water, 'P3');
      const tag = locale === 'zh-CN' ? 'zh' : 'en';

      await page.setViewportSize({ width: 1280, height: 800 });
      await signIn(page, USERS.supervisor.username);
      await page.goto('/queue?urgency=P3');
      await expect(page.getByTestId('queue-table')).toBeVisible();
      await page.getByTestId('save-view').click();
      await page.getByRole('dialog').locator('input').fill(locale === 'zh-CN' ? 'P3 待跟进' : 'P3 to follow');
      await page.getByRole('dialog').getByRole('button', { name: /Save|保存/ }).click();
      await expect(page.getByTestId('saved-views').locator('[data-view]')).toHaveCount(1);
      await page.getByTestId('bulk-urge').click();
      await page.getByTestId('queue-table').getByRole('checkbox', { name: tk.number }).check();
      await shot(page, `queue-controls-1280-${tag}`);

      await page.setViewportSize({ width: 390, height: 844 });
      const card = page.getByTestId('ticket-card').filter({ hasText: tk.number });
      await expect(card).toBeVisible();
      await expect(card.getByRole('checkbox', { name: tk.number })).toBeChecked();
      await page.waitForTimeout(300);
      const { scrollWidth, clientWidth } = await page.evaluate(() => ({
        scrollWidth: document.scrollingElement!.scrollWidth,
        clientWidth: document.scrollingElement!.clientWidth,
      }));
      expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
      await shot(page, `queue-controls-390-${tag}`);
    });
  });
}

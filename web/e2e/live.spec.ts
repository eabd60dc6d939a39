// Duplicates merged from the ticket screen, a supervisor's urge and supervision order on the
// timeline (the order with its clock), and live updates: a ticket created elsewhere appears in an open queue without
// a reload, long before the fallback poll (60 s) would bring it.

import { apiCall, createTicket, tokenFor } from './api';
import { DEPARTMENTS, USERS } from './people';
import { expect, shot, signIn, test } from './fixtures';

test('an agent merges duplicates into the main ticket, which counts them', async ({ page, baseURL }) => {
  const token = await tokenFor(baseURL!, USERS.agent.username);
  const main = await createTicket(baseURL!, token, '13900001111', 'Pump room noise at night');
  const again = await createTicket(baseURL!, token, '13900001111', 'Pump room noise again');
  const neighbour = await createTicket(baseURL!, token, '13900002222', 'Noise from the pump room', 'Ms Sun');

  await signIn(page, USERS.agent.username);

  // From the duplicates list: the same caller's other ticket is offered as the main ticket.
  await page.goto(`/tickets/${again.id}`);
  const duplicates = page.getByTestId('ticket-duplicates');
  await expect(duplicates).toContainText(main.number);
  await shot(page, 'ticket-duplicates', true);
  await duplicates.locator(`[data-merge-into="${main.number}"]`).click();
  await expect(page.getByTestId('merge-confirm')).toContainText(`${again.number} will be merged into ${main.number}`);
  await page.getByTestId('merge-submit').click();
  await expect(page.getByTestId('ticket-number')).toHaveText(main.number);
  await expect(page.getByTestId('repeat-counts')).toHaveText('Repeated complaint: 1 complainant(s) / 2 contact(s)');
  await expect(page.getByTestId('ticket-history')).toContainText(`Duplicate ${again.number} merged in`);

  // By number: another caller's ticket on the same matter.
  await page.goto(`/tickets/${neighbour.id}`);
  await page.getByTestId('ticket-actions').getByRole('button', { name: 'Merge as duplicate' }).click();
  await page.getByTestId('merge-search').locator('input').fill(main.number);
  await page.getByTestId('merge-search').locator('input').press('Enter');
  await expect(page.getByTestId('merge-confirm')).toContainText(main.number);
  await page.getByTestId('merge-submit').click();
  await expect(page.getByTestId('ticket-number')).toHaveText(main.number);
  await expect(page.getByTestId('repeat-counts')).toHaveText('Repeated complaint: 2 complainant(s) / 3 contact(s)');
  await shot(page, 'ticket-merged-main', true);

  // The duplicate is kept, merged, and links to its main ticket by number.
  await page.goto(`/tickets/${again.id}`);
  await expect(page.locator('[data-status="merged"]').first()).toBeVisible();
  await page.getByTestId('duplicate-of').click();
  await expect(page.getByTestId('ticket-number')).toHaveText(main.number);
});

test('a supervisor urges a dispatched ticket and issues a supervision order', async ({ page, baseURL }) => {
  const token = await tokenFor(baseURL!, USERS.agent.username);
  const ticket = await createTicket(baseURL!, token, '13900003333', 'No hot water in building 5');
  const depts = await apiCall<{ items: { id: string; name: string }[] }>(baseURL!, '/departments', token);
  const water = depts.items.find((d) => d.name === DEPARTMENTS.water)!;
  await apiCall(baseURL!, `/tickets/${ticket.id}/dispatch`, token, { department_id: water.id, urgency: 'P2', note: null });

  await signIn(page, USERS.supervisor.username);
  await page.goto(`/tickets/${ticket.id}`);
  const actions = page.getByTestId('ticket-actions');
  await actions.getByRole('button', { name: 'Urge', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('What to tell the department').fill('Residents have waited since morning: call them now.');
  await page.getByTestId('action-submit').click();
  await expect(dialog).toBeHidden();
  const history = page.getByTestId('ticket-history');
  await expect(history.locator('[data-event-kind="urged"]')).toContainText('Residents have waited since morning');
  await expect(history.locator('[data-event-kind="urged"]')).toContainText(USERS.supervisor.display_name);

  await actions.getByRole('button', { name: 'Supervision order' }).click();
  await dialog.getByLabel('Instruction').fill('Restore hot water and report back.');
  const due = new Date(Date.now() + 2 * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  // The browser runs in Asia/Shanghai (UTC+8): type the local time there.
  const local = new Date(due.getTime() + 8 * 3_600_000);
  const typed = `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())} 18:00`;
  await dialog.getByLabel('To be done by').fill(typed);
  // Enter confirms the picked time and submits the dialog, as in every other dialog.
  await dialog.getByLabel('To be done by').press('Enter');
  await expect(dialog).toBeHidden();
  await expect(history.locator('[data-event-kind="supervised"]')).toContainText('Restore hot water and report back.');
  await expect(history.locator('[data-event-kind="supervised"]')).toContainText('To be done by');
  // The order runs its own clock beside the others, due when the supervisor said.
  const clocks = page.getByTestId('ticket-clocks');
  await expect(clocks.locator('[data-clock="supervision"]')).toHaveText('Supervision order');
  const supervision = clocks.getByRole('row').filter({ has: page.locator('[data-clock="supervision"]') });
  await expect(supervision.locator('[data-clock-state="on_time"]')).toContainText('left');
  // en-US: 18:00 in Shanghai reads 6:00 PM.
  await expect(supervision).toContainText(/Due .*6:00\sPM/);
  await shot(page, 'ticket-urged', true);
});

test('the open queue shows a ticket created elsewhere within seconds', async ({ page, baseURL }) => {
  await signIn(page, USERS.agent.username);
  await page.goto('/queue');
  await expect(page.getByTestId('queue-table')).toBeVisible();
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-live', 'open');
  const loadedAt = Date.now();

  const token = await tokenFor(baseURL!, USERS.agent.username);
  const created = await createTicket(baseURL!, token, '13900004444', 'Lift stuck between floors');
  await expect(page.getByRole('row').filter({ hasText: created.number })).toBeVisible({ timeout: 5_000 });
  // Well inside the 60 s fallback poll: the stream brought it.
  expect(Date.now() - loadedAt).toBeLessThan(15_000);
  await shot(page, 'queue-live');
});

// Unified answers at intake (found by a Chinese search term), the answers library, and a
// shift handover written by one person and signed by the next.

import { apiCall, tokenFor } from './api';
import { DEPARTMENTS, USERS } from './people';
import { expect, shot, signIn, signOut, test } from './fixtures';

const ANSWER = {
  title: '3号楼电梯停运检修',
  body: '3号楼电梯故障，维修单位已到场，预计今晚20点前恢复运行。',
  topic: '电梯',
  unit: 'Sunny Gardens',
};

test.describe('unified answers', () => {
  // A first-time caller: the lookup answers 404, which the browser logs.
  test.use({ expectHttpErrors: ['/api/v1/customers/lookup'] });

  test('an agent answers a call with a unified answer found by a Chinese term', async ({ page, baseURL }) => {
    // The water department's answer, issued by a supervisor through the API.
    const sup = await tokenFor(baseURL!, USERS.supervisor.username);
    const depts = await apiCall<{ items: { id: string; name: string }[] }>(baseURL!, '/departments', sup);
    const water = depts.items.find((d) => d.name === DEPARTMENTS.water)!;
    const answer = await apiCall<{ id: string }>(baseURL!, '/answers', sup, { ...ANSWER, department_id: water.id });

    await signIn(page, USERS.agent.username);
    await page.getByRole('menuitem', { name: 'Intake' }).click();
    await page.getByTestId('intake-phone').fill('13700007777');
    await page.getByLabel('Name').fill('Mr Gao');
    await page.getByLabel('Subject').fill('电梯停运了');
    const suggestions = page.getByTestId('intake-answers');
    const item = suggestions.locator(`[data-answer="${ANSWER.title}"]`);
    await expect(item).toBeVisible();
    await expect(item).toContainText(DEPARTMENTS.water);
    await shot(page, 'intake-answers');

    await item.getByRole('button', { name: 'Answer with this' }).click();
    await expect(page.getByTestId('confirm-answer')).toContainText(ANSWER.title);
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    const created = page.getByTestId('intake-created');
    await expect(created).toBeVisible();
    await created.getByRole('link', { name: 'Open ticket' }).click();
    await expect(page.locator('[data-status="resolved"]').first()).toBeVisible();
    await expect(page.getByTestId('ticket-history').locator('[data-event-kind="answered"]')).toContainText(ANSWER.body);

    // The use is counted.
    const after = await apiCall<{ use_count: number }>(baseURL!, `/answers/${answer.id}`, sup);
    expect(after.use_count).toBe(1);
  });

  test('the answers library: search, and a supervisor edits an answer', async ({ page }) => {
    await signIn(page, USERS.supervisor.username);
    await page.getByRole('menuitem', { name: 'Unified answers' }).click();
    await page.getByTestId('answers-search').locator('input').fill('电梯');
    const row = page.getByTestId('answers-table').getByRole('row').filter({ hasText: ANSWER.title });
    await expect(row).toContainText('In effect');
    await expect(row).toContainText('Sunny Gardens');
    await shot(page, 'answers');
    await row.getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Topic').fill('电梯维修');
    await page.getByTestId('answer-save').click();
    await expect(dialog).toBeHidden();
    await expect(row).toContainText('电梯维修');
    await expect(row).toContainText('Withdraw');
  });
});

test('a handover is written by one agent and signed by the next', async ({ page }) => {
  await signIn(page, USERS.agent.username);
  await page.getByRole('menuitem', { name: 'Shift handovers' }).click();
  await page.getByTestId('handover-log').fill('Lift outage at Sunny Gardens: residents call often. Water leak ticket waits for a callback.');
  await page.getByTestId('handover-submit').click();
  // The new handover opens with the server's snapshot of the queue; its author cannot sign it.
  await expect(page.getByTestId('handover-page')).toBeVisible();
  await expect(page.getByTestId('handover-log-text')).toContainText('Lift outage at Sunny Gardens');
  await expect(page.getByTestId('handover-snapshot')).toContainText('Open in total');
  await expect(page.getByTestId('handover-status')).toHaveText('Not taken over');
  await expect(page.getByTestId('handover-sign')).toHaveCount(0);
  await shot(page, 'handover', true);
  await signOut(page);

  await signIn(page, USERS.supervisor.username);
  await page.getByRole('menuitem', { name: 'Shift handovers' }).click();
  const row = page.getByTestId('handovers-table').getByRole('row').filter({ hasText: 'Lift outage at Sunny Gardens' });
  await expect(row.locator('[data-signed="no"]')).toBeVisible();
  await expect(row).toContainText(USERS.agent.display_name);
  await shot(page, 'handovers');
  await row.getByRole('link').click();
  await page.getByLabel('Note (optional)').fill('Read and taken over.');
  await page.getByTestId('handover-sign').click();
  await expect(page.getByTestId('handover-status')).toContainText(`Taken over by ${USERS.supervisor.display_name}`);
  await page.getByRole('menuitem', { name: 'Shift handovers' }).click();
  await expect(row.locator('[data-signed="yes"]')).toBeVisible();
});

test('an incident from the press: on-site and report-upward clocks, then both met', async ({ page, baseURL }) => {
  const token = await tokenFor(baseURL!, USERS.agent.username);
  const tk = await apiCall<{ id: string; number: string }>(baseURL!, '/tickets', token, {
    channel: 'media',
    kind: 'complaint',
    subject: 'Fire in the bin room reported by the evening paper',
    description: 'Created through the API by the end-to-end tests',
    customer: { name: 'City Daily', phone: '13600006666' },
    incident: true,
  });

  await signIn(page, USERS.supervisor.username);
  await page.goto('/queue?hot=1');
  const row = page.getByTestId('queue-table').getByRole('row').filter({ hasText: tk.number });
  await expect(row.locator('[data-flag="incident"]')).toBeVisible();
  await expect(row.locator('[data-flag="hot"]')).toBeVisible();
  await row.getByRole('link', { name: tk.number }).click();

  await expect(page.getByTestId('tag-incident')).toBeVisible();
  await expect(page.getByTestId('tag-hot')).toBeVisible();
  const clocks = page.getByTestId('ticket-clocks');
  await expect(clocks.locator('[data-clock="onsite"]')).toBeVisible();
  await expect(clocks.locator('[data-clock="hot_report"]')).toBeVisible();

  const actions = page.getByTestId('ticket-actions');
  await actions.getByRole('button', { name: 'Report upward' }).click();
  await page.getByRole('dialog').getByLabel('What was reported, and to whom').fill('Told the group duty office by phone.');
  await page.getByTestId('action-submit').click();
  await expect(page.getByRole('dialog')).toBeHidden();
  await actions.getByRole('button', { name: 'Manager on site' }).click();
  await page.getByTestId('action-submit').click();
  await expect(page.getByRole('dialog')).toBeHidden();

  const history = page.getByTestId('ticket-history');
  await expect(history.locator('[data-event-kind="flagged_hot"]')).toContainText('Public attention (Press / media)');
  await expect(history.locator('[data-event-kind="hot_reported"]')).toContainText('Told the group duty office');
  await expect(history.locator('[data-event-kind="onsite_arrived"]')).toBeVisible();
  await expect(actions.getByRole('button', { name: 'Report upward' })).toHaveCount(0);
  await shot(page, 'ticket-incident', true);
});

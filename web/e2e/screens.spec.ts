// The other screens, both languages, and a session that expires mid-work.

import { readFile } from 'node:fs/promises';
import type { Download, Page } from '@playwright/test';
import { apiCall, createTicket, departmentId, dispatchTicket, tokenFor } from './api';
import { ADMIN, DEPARTMENTS, USERS } from './people';
import { expect, shot, signIn, test } from './fixtures';

test('the supervisor dashboard loads its charts on demand', async ({ page }) => {
  const chunks: string[] = [];
  page.on('request', (r) => chunks.push(r.url()));
  await signIn(page, USERS.supervisor.username);
  await expect(page).toHaveURL(/\/dashboard/);
  await expect(page.getByTestId('stat-breached')).toBeVisible();
  await expect(page.getByTestId('chart-tier')).toBeVisible();
  await expect(page.locator('.recharts-surface').first()).toBeVisible();
  expect(chunks.some((u) => /ReportCharts-.*\.js$/.test(u))).toBe(true);
  await shot(page, 'dashboard', true);
});

test.describe('the dashboard per department', () => {
  const ANSWERS = { water: 'Mains flushing on Friday night', billing: 'New water tariff from January' };
  let billingId = '';

  // Work in both departments, done through the API: tickets dispatched to each, urges and a
  // supervision order, and each department's unified answer cited once.
  test.beforeAll(async ({ baseURL }) => {
    const agent = await tokenFor(baseURL!, USERS.agent.username);
    const sup = await tokenFor(baseURL!, USERS.supervisor.username);
    const waterId = await departmentId(baseURL!, agent, DEPARTMENTS.water);
    billingId = await departmentId(baseURL!, agent, DEPARTMENTS.billing);
    const billed = [
      await createTicket(baseURL!, agent, '13500001001', 'Charged twice for October'),
      await createTicket(baseURL!, agent, '13500001002', 'Meter reading looks wrong'),
    ];
    for (const tk of billed) {
      await dispatchTicket(baseURL!, agent, tk.id, billingId);
      await apiCall(baseURL!, `/tickets/${tk.id}/urge`, sup, { note: 'The caller rang again.', due_at: null });
    }
    await apiCall(baseURL!, `/tickets/${billed[0]!.id}/urge`, sup, {
      note: 'Refund today.',
      due_at: new Date(Date.now() + 86_400_000).toISOString(),
    });
    const leak = await createTicket(baseURL!, agent, '13500001003', 'Pipe burst in the car park');
    await dispatchTicket(baseURL!, agent, leak.id, waterId);
    await apiCall(baseURL!, `/tickets/${leak.id}/urge`, sup, { note: 'Water is rising.', due_at: null });
    // Water asks for more time on it: a pending extension request of Water's, none of Billing's.
    const waterStaff = await tokenFor(baseURL!, USERS.staff.username);
    await apiCall(baseURL!, `/tickets/${leak.id}/accept`, waterStaff, {});
    await apiCall(baseURL!, `/tickets/${leak.id}/extensions`, waterStaff, {
      new_due_at: new Date(Date.now() + 4 * 86_400_000).toISOString(),
      reason: 'Parts on order',
      customer_agreed: true,
    });
    for (const [key, title] of Object.entries(ANSWERS)) {
      const answer = await apiCall<{ id: string }>(baseURL!, '/answers', sup, {
        title,
        body: `${title}: details for callers.`,
        department_id: key === 'water' ? waterId : billingId,
      });
      const asked = await createTicket(baseURL!, agent, '13500001004', `Question about: ${title}`);
      await apiCall(baseURL!, `/tickets/${asked.id}/answer`, agent, { answer_id: answer.id });
    }
  });

  const figures = (page: Page) => page.getByTestId('department-figures');
  const statValue = (page: Page, key: string) => page.getByTestId(`period-${key}`).locator('.ant-statistic-content-value');
  const saved = async (download: Download) => readFile(await download.path(), 'utf8');

  test('a supervisor picks a department, sees its figures only, and downloads them as CSV', async ({ page }) => {
    await signIn(page, USERS.supervisor.username);
    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(page.getByTestId('dashboard-title')).toHaveText('All departments');
    await expect(figures(page).getByRole('row').filter({ hasText: DEPARTMENTS.water })).toBeVisible();
    await expect(figures(page).getByRole('row').filter({ hasText: DEPARTMENTS.billing })).toBeVisible();
    await expect(page.getByTestId('top-answers')).toContainText(ANSWERS.water);
    await expect(page.getByTestId('top-answers')).toContainText(ANSWERS.billing);
    await expect(statValue(page, 'urges')).toHaveText(/^\d+$/);
    const pendingExtensions = page.getByTestId('stat-extensions').locator('.ant-statistic-content-value');
    await expect(pendingExtensions).toHaveText(/^[1-9]\d*$/);
    const allUrges = Number(await statValue(page, 'urges').textContent());
    // Billing's two urges and Water's one at least.
    expect(allUrges).toBeGreaterThanOrEqual(3);

    await page.getByTestId('dashboard-department').click();
    await page.keyboard.type('Billing');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`department=${billingId}`));
    await expect(page.getByTestId('dashboard-title')).toHaveText(DEPARTMENTS.billing);
    // Only Billing's figures now: one row, its two tickets, its urges and supervision order,
    // its answer and not Water's.
    const rows = figures(page).locator('tbody tr.ant-table-row');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText(DEPARTMENTS.billing);
    await expect(rows.first().locator('td').nth(1)).toHaveText('2');
    await expect(statValue(page, 'urges')).toHaveText('2');
    await expect(statValue(page, 'supervision-orders')).toHaveText('1');
    // Its supervision order, due tomorrow: one ticket, still open within the deadline.
    const order = page.getByTestId('flag-figures').locator('tr[data-row-key="supervision"]');
    await expect(order.locator('td')).toHaveText(['Supervision orders: done by the deadline', '1', '0', '0', '1']);
    await expect(page.getByTestId('top-answers')).toContainText(ANSWERS.billing);
    await expect(page.getByTestId('top-answers')).not.toContainText(ANSWERS.water);
    await expect(pendingExtensions).toHaveText('0'); // Water's request is not Billing's

    // The choice is in the URL: a reload (or a shared link) shows the same department.
    await page.reload();
    await expect(page.getByTestId('dashboard-title')).toHaveText(DEPARTMENTS.billing);
    await expect(figures(page).locator('tbody tr.ant-table-row')).toHaveCount(1);
    await shot(page, 'dashboard-department', true);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('dashboard-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/^switchboard-summary-\d{8}-\d{8}\.csv$/);
    const csv = await saved(download);
    expect(csv.startsWith('section,key,metric,value')).toBe(true);
    expect(csv).toContain(`period,,department,${DEPARTMENTS.billing}`);
    expect(csv).not.toContain(DEPARTMENTS.water);

    // Back to all departments: the department leaves the URL.
    await page.getByTestId('dashboard-department').click();
    await page.keyboard.type('All');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(figures(page).getByRole('row').filter({ hasText: DEPARTMENTS.water })).toBeVisible();
  });

  test('department staff see their own department’s dashboard only', async ({ page }) => {
    await signIn(page, USERS.staff.username);
    await page.getByRole('menuitem', { name: 'Dashboard' }).click();
    await expect(page).toHaveURL(/\/dashboard/);
    await expect(page.getByTestId('dashboard-title')).toHaveText(DEPARTMENTS.water);
    await expect(page.getByTestId('dashboard-department')).toHaveCount(0);
    await expect(page.getByTestId('stat-extensions')).toHaveCount(0);
    const rows = figures(page).locator('tbody tr.ant-table-row');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText(DEPARTMENTS.water);
    await expect(page.getByTestId('top-answers')).toContainText(ANSWERS.water);
    await expect(page.getByTestId('top-answers')).not.toContainText(ANSWERS.billing);
    await shot(page, 'dashboard-staff', true);

    // Another department in the URL changes nothing: the API and the console keep to their own.
    await page.goto(`/dashboard?department=${billingId}`);
    await expect(page.getByTestId('dashboard-title')).toHaveText(DEPARTMENTS.water);
    await expect(figures(page).locator('tbody tr.ant-table-row').first()).toContainText(DEPARTMENTS.water);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('dashboard-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/^switchboard-summary-\d{8}-\d{8}\.csv$/);
    const csv = await saved(download);
    expect(csv.startsWith('section,key,metric,value')).toBe(true);
    expect(csv).toContain(`period,,department,${DEPARTMENTS.water}`);
  });
});

test('administration: users, departments, root causes and the SLA policy', async ({ page }) => {
  await signIn(page, ADMIN.username, ADMIN.password);
  await page.goto('/admin/users');
  await expect(page.getByRole('cell', { name: USERS.staff.username })).toBeVisible();
  // The admin dialogs (one shared form dialog): a new user, a cause in a new category, a renamed
  // department.
  await page.getByRole('button', { name: 'New user' }).click();
  const newUser = page.getByRole('dialog', { name: 'New user' });
  await newUser.getByLabel('Username').fill('agent.sun');
  await newUser.getByLabel('Display name').fill('Sun Agent');
  await newUser.getByLabel('Password').fill('e2e-password-1');
  await newUser.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('User saved.')).toBeVisible();
  await expect(newUser).toHaveCount(0);
  await expect(page.getByRole('cell', { name: 'agent.sun' })).toBeVisible();
  await shot(page, 'admin-users');

  await page.getByRole('tab', { name: 'SLA policy' }).click();
  await expect(page).toHaveURL(/\/admin\/sla-policy$/);
  const p1 = page.getByLabel('Response window P1', { exact: true });
  await expect(p1).toHaveValue('15');
  // Minutes and hours, never ISO codes.
  await expect(page.getByTestId('admin-page').or(page.locator('main'))).not.toContainText('PT15M');
  await p1.fill('20');
  // A holiday picked on the calendar joins the list.
  await page.getByLabel('Add a holiday').fill('2026-10-01');
  await page.locator('td[title="2026-10-01"]').click();
  await expect(page.locator('.ant-select-selection-item').filter({ hasText: '2026-10-01' })).toBeVisible();
  // The hot threshold, the kinds called back and the calendar are kept and editable.
  await expect(page.getByLabel('Complainants that make a complaint hot')).toHaveValue('5');
  await expect(page.getByRole('checkbox', { name: 'Complaint' })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'Inquiry' })).not.toBeChecked();
  await expect(page.getByLabel('Time zone (UTC offset)')).toHaveValue('+08:00');
  await page.getByLabel('Complainants that make a complaint hot').fill('6');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('SLA policy saved')).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Complainants that make a complaint hot')).toHaveValue('6');
  await page.getByLabel('Complainants that make a complaint hot').fill('5');
  await p1.fill('15');
  await page.getByRole('button', { name: 'Save' }).click();
  await shot(page, 'admin-sla');
  // The policy's own address opens it (it was a blank page), and an unknown tab the first one.
  await page.goto('/admin/sla-policy');
  await expect(page.getByLabel('Response window P1', { exact: true })).toHaveValue('15');
  await page.goto('/admin/nonsense');
  await expect(page).toHaveURL(/\/admin\/users$/);

  await page.getByRole('tab', { name: 'Root causes' }).click();
  await expect(page.getByTestId('root-causes-table')).toBeVisible();
  await page.getByLabel('New category').fill('Green spaces');
  await page.getByRole('button', { name: 'New category' }).click();
  await page.locator('[data-add-cause="Green spaces"]').click();
  const addCause = page.getByRole('dialog', { name: 'New cause in “Green spaces”' });
  await addCause.getByLabel('Name').fill('Irrigation left on');
  await addCause.getByLabel('Name').press('Enter');
  await expect(addCause).toHaveCount(0);
  // The category unfolds to show its new cause, and folds by hand.
  const causes = page.getByTestId('root-causes-table');
  const cause = causes.getByRole('row').filter({ hasText: 'Irrigation left on' });
  await expect(cause).toBeVisible();
  await causes.getByRole('row').filter({ hasText: 'Green spaces' }).getByRole('button', { name: 'Collapse row' }).click();
  await expect(cause).toBeHidden();
  await causes.getByRole('row').filter({ hasText: 'Green spaces' }).getByRole('button', { name: 'Expand row' }).click();
  await expect(cause).toBeVisible();
  await shot(page, 'admin-root-causes');

  await page.getByRole('tab', { name: 'Departments' }).click();
  await expect(page.getByRole('cell', { name: 'Water & Repairs' })).toBeVisible();
  await page.getByLabel('Name').fill('Parks Office');
  await page.getByRole('button', { name: 'New department' }).click();
  await page.getByRole('row').filter({ hasText: 'Parks Office' }).getByRole('button', { name: 'Rename' }).click();
  const rename = page.getByRole('dialog', { name: 'Rename · Parks Office' });
  await rename.getByLabel('Name').fill('Parks & Gardens');
  await rename.getByRole('button', { name: 'Save' }).click();
  await expect(rename).toHaveCount(0);
  await expect(page.getByRole('cell', { name: 'Parks & Gardens' })).toBeVisible();
  await shot(page, 'admin-departments');

  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto('/queue');
  await expect(page.getByTestId('queue-table')).toBeVisible();
  await shot(page, 'queue-1920');
});

test.describe('in Chinese', () => {
  test.use({ locale: 'zh-CN' });

  test('the zh-CN interface shows Chinese labels', async ({ page }) => {
    await page.goto('/login');
    await expect(page.getByRole('button', { name: '登录' })).toBeVisible();
    await page.locator('#username').fill(USERS.agent.username);
    await page.locator('#password').fill('e2e-password-1');
    await page.locator('#password').press('Enter');
    await expect(page.getByRole('menuitem', { name: '受理' })).toBeVisible();
    await expect(page.getByRole('menuitem', { name: '回访' })).toBeVisible();
    await expect(page.getByText('工单队列').first()).toBeVisible();
    await expect(page.getByRole('columnheader', { name: '工单号' })).toBeVisible();
    // Closed tickets only when asked for.
    await page.getByText('含已关闭、已并案').click();
    await expect(page.locator('[data-status="closed"]').first()).toHaveText('已关闭');
    await shot(page, 'queue-zh');

    // Switch to English in the header; the choice is remembered across a reload.
    await page.getByText('English').click();
    await expect(page.getByRole('menuitem', { name: 'Intake' })).toBeVisible();
    await page.reload();
    await expect(page.getByRole('menuitem', { name: 'Intake' })).toBeVisible();
    await page.getByText('中文').click();
    await page.getByRole('menuitem', { name: '受理' }).click();
    await expect(page.getByText('新建受理', { exact: true })).toBeVisible();
    await shot(page, 'intake-zh');
  });
});

test.describe('an expired session', () => {
  // The stale token's first request is refused with 401; the browser logs it.
  test.use({ expectHttpErrors: ['/api/v1/'] });

  test('sends the user to sign in and back to the same page', async ({ page }) => {
    await signIn(page, USERS.agent.username);
    await page.goto('/queue?breached=1');
    await expect(page.getByTestId('queue-table')).toBeVisible();
    // Replace the token with one the server will refuse, as an expired one would be.
    await page.evaluate(() => {
      const s = JSON.parse(localStorage.getItem('sb.session')!) as { token: string };
      s.token = 'expired.token.value';
      localStorage.setItem('sb.session', JSON.stringify(s));
    });
    await page.reload();
    await expect(page).toHaveURL(/\/login\?next=%2Fqueue%3Fbreached%3D1/);
    await expect(page.getByText('Your session expired')).toBeVisible();
    await page.locator('#username').fill(USERS.agent.username);
    await page.locator('#password').fill('e2e-password-1');
    await page.locator('#password').press('Enter');
    await expect(page).toHaveURL(/\/queue\?breached=1$/);
  });
});

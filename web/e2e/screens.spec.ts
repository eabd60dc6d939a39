// The other screens, both languages, and a session that expires mid-work.

import { ADMIN, USERS } from './people';
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

test('administration: users, departments and the SLA policy', async ({ page }) => {
  await signIn(page, ADMIN.username, ADMIN.password);
  await page.goto('/admin/users');
  await expect(page.getByRole('cell', { name: USERS.staff.username })).toBeVisible();
  await shot(page, 'admin-users');

  await page.getByRole('tab', { name: 'SLA policy' }).click();
  const p1 = page.getByLabel('Response window P1 urgent');
  await expect(p1).toHaveValue('15');
  await expect(page.getByText('Sent as PT15M')).toBeVisible();
  await p1.fill('20');
  await expect(page.getByText('Sent as PT20M')).toBeVisible();
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

  await page.getByRole('tab', { name: 'Root causes' }).click();
  await expect(page.getByTestId('root-causes-table')).toBeVisible();
  await shot(page, 'admin-root-causes');

  await page.getByRole('tab', { name: 'Departments' }).click();
  await expect(page.getByRole('cell', { name: 'Water & Repairs' })).toBeVisible();
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
      const s = JSON.parse(localStorage.getItem('sb.session')!);
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

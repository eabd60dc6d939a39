// The lifecycle of one complaint through the console, by the people who work it:
// intake and P1 dispatch → accept, contact, resolve → satisfied callback closes it.
// The caller's number is masked on every ticket: the call center reveals it on the record, and
// department staff too, with a reason.

import { apiCall, tokenFor } from './api';
import { ADMIN, DEPARTMENTS, USERS } from './people';
import { expect, shot, signIn, signOut, test } from './fixtures';

test.describe.configure({ mode: 'serial' });

const PHONE = '13812345678';
const MASKED = '138****5678';
let ticketUrl = '';
let ticketNumber = '';

test.describe('a complaint from call to closure', () => {
  // A first-time caller: the lookup answers 404 ("new caller"), which the browser logs.
  test.use({ expectHttpErrors: ['/api/v1/customers/lookup'] });

  test('an agent takes the call and dispatches it P1', async ({ page }) => {
    await signIn(page, USERS.agent.username);
    await page.getByRole('menuitem', { name: 'Intake' }).click();
    await expect(page.getByText('New contact (intake)')).toBeVisible();

    // Keyboard first: the phone field has focus on arrival.
    await expect(page.getByTestId('intake-phone')).toBeFocused();
    await page.keyboard.type(PHONE);
    await expect(page.getByTestId('caller-lookup')).toContainText('New caller');
    await page.getByLabel('Subject').fill('Water leaking from the ceiling');
    await page.getByLabel('Description').fill('Since this morning, flat 1203; the caller is upset.');
    await page.getByLabel('Name').fill('Ms Wang');
    await page.getByLabel('Address').fill('Building 3, 1203');
    await page.getByLabel('Project / unit no.').fill('Sunny Gardens');
    await page.getByTestId('intake-department').click();
    await page.keyboard.type('Water');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Alt+1');
    await expect(page.getByTestId('intake-due')).toContainText('15 minutes');
    await shot(page, 'intake');

    await page.keyboard.press('Control+Enter');
    const confirm = page.getByRole('dialog');
    await expect(confirm).toContainText(DEPARTMENTS.water);
    await expect(confirm.getByTestId('confirm-dispatch')).toContainText('15 minutes');
    await page.keyboard.press('Enter');
    const created = page.getByTestId('intake-created');
    await expect(created).toBeVisible();
    ticketNumber = (await created.textContent())!.match(/\d{8}-\d{4}/)![0];

    // It shows in the queue, nearest deadline first, with a running response clock.
    await page.getByRole('menuitem', { name: 'Queue' }).click();
    const row = page.getByRole('row').filter({ hasText: ticketNumber });
    await expect(row).toContainText('Dispatched');
    // The tier in one tag; its words and response window on hover.
    await expect(row.locator('[data-urgency="P1"]')).toHaveText('P1');
    await row.locator('[data-urgency="P1"]').hover();
    await expect(page.getByRole('tooltip').filter({ hasText: 'P1 · 15 min' })).toBeVisible();
    await expect(row.locator('[data-clock-state="on_time"]').first()).toContainText(/left/);
    await shot(page, 'queue');

    await row.getByRole('link', { name: ticketNumber }).click();
    await expect(page.getByTestId('ticket-number')).toHaveText(ticketNumber);
    await expect(page.getByTestId('ticket-history')).toContainText('Dispatched');
    // Masked for the agent too; one click reveals it, to copy or dial, and the reveal goes
    // on the ticket's history under the agent's name.
    const phone = page.getByTestId('customer-phone');
    await expect(phone).toHaveText(MASKED);
    await expect(page.getByTestId('phone-hint')).toContainText('each reveal is recorded');
    await page.getByTestId('reveal-phone').click();
    await expect(phone).toHaveText(PHONE);
    await expect(page.getByTestId('call-phone')).toHaveAttribute('href', `tel:${PHONE}`);
    const reveal = page.getByTestId('ticket-history').locator('[data-event-kind="phone_revealed"]');
    await expect(reveal).toHaveCount(1);
    await expect(reveal).toContainText('Revealed the phone number');
    await expect(reveal).toContainText(USERS.agent.display_name);
    ticketUrl = new URL(page.url()).pathname;
    await shot(page, 'ticket-dispatched', true);
    await signOut(page);
  });

  test('department staff accept, record contact and resolve', async ({ page, baseURL }) => {
    // The administrator's list of root causes: from now on complaints pick one from it.
    const admin = await tokenFor(baseURL!, ADMIN.username, ADMIN.password);
    const facilities = await apiCall<{ id: string }>(baseURL!, '/root-causes', admin, { name: 'Facilities', parent_id: null });
    await apiCall(baseURL!, '/root-causes', admin, { name: 'Corroded supply pipe', parent_id: facilities.id });
    await apiCall(baseURL!, '/root-causes', admin, { name: 'Contractor error', parent_id: facilities.id });
    await signIn(page, USERS.staff.username);
    await expect(page).toHaveURL(/\/inbox/);
    const row = page.getByRole('row').filter({ hasText: ticketNumber });
    await expect(row).toBeVisible();
    await shot(page, 'inbox');
    await row.getByRole('link', { name: ticketNumber }).click();

    // The phone is masked for department staff too; they reveal it with a reason (required),
    // get it as a tel: link big enough to tap, and the reveal goes on the record with why.
    await expect(page.getByTestId('customer-phone')).toHaveText(MASKED);
    await expect(page.getByTestId('phone-hint')).toContainText('each reveal is recorded');
    await page.getByTestId('reveal-phone').click();
    const reasonDialog = page.getByRole('dialog');
    await reasonDialog.getByTestId('reveal-submit').click();
    await expect(reasonDialog).toContainText('Say briefly why you need the number.');
    await reasonDialog.getByText('To arrange the visit').click();
    await expect(reasonDialog.getByTestId('reveal-reason')).toHaveValue('To arrange the visit');
    await reasonDialog.getByTestId('reveal-submit').click();
    await expect(reasonDialog).toBeHidden();
    const call = page.getByTestId('call-phone');
    await expect(call).toHaveAttribute('href', `tel:${PHONE}`);
    await expect(call).toContainText(PHONE);
    expect((await call.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    const staffReveal = page.getByTestId('ticket-history').locator('[data-event-kind="phone_revealed"]').filter({ hasText: 'To arrange the visit' });
    await expect(staffReveal).toHaveCount(1);
    await expect(staffReveal).toContainText(USERS.staff.display_name);
    const actions = page.getByTestId('ticket-actions');
    await expect(actions.getByRole('button')).toHaveText(['Accept', 'Return']);

    await actions.getByRole('button', { name: 'Accept' }).click();
    await page.getByTestId('action-submit').click();
    await expect(page.getByTestId('ticket-page')).toContainText('Accepted');

    await actions.getByRole('button', { name: 'Record contact' }).click();
    await page.getByRole('dialog').getByRole('textbox').fill('Plumber visit agreed for 14:00.');
    await page.getByTestId('action-submit').click();
    await expect(page.getByTestId('ticket-clocks').locator('[data-clock-state="met"]')).toBeVisible();

    await actions.getByRole('button', { name: 'Resolve' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('What was done').fill('Replaced the cracked pipe in the flat above.');
    // A complaint needs its root cause: the form says so before sending.
    await page.getByTestId('action-submit').click();
    await expect(dialog).toContainText('Required.');
    await dialog.getByLabel('Cause of complaint (category / cause)').click();
    await page.getByRole('menuitemcheckbox', { name: 'Facilities' }).click();
    await page.getByRole('menuitemcheckbox', { name: 'Corroded supply pipe' }).click();
    await page.getByTestId('action-submit').click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('ticket-history')).toContainText('Facilities / Corroded supply pipe');
    await expect(page.locator('[data-status="resolved"]').first()).toBeVisible();
    await signOut(page);
  });

  test('the agent records a satisfied callback and the ticket closes', async ({ page }) => {
    await signIn(page, USERS.agent.username);
    await page.getByRole('menuitem', { name: 'Callbacks' }).click();
    const row = page.getByTestId('callbacks-table').getByRole('row').filter({ hasText: ticketNumber });
    await expect(row).toBeVisible();
    // The number to call back: masked in the list, revealed from the row for the callback.
    await expect(row.getByTestId('customer-phone')).toHaveText(MASKED);
    // The subject has room beside the number's reveal (it was squeezed to one character).
    expect((await row.getByTestId('ticket-subject').boundingBox())!.width).toBeGreaterThanOrEqual(200);
    await row.getByTestId('reveal-phone').click();
    await expect(row.getByTestId('customer-phone')).toHaveText(PHONE);
    await shot(page, 'callbacks');
    await row.getByRole('link', { name: ticketNumber }).click();
    // Both reveals are on the record, this one with its reason; the page shows the number
    // masked again until revealed anew.
    const reveals = page.getByTestId('ticket-history').locator('[data-event-kind="phone_revealed"]');
    await expect(reveals).toHaveCount(3);
    await expect(reveals.filter({ hasText: 'For a callback' })).toHaveCount(1);
    await expect(page.getByTestId('customer-phone')).toHaveText(MASKED);

    await page.getByTestId('ticket-actions').getByRole('button', { name: 'Record callback' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Satisfied', { exact: true }).check();
    await dialog.getByLabel('Comment').fill('Customer thanked the team.');
    await page.getByTestId('action-submit').click();
    await expect(dialog).toBeHidden();
    await expect(page.locator('[data-status="closed"]').first()).toBeVisible();
    const history = page.getByTestId('ticket-history');
    for (const step of ['Taken in', 'Dispatched', 'Accepted', 'Customer contacted', 'Resolved', 'Callback', 'Closed']) {
      await expect(history).toContainText(step);
    }
    await shot(page, 'ticket', true);
  });
});

test.describe('department scoping', () => {
  // The API answers 404 for a ticket of another department; the browser logs it.
  test.use({ expectHttpErrors: ['/api/v1/tickets/'] });

  test('staff of another department cannot see the ticket', async ({ page }) => {
    await signIn(page, USERS.otherStaff.username);
    await page.goto(ticketUrl);
    await expect(page.getByTestId('ticket-not-found')).toContainText('does not exist, or it is not visible to you');
  });
});

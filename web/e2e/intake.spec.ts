// Intake on a busy line: one caller's details never reach the next caller's ticket. After a
// contact is recorded (or Alt+N) the form is blank and stays blank; caller details come only
// from the lookup of the number typed now, and go again when the number changes.

import { apiCall, tokenFor } from './api';
import { DEPARTMENTS, USERS } from './people';
import type { Page } from '@playwright/test';
import { expect, signIn, test } from './fixtures';

interface StoredTicket {
  id: string;
  customer: { name: string; address?: string | null; unit?: string | null };
}

const CALLER_FIELDS = ['#phone', '#name', '#address', '#unit'];

async function expectBlank(page: Page) {
  // Longer than the lookup's debounce and a round trip: nothing comes back on its own.
  await page.waitForTimeout(1500);
  for (const field of CALLER_FIELDS) await expect(page.locator(field), field).toHaveValue('');
  await expect(page.getByTestId('caller-lookup')).toContainText('Type the caller’s number');
}

/**
 * The id of the ticket just recorded, from the "recorded" notice's link. The notice of the
 * contact before (`previous`) may still be on screen until the new one replaces it.
 */
async function createdId(page: Page, previous?: string): Promise<string> {
  const link = page.getByTestId('intake-created').getByRole('link');
  let id = '';
  await expect
    .poll(async () => {
      id = (await link.getAttribute('href'))?.split('/').pop() ?? '';
      return id !== '' && id !== previous;
    })
    .toBe(true);
  return id;
}

async function dispatchToWater(page: Page) {
  await page.getByTestId('intake-department').click();
  await page.keyboard.type('Water');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('intake-department')).toContainText(DEPARTMENTS.water);
  await page.getByTestId('intake-submit').click();
  const confirm = page.getByRole('dialog').filter({ has: page.getByTestId('confirm-dispatch') });
  await expect(confirm).toContainText(DEPARTMENTS.water);
  await confirm.getByRole('button', { name: 'Confirm' }).click();
  await expect(confirm).toBeHidden();
  // Recorded, or refused: a refusal fails here with the words the agent saw.
  const created = page.getByTestId('intake-created');
  await expect(created.or(page.getByRole('alert')).first()).toBeVisible();
  if (!(await created.isVisible())) {
    const said = await page.getByRole('alert').allInnerTexts();
    throw new Error(`the contact was not recorded: ${said.join(' | ')}`);
  }
}

/** A number no earlier test (or repeat) has used: "136" and eight digits. */
function freshPhone(): string {
  return `136${String(Date.now() % 1e8).padStart(8, '0')}`;
}

/** Another number, one digit apart from `phone`. */
function nextTo(phone: string): string {
  return `${phone.slice(0, 10)}${(Number(phone[10]) + 1) % 10}`;
}

test.describe('one caller after another', () => {
  // New callers: the lookup answers 404, which the browser logs.
  test.use({ expectHttpErrors: ['/api/v1/customers/lookup'] });

  test('the second form and the second ticket carry nothing of the first caller', async ({ page, baseURL }) => {
    const firstPhone = freshPhone();
    const secondPhone = nextTo(firstPhone);
    const sup = await tokenFor(baseURL!, USERS.supervisor.username);
    const depts = await apiCall<{ items: { id: string; name: string }[] }>(baseURL!, '/departments', sup);
    const water = depts.items.find((d) => d.name === DEPARTMENTS.water)!;
    const answerTitle = `Hot water off in Block 9 until 18:00 (${firstPhone.slice(-4)})`;
    await apiCall(baseURL!, '/answers', sup, {
      title: answerTitle,
      body: 'Block 9 hot water is off for boiler repairs; it is back by 18:00 today.',
      topic: 'Hot water',
      unit: null,
      department_id: water.id,
    });
    await signIn(page, USERS.agent.username);
    await page.getByRole('menuitem', { name: 'Intake' }).click();

    // The first caller, new, with a name, an address and a project: dispatched.
    await page.getByTestId('intake-phone').fill(firstPhone);
    await expect(page.getByTestId('caller-lookup')).toContainText('New caller');
    await page.locator('#subject').fill('Noise from the pump room at night');
    await page.locator('#name').fill('Ms First');
    await page.locator('#address').fill('Block 2, 0801');
    await page.locator('#unit').fill('Riverside Estate');
    await dispatchToWater(page);
    const first = await createdId(page);
    await expectBlank(page);

    // The second caller, new, gives a name only, and is answered from the library.
    await page.getByTestId('intake-phone').fill(secondPhone);
    await expect(page.getByTestId('caller-lookup')).toContainText('New caller');
    await page.locator('#name').fill('Mr Second');
    await page.locator('#subject').fill('Hot water off');
    await page.locator(`[data-answer="${answerTitle}"]`).getByRole('button', { name: 'Answer with this' }).click();
    // A confirm step shows what will be recorded: the caller, the cited answer and its text.
    const confirm = page.getByTestId('confirm-answer');
    await expect(confirm).toContainText('Mr Second');
    await expect(confirm).toContainText(answerTitle);
    await expect(confirm).toContainText('boiler repairs');
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await expect(page.getByTestId('intake-created')).toBeVisible();
    const second = await createdId(page, first);
    await expectBlank(page);

    // As stored: each ticket its own caller's details.
    const agent = await tokenFor(baseURL!, USERS.agent.username);
    const a = await apiCall<StoredTicket>(baseURL!, `/tickets/${first}`, agent);
    expect(a.customer).toMatchObject({ name: 'Ms First', address: 'Block 2, 0801', unit: 'Riverside Estate' });
    const b = await apiCall<StoredTicket>(baseURL!, `/tickets/${second}`, agent);
    expect(b.customer.name).toBe('Mr Second');
    expect(b.customer.address ?? null).toBeNull();
    expect(b.customer.unit ?? null).toBeNull();
  });

  test('a number changed after a known caller matched drops that caller’s details, not what the agent typed', async ({ page, baseURL }) => {
    const agent = await tokenFor(baseURL!, USERS.agent.username);
    const knownPhone = freshPhone();
    const otherPhone = nextTo(knownPhone);
    await apiCall(baseURL!, '/tickets', agent, {
      channel: 'phone',
      kind: 'complaint',
      subject: 'Lift stuck',
      description: 'Known caller for the intake test',
      customer: { name: 'Mrs Known', phone: knownPhone, address: 'Block 5, 1502', unit: 'Hillside Court' },
    });
    await signIn(page, USERS.agent.username);
    await page.getByRole('menuitem', { name: 'Intake' }).click();

    // The known caller's number fills their details.
    await page.getByTestId('intake-phone').fill(knownPhone);
    await expect(page.getByTestId('caller-lookup')).toContainText('Known caller Mrs Known');
    await expect(page.locator('#name')).toHaveValue('Mrs Known');
    await expect(page.locator('#address')).toHaveValue('Block 5, 1502');
    await expect(page.locator('#unit')).toHaveValue('Hillside Court');

    // It is someone else on the line: the agent types their name, then their own number.
    await page.locator('#name').fill('Mr Other');
    await page.getByTestId('intake-phone').fill(otherPhone);
    await expect(page.locator('#address')).toHaveValue('');
    await expect(page.locator('#unit')).toHaveValue('');
    await expect(page.locator('#name')).toHaveValue('Mr Other');
    await expect(page.getByTestId('caller-lookup')).toContainText('New caller');
    await page.waitForTimeout(1000);
    await expect(page.locator('#address')).toHaveValue('');

    // Typed back, the known number fills what is empty again; changed away, it goes again.
    await page.getByTestId('intake-phone').fill(knownPhone);
    await expect(page.locator('#address')).toHaveValue('Block 5, 1502');
    await expect(page.locator('#name')).toHaveValue('Mr Other');
    await page.getByTestId('intake-phone').fill(otherPhone);
    await expect(page.locator('#address')).toHaveValue('');

    await page.locator('#subject').fill('Parking space blocked');
    await page.locator('#address').fill('Block 7, 0304');
    await dispatchToWater(page);
    const stored = await apiCall<StoredTicket>(baseURL!, `/tickets/${await createdId(page)}`, agent);
    expect(stored.customer.name).toBe('Mr Other');
    expect(stored.customer.address).toBe('Block 7, 0304');
    expect(stored.customer.unit ?? null).toBeNull();
  });

  test('Alt+N starts the next contact: on the intake screen the form empties, elsewhere it opens intake', async ({ page }) => {
    await signIn(page, USERS.agent.username);
    await page.getByRole('menuitem', { name: 'Intake' }).click();
    await page.getByTestId('intake-phone').fill(freshPhone());
    await expect(page.getByTestId('caller-lookup')).toContainText('New caller');
    await page.locator('#subject').fill('Street light out on Lane 3');
    await page.locator('#name').fill('Ms Halfway');
    await page.locator('#address').fill('Lane 3, 12');
    await page.keyboard.press('Alt+KeyN');
    await expect(page.getByTestId('intake-phone')).toBeFocused();
    await expect(page.locator('#subject')).toHaveValue('');
    await expectBlank(page);

    await page.getByRole('menuitem', { name: 'Queue' }).click();
    await expect(page).toHaveURL(/\/queue/);
    await page.keyboard.press('Alt+KeyN');
    await expect(page).toHaveURL(/\/intake$/);
    await expect(page.getByTestId('intake-phone')).toBeFocused();
    await expectBlank(page);
  });
});

test.describe('checked before sending, in the user’s language', () => {
  test.use({ expectHttpErrors: ['/api/v1/customers/lookup'] });

  test('a bad number and empty required fields are said on the fields, and nothing is sent', async ({ page }) => {
    await page.addInitScript(() => localStorage.setItem('sb.locale', 'zh-CN'));
    await signIn(page, USERS.agent.username);
    await page.goto('/intake');
    let posted = 0;
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/api/v1/tickets')) posted += 1;
    });
    await page.getByTestId('intake-phone').fill('138-12x4');
    await page.locator('#subject').focus();
    await expect(page.getByText('只能填写数字（可含空格、横线、点、括号和开头的 +）。')).toBeVisible();
    await page.getByTestId('intake-phone').fill('12');
    await page.getByTestId('intake-submit').click();
    await expect(page.getByText('电话号码应为 3 到 20 位数字。')).toBeVisible();
    await expect(page.locator('.ant-form-item').filter({ has: page.locator('#subject') })).toContainText('必填');
    expect(posted).toBe(0);
    await expect(page.locator('body')).not.toContainText(/must|digits/);
  });
});

// A department returns (退单) a ticket that is not theirs: it leaves their inbox, and the
// console takes them back to the inbox (the ticket is no longer theirs to see), not to a 404.

import { createTicket, departmentId, dispatchTicket, tokenFor } from './api';
import { DEPARTMENTS, USERS } from './people';
import { expect, signIn, test } from './fixtures';

test('department staff return a ticket and land back on their inbox', async ({ page, baseURL }) => {
  const agent = await tokenFor(baseURL!, USERS.agent.username);
  const tk = await createTicket(baseURL!, agent, '13655550005', 'Street lamp out on Elm Road');
  await dispatchTicket(baseURL!, agent, tk.id, await departmentId(baseURL!, agent, DEPARTMENTS.water));

  await signIn(page, USERS.staff.username);
  await page.goto('/inbox');
  await page.getByRole('link', { name: tk.number }).click();
  await expect(page.getByTestId('ticket-number')).toHaveText(tk.number);
  await page.getByTestId('ticket-actions').locator('[data-action="return"]').click();
  await page.getByRole('dialog').getByLabel('Reason').fill('Street lighting is the city’s, not ours');
  await page.getByTestId('action-submit').click();

  await expect(page).toHaveURL(/\/inbox$/);
  await expect(page.getByText('Done: Return')).toBeVisible();
  await expect(page.getByText('404')).toHaveCount(0);
  await expect(page.getByRole('link', { name: tk.number })).toHaveCount(0);

  // "Back" goes to where the agent was before the ticket, not to the ticket (a 404 now).
  await page.goBack();
  await expect(page.getByText('404')).toHaveCount(0);
});

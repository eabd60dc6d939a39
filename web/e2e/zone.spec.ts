// Times in the center's zone: a browser set to UTC still reads every deadline at the
// service center's wall-clock time (the SLA policy's +08:00), and is told which zone it is.

import { apiCall, createTicket, tokenFor } from './api';
import { USERS } from './people';
import { expect, signIn, test } from './fixtures';

test.use({ timezoneId: 'UTC', locale: 'en-US' });

test('a deadline shows in +08:00 to a browser in UTC, with the zone named', async ({ page, baseURL }) => {
  const agent = await tokenFor(baseURL!, USERS.agent.username);
  const created = await createTicket(baseURL!, agent, '13900008001', 'Street light out on Lane 3');
  const tk = await apiCall<{ clocks: { resolution: { due_at: string } } }>(baseURL!, `/tickets/${created.id}`, agent);
  const due = new Date(tk.clocks.resolution.due_at);
  // The due time at +08:00, written as en-US writes it ("Dec 4, 2026, 2:30 PM").
  const at8 = new Date(due.getTime() + 8 * 3600_000);
  const expected = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(at8);
  const inUtc = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(due);
  expect(expected).not.toBe(inUtc);

  await signIn(page, USERS.agent.username);
  await page.goto(`/tickets/${created.id}`);
  const clocks = page.getByTestId('ticket-clocks');
  await expect(clocks).toContainText(`Due ${expected} UTC+8`);
  await expect(clocks).not.toContainText(inUtc);
});

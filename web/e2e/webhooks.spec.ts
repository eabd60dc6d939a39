// Webhooks: an admin subscribes another system's URL to new tickets in the console; the
// system receives each one POSTed and signed with the secret shown once; the console shows
// the delivery; pausing the webhook stops them.

import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTicket, tokenFor } from './api';
import { expect, shot, signIn, test } from './fixtures';
import { ADMIN, USERS } from './people';

interface Received {
  method: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** The other system: an HTTP server on a free port that records every request and answers 200. */
async function startReceiver() {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ method: req.method ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/switchboard`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

test('an admin subscribes a receiver to new tickets; it checks the signature; pausing stops the deliveries', async ({ page, baseURL }) => {
  const receiver = await startReceiver();
  try {
    await signIn(page, ADMIN.username, ADMIN.password);
    await page.goto('/admin/api-tokens');
    await page.getByRole('tab', { name: 'Webhooks' }).click();
    await expect(page).toHaveURL(/\/admin\/webhooks$/);
    const table = page.getByTestId('webhooks-table');
    await expect(table).toContainText('No webhooks yet.');

    // The form checks its fields: a name, an absolute http(s) URL, at least one event.
    await page.getByTestId('new-webhook').click();
    const dialog = page.getByRole('dialog', { name: 'New webhook' });
    await dialog.getByRole('button', { name: 'Create webhook' }).click();
    await expect(dialog.getByText('Choose at least one event.')).toBeVisible();
    await dialog.getByLabel('Name').fill('CRM');
    await dialog.getByLabel('URL').fill('crm.example.com/hook');
    await expect(dialog.getByText('Enter an absolute http:// or https:// address.')).toBeVisible();
    await dialog.getByLabel('URL').fill(receiver.url);
    await expect(dialog.getByText('Enter an absolute http:// or https:// address.')).toHaveCount(0);

    // The typical choice, then new tickets only.
    await dialog.getByRole('button', { name: 'Typical' }).click();
    for (const name of ['Taken in', 'Resolved', 'Closed', 'At-risk warning', 'Escalated']) {
      await expect(dialog.getByRole('checkbox', { name, exact: true })).toBeChecked();
    }
    await expect(dialog.getByRole('checkbox', { name: 'Dispatched', exact: true })).not.toBeChecked();
    await expect(dialog.getByText('Choose at least one event.')).toHaveCount(0);
    await shot(page, 'admin-webhook-new');
    await dialog.getByRole('button', { name: 'Clear' }).click();
    await dialog.getByRole('checkbox', { name: 'Taken in', exact: true }).check();
    await dialog.getByRole('button', { name: 'Create webhook' }).click();

    // The signing secret, once, with how to check a delivery.
    const shown = page.getByRole('dialog', { name: 'Webhook “CRM” created' });
    await expect(shown).toBeVisible();
    await expect(shown).toContainText('it will not be shown again');
    await expect(shown).toContainText('X-Switchboard-Timestamp');
    await expect(shown.getByTestId('webhook-signature-formula')).toHaveText(
      'X-Switchboard-Signature: sha256=<hex HMAC-SHA256(secret, "{timestamp}.{body}")>',
    );
    const secret = (await shown.getByTestId('webhook-secret').textContent())!.trim();
    expect(secret).toMatch(/^\S{32,}$/);
    await shot(page, 'admin-webhook-secret');
    await shown.getByTestId('webhook-secret-done').click();
    await expect(shown).toHaveCount(0);
    expect(await page.content()).not.toContain(secret);

    const row = table.getByRole('row').filter({ hasText: 'CRM' });
    await expect(row.getByTestId('webhook-url')).toHaveText(receiver.url);
    await expect(row).toContainText('Taken in');
    await expect(row.getByRole('switch')).toBeChecked();

    // A ticket taken in elsewhere reaches the receiver, signed with the secret.
    const agent = await tokenFor(baseURL!, USERS.agent.username);
    const first = await createTicket(baseURL!, agent, '13500003001', 'Webhook: first ticket');
    await expect.poll(() => receiver.received.length).toBe(1);
    const hit = receiver.received[0]!;
    expect(hit.method).toBe('POST');
    expect(hit.headers['content-type']).toContain('application/json');
    expect(hit.headers['x-switchboard-event']).toBe('created');
    const timestamp = String(hit.headers['x-switchboard-timestamp']);
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(300);
    const signature = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${hit.body}`).digest('hex')}`;
    expect(hit.headers['x-switchboard-signature']).toBe(signature);
    const forged = `sha256=${createHmac('sha256', 'another-secret').update(`${timestamp}.${hit.body}`).digest('hex')}`;
    expect(hit.headers['x-switchboard-signature']).not.toBe(forged);
    const body = JSON.parse(hit.body) as { delivery_id: string; event: { kind: string }; ticket: { id: string; number: string } };
    expect(body.delivery_id).toBe(hit.headers['x-switchboard-delivery']);
    expect(body.event.kind).toBe('created');
    expect(body.ticket.id).toBe(first.id);
    expect(body.ticket.number).toBe(first.number);
    expect(hit.body).not.toContain('13500003001'); // phones are never sent

    // The console shows it delivered, with the receiver's 200 and the JSON sent.
    await row.getByRole('button', { name: 'Deliveries' }).click();
    const drawer = page.getByRole('dialog', { name: 'Deliveries of “CRM”' });
    await expect(drawer).toBeVisible();
    const delivered = drawer.getByTestId('webhook-deliveries-table').getByRole('row').filter({ hasText: 'Taken in' });
    await expect(delivered.locator('[data-delivery-status="delivered"]')).toHaveText('Delivered');
    await expect(delivered.getByTestId('delivery-http-status')).toHaveText('HTTP 200');
    await expect(delivered.getByRole('cell', { name: '1', exact: true })).toBeVisible();
    await delivered.getByRole('button', { name: 'Expand row' }).click();
    const payload = drawer.getByTestId('delivery-payload');
    await expect(payload).toContainText(`"number": "${first.number}"`);
    await expect(drawer).toContainText(String(hit.headers['x-switchboard-delivery']));
    await shot(page, 'admin-webhook-deliveries');
    await drawer.getByRole('button', { name: 'Close' }).click();
    await expect(drawer).toHaveCount(0);

    // Paused: the next ticket is not sent, nor queued.
    await row.getByRole('switch', { name: 'Send to “CRM”' }).click();
    await expect(page.getByText('Webhook “CRM” paused.')).toBeVisible();
    await expect(row.getByRole('switch')).not.toBeChecked();
    await createTicket(baseURL!, agent, '13500003002', 'Webhook: while paused');
    await page.waitForTimeout(2_000);
    expect(receiver.received).toHaveLength(1);
    await row.getByRole('button', { name: 'Deliveries' }).click();
    await expect(drawer).toContainText('This webhook is paused');
    await expect(drawer.locator('[data-delivery-status]')).toHaveCount(1);
    await drawer.getByRole('button', { name: 'Close' }).click();

    // Edited: renamed, the typical events; still paused. Beyond three events, a "+N".
    await row.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit webhook “CRM”' });
    await expect(edit.getByLabel('URL')).toHaveValue(receiver.url);
    await expect(edit.getByRole('checkbox', { name: 'Taken in', exact: true })).toBeChecked();
    await expect(edit.getByRole('checkbox', { name: 'Closed', exact: true })).not.toBeChecked();
    await edit.getByLabel('Name').fill('CRM (typical)');
    await edit.getByRole('button', { name: 'Typical' }).click();
    await edit.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('Webhook saved.')).toBeVisible();
    await expect(edit).toHaveCount(0);
    const renamed = table.getByRole('row').filter({ hasText: 'CRM (typical)' });
    await expect(renamed.getByTestId('webhook-more-events')).toHaveText('+2');
    await expect(renamed.getByRole('switch')).not.toBeChecked();
    await shot(page, 'admin-webhooks');
  } finally {
    await receiver.close();
  }
});

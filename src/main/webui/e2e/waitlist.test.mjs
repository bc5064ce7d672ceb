// A sold-out event: a buyer joins its waiting list for two seats together; when another buyer's hold comes back the
// seats are held for the buyer on the list (not put back on sale), the page takes the offer without a reload, and
// the buyer pays for it. "My tickets" lists the entry while it waits.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { api, checkA11y, env, launch, logIn, newPage, shot } from './support.mjs';

const EVENT = env('WAITLIST_EVENT_ID');
const browser = await launch();
after(() => browser.close());

test('a buyer on the waiting list of a sold-out event gets the seats that come back and buys them', async () => {
  // another buyer holds every seat: the event is sold out
  const held = await api(`/api/events/${EVENT}/holds`, {
    method: 'POST', token: env('WAITLIST_HOLDER_TOKEN'), body: { seats: ['ORCH-A-1', 'ORCH-A-2', 'ORCH-A-3', 'ORCH-A-4'] },
  });
  assert.equal(held.status, 201);

  const page = await newPage(browser);
  await logIn(page, env('WAITLIST_BUYER_EMAIL'), `/events/${EVENT}`);
  await page.locator('[data-testid="seat-map"][data-live="true"]').waitFor();
  await page.getByTestId('waitlist-join').waitFor();
  await page.getByTestId('waitlist-quantity').fill('2');
  await page.getByTestId('waitlist-join').click();
  const status = page.getByTestId('waitlist-status');
  await status.and(page.locator('[data-status="WAITING"][data-position="1"]')).waitFor();
  await checkA11y(page, 'waiting list');
  await shot(page, 'phone-waitlist');

  const tickets = await newPage(browser);
  await logIn(tickets, env('WAITLIST_BUYER_EMAIL'), '/me/tickets');
  await tickets.locator(`[data-testid="waitlist-entry"][data-event-id="${EVENT}"][data-status="WAITING"]`).waitFor();

  // the other buyer lets go: two seats together are held for the one on the list, the page shows them as its own
  assert.equal((await api(`/api/holds/${held.body.id}`, { method: 'DELETE', token: env('WAITLIST_HOLDER_TOKEN') })).status, 204);
  await page.getByTestId('hold-timer').waitFor({ timeout: 15_000 });
  assert.equal(await page.locator('[data-testid="seat"][data-status="MINE"]').count(), 2);
  assert.equal(await page.locator('[data-testid="seat"][data-status="AVAILABLE"]').count(), 2, 'the other two go back on sale');
  await shot(page, 'phone-waitlist-offer');

  await page.getByTestId('checkout-button').click();
  await page.locator('[data-testid="order-status"][data-status="CONFIRMED"]').waitFor();
});

// A buyer passes the waiting room: joins, watches the position and the estimated wait, is admitted, continues to
// the seat map with the admission token and buys with the best-available picker.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { api, checkA11y, env, launch, logIn, newPage, shot } from './support.mjs';

const EVENT = env('QUEUE_EVENT_ID');
const browser = await launch();
after(() => browser.close());

test('a buyer passes the waiting room and buys', async () => {
  const page = await newPage(browser);
  // without an admission the event page sends buyers to the queue
  await page.goto(`/events/${EVENT}`);
  await page.getByRole('link', { name: 'Join the waiting room' }).waitFor();

  await logIn(page, env('QUEUE_BUYER_EMAIL'), `/queue/${EVENT}`);
  // three others join first and the room lets one in a minute: this buyer waits
  for (const token of env('QUEUE_AHEAD_TOKENS').split(',')) {
    assert.equal((await api(`/api/events/${EVENT}/queue`, { method: 'POST', token })).status, 201);
  }
  await page.getByTestId('queue-join').click();
  const status = page.getByTestId('queue-status');
  await status.and(page.locator('[data-status="WAITING"]')).waitFor();
  const position = Number(await page.getByTestId('queue-position').textContent());
  assert.ok(position >= 2, `a place behind the others (${position})`);
  await checkA11y(page, 'waiting room');
  await shot(page, 'phone-queue-waiting');

  // the organizer opens the doors wider: the position moves and the buyer is let in, without a reload
  const room = { enabled: true, admissionsPerMinute: 6000, maxActiveShoppers: 100, sessionMinutes: 15 };
  const patched = await api(`/api/events/${EVENT}`, { method: 'PATCH', token: env('ORGANIZER_TOKEN'), body: { waitingRoom: room } });
  assert.equal(patched.status, 200);
  await status.and(page.locator('[data-status="ADMITTED"]')).waitFor({ timeout: 20_000 });
  await shot(page, 'phone-queue-admitted');

  await page.getByTestId('queue-continue').click();
  await page.locator('[data-testid="seat-map"][data-live="true"]').waitFor();
  await page.getByTestId('best-available-quantity').fill('2');
  await page.getByTestId('best-available').click();
  await page.getByTestId('hold-timer').waitFor();
  assert.equal(await page.locator('[data-testid="seat"][data-status="MINE"]').count(), 2);
  await page.getByTestId('checkout-button').click();
  await page.locator('[data-testid="order-status"][data-status="CONFIRMED"]').waitFor();
});

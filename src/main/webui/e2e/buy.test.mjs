// A buyer on a phone buys two seats from the live seat map and sees the tickets' QR codes; a second browser sees
// those seats turn unavailable within a second, without a reload.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  DESKTOP, checkA11y, env, launch, logIn, newPage, seat, seatChangedAt, shot, tapSeat, watchSeatChanges,
} from './support.mjs';

const EVENT = env('EVENT_ID');
const BUYER = env('BUYER_EMAIL');
const browser = await launch();
after(() => browser.close());

test('a buyer on a phone buys two seats from the seat map; another buyer sees them taken live', async () => {
  const watcher = await newPage(browser);
  await watcher.goto(`/events/${EVENT}`);
  await watcher.locator('[data-testid="seat-map"][data-live="true"]').waitFor();
  await watchSeatChanges(watcher);

  const page = await newPage(browser);
  await page.goto('/');
  await page.getByTestId('event-search').fill(env('SEARCH_TAG'));
  for (const id of [EVENT, env('QUEUE_EVENT_ID'), env('EXPIRY_EVENT_ID')]) {
    await page.locator(`[data-testid="event-card"][data-event-id="${id}"]`).waitFor();
  }
  await shot(page, 'phone-events');
  await checkA11y(page, 'events');

  await page.locator(`[data-testid="event-card"][data-event-id="${EVENT}"]`).click();
  await page.locator('[data-testid="seat-map"][data-live="true"]').waitFor();
  await shot(page, 'phone-event');
  await checkA11y(page, 'event page');

  await tapSeat(page, 'ORCH-C-6');
  await tapSeat(page, 'ORCH-C-7');
  await shot(page, 'phone-seats-selected');

  // not logged in yet: holding asks to log in and comes back with the same seats picked
  await page.getByTestId('hold-button').click();
  await page.waitForURL(/\/login\?next=/);
  await checkA11y(page, 'login');
  await shot(page, 'phone-login');
  await page.getByTestId('login-email').fill(BUYER);
  await page.getByTestId('login-password').fill(env('PASSWORD'));
  await page.getByTestId('login-submit').click();
  await page.waitForURL(new RegExp(`/events/${EVENT}$`));
  await seat(page, 'ORCH-C-6').and(page.locator('[aria-pressed="true"]')).waitFor();
  assert.equal(await seat(page, 'ORCH-C-7').getAttribute('aria-pressed'), 'true');

  const held = page.waitForResponse((r) => r.url().endsWith(`/api/events/${EVENT}/holds`) && r.request().method() === 'POST');
  const tappedAt = Date.now();
  await page.getByTestId('hold-button').click();
  assert.equal((await held).status(), 201);
  await page.getByTestId('hold-timer').waitFor();
  assert.equal(await seat(page, 'ORCH-C-6').getAttribute('data-status'), 'MINE');

  for (const id of ['ORCH-C-6', 'ORCH-C-7']) {
    const lag = (await seatChangedAt(watcher, id, 'HELD')) - tappedAt;
    console.log(`[live] ${id} shown HELD in the other browser ${lag} ms after the buyer tapped "Hold"`);
    assert.ok(lag < 1000, `${id} turned unavailable in the other browser within a second (${lag} ms)`);
  }
  await shot(page, 'phone-hold');
  await shot(watcher, 'phone-event-live-other-buyer');

  await page.getByTestId('checkout-button').click();
  await page.locator('[data-testid="order-status"][data-status="CONFIRMED"]').waitFor();
  await shot(page, 'phone-confirmed');
  await seatChangedAt(watcher, 'ORCH-C-6', 'SOLD');
  await seatChangedAt(watcher, 'ORCH-C-7', 'SOLD');

  await page.getByRole('link', { name: 'See my tickets' }).click();
  await page.waitForURL(/\/me\/tickets$/);
  await assertTickets(page, 2);
  await checkA11y(page, 'my tickets');
  await shot(page, 'phone-tickets');

  // the desktop view of the same pages
  const desk = await newPage(browser, DESKTOP);
  await logIn(desk, BUYER, '/');
  await desk.getByTestId('event-card').first().waitFor();
  await shot(desk, 'desktop-events');
  await desk.goto(`/events/${EVENT}`);
  await desk.locator('[data-testid="seat-map"][data-live="true"]').waitFor();
  await tapSeat(desk, 'ORCH-D-5');
  await tapSeat(desk, 'ORCH-D-6');
  await checkA11y(desk, 'event page (desktop)');
  await shot(desk, 'desktop-event');
  await desk.goto('/me/tickets');
  await assertTickets(desk, 2);
  await shot(desk, 'desktop-tickets');

  // cancel where the rules allow: the event has not started, so the order is refunded and the seats are back
  await page.getByRole('tab', { name: 'Orders' }).click();
  const order = page.getByTestId('order').first();
  await order.and(page.locator('[data-status="CONFIRMED"]')).waitFor();
  await shot(page, 'phone-orders');
  await order.getByTestId('order-cancel').click();
  await order.getByTestId('order-cancel').click();
  await page.locator('[data-testid="order"][data-status="REFUNDED"]').waitFor();
  await seatChangedAt(watcher, 'ORCH-C-6', 'AVAILABLE');
});

async function assertTickets(page, count) {
  await page.getByTestId('ticket').nth(count - 1).waitFor();
  assert.equal(await page.getByTestId('ticket').count(), count);
  for (let i = 0; i < count; i++) {
    const qr = page.getByTestId('ticket-qr').nth(i);
    await qr.scrollIntoViewIfNeeded();
    await qr.waitFor();
    await page.waitForFunction((el) => el.complete && el.naturalWidth > 0, await qr.elementHandle());
    const box = await qr.boundingBox();
    assert.ok(box.width >= 200 && box.height >= 200, `QR code ${i} is large enough to scan (${box.width}x${box.height})`);
  }
  await page.evaluate(() => window.scrollTo(0, 0));
}

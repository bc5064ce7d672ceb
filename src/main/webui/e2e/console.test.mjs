// The organizers' console and the door: an organizer builds a venue and an event in the console, publishes it and
// watches the dashboard count a sale made in another browser; adds door staff, downloads the attendee CSV; the staff
// scan tickets on a phone (manual entry): the first scan passes, the second is refused, and scans made offline are
// checked with the bundle and sent when back online, with the server's refusals reported.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { randomUUID } from 'node:crypto';
import { BASE_URL, DESKTOP, PHONE, api, checkA11y, env, launch, logIn, newPage, shot, tapSeat } from './support.mjs';

const PASSWORD = env('PASSWORD');
const browser = await launch();
after(() => browser.close());

async function account(role, displayName) {
  const email = `${role.toLowerCase()}-${randomUUID()}@example.test`;
  const created = await api('/api/auth/register', { method: 'POST', body: { email, password: PASSWORD, displayName, role } });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const login = await api('/api/auth/login', { method: 'POST', body: { email, password: PASSWORD } });
  return { email, token: login.body.accessToken };
}

const organizer = await account('ORGANIZER', 'Harbour Nights');
const buyer = await account('ATTENDEE', 'Sam Buyer');
const staff = await account('ATTENDEE', 'Dana Door');
const tag = randomUUID().slice(0, 6);
const state = {};

/** A datetime-local value `days` from now at 20:00 (the venue's zone is the page's: Europe/Berlin). */
const localDay = (days, hour = 20) => {
  const d = new Date(Date.now() + days * 86_400_000);
  return `${d.toISOString().slice(0, 10)}T${String(hour).padStart(2, '0')}:00`;
};

test('an organizer builds a venue and an event in the console, publishes it and watches a sale on the dashboard', async () => {
  const page = await newPage(browser, DESKTOP);
  await logIn(page, organizer.email, '/organizer');
  await page.waitForURL(/\/organizer$/);
  await page.getByTestId('nav-console').waitFor();

  await page.getByRole('link', { name: 'New venue' }).click();
  await page.getByTestId('venue-form').waitFor();
  await page.getByTestId('venue-name').fill(`Harbour Hall ${tag}`);
  await page.getByTestId('venue-address').fill('3 Pier Road, Hamburg');
  await page.getByTestId('venue-timezone').selectOption('Europe/Berlin');
  await page.getByTestId('venue-section-add').click();
  await page.getByTestId('section-name').last().fill('Standing');
  await page.getByTestId('section-key').last().fill('pit');               // upper-cased as typed
  await page.getByTestId('section-kind').last().selectOption('GENERAL_ADMISSION');
  await page.getByTestId('section-capacity').last().fill('40');
  await page.getByTestId('venue-section-add').click();
  await page.getByTestId('section-name').last().fill('Stalls');
  await page.getByTestId('section-key').last().fill('STALLS');
  for (const seats of ['10', '12', '12', '14']) {
    await page.getByTestId('venue-row-add').last().click();
    await page.getByTestId('row-seats').last().fill(seats);
  }
  assert.deepEqual(await page.getByTestId('row-label').evaluateAll((els) => els.map((e) => e.value)), ['A', 'B', 'C', 'D']);
  await page.locator('[data-testid="venue-preview"] [data-seat-id="STALLS-D-14"]').waitFor();
  await checkA11y(page, 'venue builder');
  await shot(page, 'desktop-console-venue', true);
  await page.getByTestId('venue-save').click();

  // the event editor opens with the new venue
  await page.waitForURL(/\/organizer\/events\/new\?venue=/);
  await page.getByTestId('event-name').fill(`Harbour Lights ${tag}`);
  await page.getByTestId('event-description').fill('Sea shanties and strings on the pier.');
  await page.getByTestId('event-starts-at').fill(localDay(20));
  await page.getByTestId('event-ends-at').fill(localDay(20, 23));
  await page.getByTestId('event-max-per-order').fill('4');
  await page.getByTestId('event-max-per-user').fill('8');
  await page.locator('[data-testid="event-price"][data-section="STALLS"]').fill('59.00');
  await page.locator('[data-testid="event-price"][data-section="PIT"]').fill('29.50');
  await page.getByTestId('event-waiting-room').check();
  await page.getByTestId('event-waiting-room').uncheck();
  await checkA11y(page, 'event editor');
  await page.getByTestId('event-save').click();
  await page.locator('[data-testid="event-form"][data-status="DRAFT"]').waitFor();
  const eventId = /\/organizer\/events\/([^/]+)\/edit/.exec(page.url())[1];
  state.eventId = eventId;
  const draft = await api(`/api/events/${eventId}`, { token: organizer.token });
  assert.equal(draft.body.status, 'DRAFT');
  assert.equal(draft.body.maxSeatsPerOrder, 4);
  assert.equal(draft.body.maxSeatsPerUser, 8);
  assert.deepEqual(draft.body.prices.map((p) => `${p.section}=${p.price}`).sort(), ['PIT=29.50', 'STALLS=59.00']);
  assert.equal(new Date(draft.body.startsAt).getUTCHours(), new Date(`${localDay(20)}:00+01:00`).getUTCHours(), 'start in the venue zone');
  await shot(page, 'desktop-console-event', true);

  await page.getByTestId('event-publish').click();
  await page.waitForURL(new RegExp(`/organizer/events/${eventId}$`));
  await page.locator('[data-testid="stats-sold"][data-value="0"]').waitFor();
  await page.locator('[data-testid="dashboard-live"][data-live="true"]').waitFor();
  assert.equal(await page.getByTestId('stats-available').getAttribute('data-value'), '88');
  await checkA11y(page, 'dashboard');

  // a buyer in another browser context buys two seats; the dashboard follows without a reload
  const shopper = await newPage(browser, PHONE);
  await logIn(shopper, buyer.email, `/events/${eventId}`);
  await shopper.locator('[data-testid="seat-map"][data-live="true"]').waitFor();
  await tapSeat(shopper, 'STALLS-B-6');
  await tapSeat(shopper, 'STALLS-B-7');
  await shopper.getByTestId('hold-button').click();
  await shopper.getByTestId('hold-timer').waitFor();
  await page.locator('[data-testid="stats-held"][data-value="2"]').waitFor({ timeout: 10_000 });
  await page.locator('[data-testid="dashboard-map"] [data-seat-id="STALLS-B-6"][data-status="HELD"]').waitFor();
  await shot(page, 'desktop-dashboard-hold');
  const heldAt = Date.now();
  await shopper.getByTestId('checkout-button').click();
  await shopper.locator('[data-testid="order-status"][data-status="CONFIRMED"]').waitFor();
  await page.locator('[data-testid="stats-sold"][data-value="2"]').waitFor({ timeout: 10_000 });
  console.log(`[dashboard] the sale showed on the dashboard ${Date.now() - heldAt} ms after checkout started`);
  await page.locator('[data-testid="stats-revenue"][data-value="118"]').waitFor();
  await page.locator('[data-testid="sales-chart"][data-total="2"]').waitFor();
  await page.locator('[data-testid="tier-chart"] [data-section="STALLS"][data-sold="2"]').waitFor();
  await page.locator('[data-testid="dashboard-map"] [data-seat-id="STALLS-B-7"][data-status="SOLD"]').waitFor();
  assert.equal(await page.getByTestId('stats-held').getAttribute('data-value'), '0');
  await page.getByTestId('attendee-row').nth(1).waitFor();
  await shot(page, 'desktop-dashboard-sale', true);
  await shopper.context().close();

  // the tablet view of the same dashboard
  const tablet = await newPage(browser, { viewport: { width: 820, height: 1180 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 });
  await logIn(tablet, organizer.email, `/organizer/events/${eventId}`);
  await tablet.locator('[data-testid="stats-sold"][data-value="2"]').waitFor();
  await tablet.locator('[data-testid="sales-chart"][data-total="2"]').waitFor();
  await shot(tablet, 'tablet-dashboard');
  await tablet.context().close();
  state.dashboard = page;
});

test('the attendee CSV downloads and staff are added by e-mail', async () => {
  const page = state.dashboard;
  await page.getByTestId('attendee-search').fill('sam buyer');
  await page.getByTestId('attendee-row').nth(1).waitFor();
  await page.getByTestId('attendee-search').fill('nobody-like-this');
  await page.getByText('Nobody matches').waitFor();
  await page.getByTestId('attendee-search').fill('');
  await page.getByTestId('attendee-row').nth(1).waitFor();

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('attendee-csv').click()]);
  assert.match(download.suggestedFilename(), /\.csv$/);
  const csv = readFileSync(await download.path(), 'utf8').trim().split(/\r?\n/);
  assert.equal(csv.length, 3, `a header and two tickets: ${csv.join(' | ')}`);
  assert.ok(csv.slice(1).every((line) => line.includes(buyer.email)), csv.join('\n'));
  assert.ok(csv.slice(1).some((line) => line.includes('STALLS-B-6')));

  await page.getByTestId('staff-email').fill(`nobody-${randomUUID()}@example.test`);
  await page.getByTestId('staff-add').click();
  await page.locator('[data-testid="error-message"]').waitFor();
  await page.getByTestId('staff-email').fill(staff.email);
  await page.getByTestId('staff-add').click();
  await page.locator(`[data-testid="staff-member"][data-email="${staff.email}"]`).waitFor();
  await checkA11y(page, 'dashboard with attendees and staff');

  const home = await newPage(browser, DESKTOP);
  await logIn(home, organizer.email, '/organizer');
  await home.locator(`[data-testid="console-event"][data-event-id="${state.eventId}"][data-status="ON_SALE"]`).waitFor();
  await home.getByTestId('console-venue').first().waitFor();
  await checkA11y(home, 'console home');
  await shot(home, 'desktop-console');
  await home.context().close();
});

test('door staff scan tickets on a phone: a second scan is refused; offline scans are sent later and refusals shown', async () => {
  const eventId = state.eventId;
  const tickets = (await api('/api/me/tickets', { token: buyer.token })).body.items.filter((t) => t.eventId === eventId);
  assert.equal(tickets.length, 2);
  const codes = [];
  for (const t of tickets) codes.push((await api(`/api/tickets/${t.id}`, { token: buyer.token })).body.code);

  const door = await newPage(browser, PHONE);
  await logIn(door, staff.email, `/door/${eventId}`);
  await door.waitForURL(new RegExp(`/door/${eventId}$`));
  await door.locator('[data-testid="door"][data-offline-ready="true"]').waitFor();
  // a built app (not the Vite dev server) caches its shell for offline reloads
  const built = (await door.locator('script[src="/@vite/client"]').count()) === 0;
  if (built) await door.locator('[data-testid="door"][data-offline-shell="true"]').waitFor();
  await checkA11y(door, 'door scanner');
  await shot(door, 'phone-door-ready');

  await door.getByTestId('scan-input').fill(codes[0]);
  await door.getByTestId('scan-submit').click();
  await door.locator('[data-testid="scan-result"][data-result="ok"]').waitFor();
  await door.locator('[data-testid="scan-count"][data-value="1"]').waitFor();
  await checkA11y(door, 'door scanner, admitted');
  await shot(door, 'phone-door-ok');

  await door.getByTestId('scan-input').fill(codes[0]);
  await door.getByTestId('scan-submit').click();
  await door.locator('[data-testid="scan-result"][data-result="already-checked-in"]').waitFor();
  assert.match(await door.getByTestId('scan-result').innerText(), /Already checked in/);
  assert.equal(await door.getByTestId('scan-count').getAttribute('data-value'), '1');
  await checkA11y(door, 'door scanner, refused');
  await shot(door, 'phone-door-refused');

  await door.getByTestId('scan-input').fill(`${codes[1].slice(0, -3)}AAA`);   // an altered signature
  await door.getByTestId('scan-submit').click();
  await door.locator('[data-testid="scan-result"][data-result="invalid"]').waitFor();

  // offline: the bundle decides; the second ticket passes and waits to be sent
  await door.context().setOffline(true);
  await door.locator('[data-testid="door"][data-online="false"]').waitFor();
  await door.getByTestId('scan-input').fill(codes[1]);
  await door.getByTestId('scan-submit').click();
  await door.locator('[data-testid="scan-result"][data-result="ok"][data-offline="true"]').waitFor();
  await door.locator('[data-testid="door"][data-queued="1"]').waitFor();
  await door.getByTestId('scan-input').fill(codes[0]);
  await door.getByTestId('scan-submit').click();
  await door.locator('[data-testid="scan-result"][data-result="already-checked-in"][data-offline="true"]').waitFor();
  await shot(door, 'phone-door-offline');
  if (built) {
    // the page reloads without network: the service worker's shell starts it, the device keeps its memory
    await door.reload();
    await door.locator('[data-testid="door"][data-offline-ready="true"][data-queued="1"][data-online="false"]').waitFor();
    await door.getByTestId('scan-input').fill(codes[1]);
    await door.getByTestId('scan-submit').click();
    await door.locator('[data-testid="scan-result"][data-result="already-checked-in"][data-offline="true"]').waitFor();
    console.log('[door] reloaded offline: the shell came from the service worker, the queue and memory from localStorage');
  }

  // meanwhile another door let the second ticket in: back online, the queued scan is refused and said so
  const other = await api(`/api/events/${eventId}/checkins`, { method: 'POST', token: organizer.token, body: { code: codes[1] } });
  assert.equal(other.status, 200);
  await door.context().setOffline(false);
  await door.locator(`[data-testid="sync-refused"][data-ticket-id="${ticketOf(codes[1])}"][data-result="already-checked-in"]`)
    .waitFor({ timeout: 15_000 });
  await door.locator('[data-testid="door"][data-queued="0"]').waitFor();
  assert.equal(await door.getByTestId('scan-count').getAttribute('data-value'), '1', 'the refused scan no longer counts');
  await checkA11y(door, 'door scanner, sync report');
  await shot(door, 'phone-door-sync-refused');

  // the organizer's dashboard counts both check-ins (it polls for them)
  await state.dashboard.locator('[data-testid="stats-checked-in"][data-value="2"]').waitFor({ timeout: 15_000 });
});

test('the camera reads a ticket\'s QR code (a fake camera showing the ticket\'s QR image)', async () => {
  const eventId = state.eventId;
  // one more ticket: a standing place bought through the API
  const hold = await api(`/api/events/${eventId}/holds`, { method: 'POST', token: buyer.token, body: { section: 'PIT', quantity: 1 } });
  assert.equal(hold.status, 201, JSON.stringify(hold.body));
  const order = await api('/api/orders', { method: 'POST', token: buyer.token, body: { holdId: hold.body.id } });
  assert.equal(order.body.status, 'CONFIRMED');
  const ticketId = order.body.tickets[0].id;
  const qr = await fetch(`${BASE_URL}/api/tickets/${ticketId}/qr.png`, { headers: { authorization: `Bearer ${buyer.token}` } });
  assert.equal(qr.status, 200);
  const png = Buffer.from(await qr.arrayBuffer()).toString('base64');

  // the QR image as a Y4M video: Chromium's fake camera plays it
  const painter = await newPage(browser, DESKTOP);
  const frame = await painter.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = 640; c.height = 480;
    const g = c.getContext('2d');
    g.fillStyle = '#fff'; g.fillRect(0, 0, 640, 480);
    g.imageSmoothingEnabled = false;
    g.drawImage(img, 120, 40, 400, 400);
    const d = g.getImageData(0, 0, 640, 480).data;
    const y = new Array(640 * 480);
    for (let i = 0; i < y.length; i++) y[i] = Math.round(0.299 * d[i * 4] + 0.587 * d[i * 4 + 1] + 0.114 * d[i * 4 + 2]);
    return y;
  }, png);
  await painter.context().close();
  const header = Buffer.from('YUV4MPEG2 W640 H480 F10:1 Ip A1:1 C420jpeg\n');
  const one = Buffer.concat([Buffer.from('FRAME\n'), Buffer.from(frame), Buffer.alloc(640 * 480 / 2, 128)]);
  const video = join(mkdtempSync(join(tmpdir(), 'bookit-cam-')), 'ticket.y4m');
  writeFileSync(video, Buffer.concat([header, one, one, one]));

  const camBrowser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${video}`],
  });
  try {
    const door = await newPage(camBrowser, PHONE);
    await door.context().grantPermissions(['camera']);
    await logIn(door, staff.email, `/door/${eventId}`);
    await door.locator('[data-testid="door"][data-offline-ready="true"]').waitFor();
    await door.getByTestId('scan-camera').click();
    await door.locator('[data-testid="door"][data-camera="on"]').waitFor();
    await door.locator('[data-testid="scan-result"][data-result="ok"]').waitFor({ timeout: 15_000 });
    console.log(`[door] the camera read the code with ${await door.getByTestId('door').getAttribute('data-engine')}`);
    assert.match(await door.getByTestId('scan-result').innerText(), /PIT/);
    await shot(door, 'phone-door-camera');
    await door.getByTestId('scan-camera').click();
    await door.locator('[data-testid="door"][data-camera="off"]').waitFor();
  } finally {
    await camBrowser.close();
  }
});

test('the organizer edits the event (name, limits, a waiting room) and then cancels it, which refunds the orders', async () => {
  const eventId = state.eventId;
  const page = state.dashboard;
  await page.getByRole('link', { name: 'Edit' }).click();
  await page.locator('[data-testid="event-form"][data-status="ON_SALE"]').waitFor();
  assert.equal(await page.getByTestId('event-venue').isDisabled(), true, 'the venue is fixed once on sale');
  assert.equal(await page.locator('[data-testid="event-price"][data-section="STALLS"]').isDisabled(), true);
  await page.getByTestId('event-name').fill(`Harbour Lights ${tag} (late show)`);
  await page.getByTestId('event-max-per-user').fill('0');
  await page.getByTestId('event-waiting-room').check();
  await page.getByTestId('event-room-rate').fill('120');
  await page.getByTestId('event-room-session').fill('10');
  await checkA11y(page, 'event editor, on sale, waiting room');
  await page.getByTestId('event-save').click();
  await page.getByText('Saved.').waitFor();
  const edited = (await api(`/api/events/${eventId}`, { token: organizer.token })).body;
  assert.equal(edited.name, `Harbour Lights ${tag} (late show)`);
  assert.equal(edited.maxSeatsPerUser, null, '0 removes the per-buyer cap');
  assert.equal(edited.waitingRoom.enabled, true);
  assert.equal(edited.waitingRoom.admissionsPerMinute, 120);
  assert.equal(edited.waitingRoom.sessionMinutes, 10);
  assert.equal(edited.status, 'ON_SALE');

  await page.getByTestId('event-cancel').click();                       // asks first
  await page.locator('[data-testid="event-cancel"][data-confirm="true"]').click();
  await page.locator('[data-testid="event-form"][data-status="CANCELLED"]').waitFor();
  assert.equal((await api(`/api/events/${eventId}`, { token: organizer.token })).body.status, 'CANCELLED');
  // the refunds follow through the outbox: wait for them
  let statuses = [];
  for (const until = Date.now() + 30_000; Date.now() < until;) {
    statuses = (await api('/api/me/orders', { token: buyer.token })).body.items.filter((o) => o.eventId === eventId).map((o) => o.status);
    if (statuses.length >= 2 && statuses.every((st) => st === 'REFUNDED')) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  assert.ok(statuses.length >= 2 && statuses.every((st) => st === 'REFUNDED'), `orders refunded: ${statuses}`);
});

/** The ticket id inside a code (payload bytes 0–15). */
function ticketOf(code) {
  const hex = Buffer.from(code.split('.')[1], 'base64url').subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

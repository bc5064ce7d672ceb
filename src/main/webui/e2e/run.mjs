// Runs the browser tests against a running Bookit: prepares their data through the public API (an organizer, a
// venue, three events on sale, one behind a waiting room with shoppers ahead, a tiny one for the waiting list, buyers), then runs every
// e2e/*.test.mjs one after another with node's test runner and exits with its code.
//   BASE_URL (default http://localhost:8080), HOLD_TTL_SECONDS (the server's bookit.holds.ttl; the expiry test
//   waits that long, default 600), SCREENSHOT_DIR (default target/screenshots), CHROMIUM (default /usr/bin/chromium)
// WebAppTest runs it in ./mvnw verify with 20-second holds; by hand: `npm run e2e` in src/main/webui.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';

const BASE_URL = (process.env.BASE_URL ?? 'http://localhost:8080').replace(/\/$/, '');
const PASSWORD = 'correct-horse-battery';

async function call(method, path, body, token) {
  const response = await fetch(`${BASE_URL}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

async function account(role) {
  const email = `${role.toLowerCase()}-${randomUUID()}@example.test`;
  await call('POST', '/api/auth/register', { email, password: PASSWORD, displayName: role === 'ORGANIZER' ? 'Riverside Live' : 'Alex Buyer', role });
  const { accessToken } = await call('POST', '/api/auth/login', { email, password: PASSWORD });
  return { email, token: accessToken };
}

const rows = (labels, seats) => [...labels].map((label) => ({ label, seats }));

async function event(organizer, venueId, name, inDays, extra = {}) {
  const start = new Date(Date.now() + inDays * 86_400_000);
  start.setUTCMinutes(0, 0, 0);
  start.setUTCHours(19);
  const created = await call('POST', '/api/events', {
    venueId, name, currency: 'EUR', maxSeatsPerOrder: 6,
    description: 'An evening of strings and light by the river. Doors open an hour before the show.',
    startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 3 * 3_600_000).toISOString(),
    prices: [{ section: 'ORCH', price: '79.00' }, { section: 'BALC', price: '49.00' }, { section: 'PIT', price: '35.00' }],
    ...extra,
  }, organizer.token);
  await call('POST', `/api/events/${created.id}/publish`, undefined, organizer.token);
  return created.id;
}

const organizer = await account('ORGANIZER');
const venue = await call('POST', '/api/venues', {
  name: 'Riverside Hall', address: '12 Quay Street, Berlin', timezone: 'Europe/Berlin',
  sections: [
    { key: 'PIT', name: 'Standing pit', kind: 'GENERAL_ADMISSION', capacity: 60 },
    { key: 'ORCH', name: 'Orchestra', kind: 'SEATED', rows: rows('ABCDEFGH', 12) },
    { key: 'BALC', name: 'Balcony', kind: 'SEATED', rows: rows('JKLM', 14) },
  ],
}, organizer.token);
const tag = randomUUID().slice(0, 8);
// a room that lets one shopper in a minute; three shoppers join just ahead of the browser's buyer (queue.test.mjs),
// who then waits in line however long the tests before it took
const queueEvent = await event(organizer, venue.id, `Flash Sale Night ${tag}`, 45,
  { waitingRoom: { enabled: true, admissionsPerMinute: 1, maxActiveShoppers: 100, sessionMinutes: 15 } });
const queueAhead = [];
for (let i = 0; i < 3; i++) queueAhead.push((await account('ATTENDEE')).token);

// a four-seat studio whose seats another buyer holds in the waiting-list test: sold out until they come back
const studio = await call('POST', '/api/venues', {
  name: 'Studio Two', address: '3 Quay Street, Berlin', timezone: 'Europe/Berlin',
  sections: [{ key: 'ORCH', name: 'Studio', kind: 'SEATED', rows: rows('A', 4) }],
}, organizer.token);
const holder = await account('ATTENDEE');

const env = {
  ...process.env,
  BASE_URL, PASSWORD, SEARCH_TAG: tag,
  HOLD_TTL_SECONDS: process.env.HOLD_TTL_SECONDS ?? '600',
  ORGANIZER_TOKEN: organizer.token,
  EVENT_ID: await event(organizer, venue.id, `Aurora Strings ${tag}`, 30),
  QUEUE_EVENT_ID: queueEvent,
  QUEUE_AHEAD_TOKENS: queueAhead.join(','),
  EXPIRY_EVENT_ID: await event(organizer, venue.id, `Late Show ${tag}`, 60),
  BUYER_EMAIL: (await account('ATTENDEE')).email,
  QUEUE_BUYER_EMAIL: (await account('ATTENDEE')).email,
  EXPIRY_BUYER_EMAIL: (await account('ATTENDEE')).email,
  WAITLIST_EVENT_ID: await event(organizer, studio.id, `Intimate Session ${tag}`, 20, { prices: [{ section: 'ORCH', price: '59.00' }] }),
  WAITLIST_HOLDER_TOKEN: holder.token,
  WAITLIST_BUYER_EMAIL: (await account('ATTENDEE')).email,
};
const only = process.argv.slice(2);
const files = (only.length ? only : readdirSync(new URL('.', import.meta.url)).filter((f) => f.endsWith('.test.mjs')).sort().map((f) => `e2e/${f}`));
const child = spawn(process.execPath, ['--test', '--test-concurrency=1', '--test-reporter=spec', ...files], { env, stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 1));

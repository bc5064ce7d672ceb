// Bookit flash sale, the scenario of the Gatling simulation bench/gatling/.../FlashSaleSimulation.java: BUYERS
// buyers who want 1 or 2 seats each (odd buyers 1, even buyers 2), CONCURRENCY of them at a time, each with a token
// of their own; best-available hold, then an order (the instance must pay with the simulated provider). A 409 for
// 2 seats makes the buyer try 1 seat; a 409 for 1 seat sends them home; 429 and 503 are answered by waiting
// Retry-After. Run a few sales to warm the JIT up before the one you measure (the Gatling run does 8 for you: after
// one, the JIT compilers still take a third of the app's CPU). With ARRIVALS_PER_SECOND set, buyers arrive at that
// rate whatever the latency (an open model, as the Gatling run's BENCH_ARRIVALS_PER_SECOND): use 70 % of the
// sell-out rate of a closed run, in buyers (1.5 seats each), to check the latency thresholds.
//
// Parameters (environment variables, `k6 run -e NAME=value k6/flash-sale.js`), with their defaults:
//   BASE_URL          http://localhost:8080   the Bookit instance under test
//   BUYERS            1500                    buyers, each registered and logged in by setup() (one token each)
//   CONCURRENCY       64                      buyers at a time (VUs of a shared-iterations scenario)
//   ARRIVALS_PER_SECOND (none)                open model: a new buyer every 1/rate s (constant-arrival-rate)
//   ROWS              40                      rows of the venue created in setup() (section ORCH)
//   SEATS_PER_ROW     50                      seats a row: ROWS x SEATS_PER_ROW seats on sale (2,000 by default)
//   MAX_SEATS         4                       the event's maxSeatsPerOrder and maxSeatsPerUser
//   EVENT_ID          (none)                  reuse this published event instead of creating one (skips the venue)
//   HOLD_P95_MS       30                      threshold: p95 of POST /api/events/{id}/holds
//   HOLD_P99_MS       50                      threshold: p99 of the hold
//   ORDER_P95_MS      100                     threshold: p95 of POST /api/orders
//   ORDER_P99_MS      200                     threshold: p99 of the order
//   MAX_FAILURE_RATE  0.01                    threshold: share of failed requests (409, 429, 503 are expected)
//   PASSWORD          flash-sale-password     password of the accounts setup() registers
//
// setup() registers BUYERS accounts from one address: lift the instance's per-address limits for register and login
// (and for holds and orders, as if the buyers came from many addresses; see docs/BENCHMARKS.md), or it gets 429s.
// The zero-double-sale check is bench/sale.sh's (tickets and distinct seats in PostgreSQL).
import http from 'k6/http';
import exec from 'k6/execution';
import { check, fail, sleep } from 'k6';
import { Counter } from 'k6/metrics';

const BASE_URL = __ENV.BASE_URL || 'http://localhost:8080';
const BUYERS = parseInt(__ENV.BUYERS || '1500', 10);
const CONCURRENCY = parseInt(__ENV.CONCURRENCY || '64', 10);
const ROWS = parseInt(__ENV.ROWS || '40', 10);
const SEATS_PER_ROW = parseInt(__ENV.SEATS_PER_ROW || '50', 10);
const MAX_SEATS = parseInt(__ENV.MAX_SEATS || '4', 10);
const EVENT_ID = __ENV.EVENT_ID || '';
const PASSWORD = __ENV.PASSWORD || 'flash-sale-password';
const MAX_FAILURE_RATE = __ENV.MAX_FAILURE_RATE || '0.01';
const ARRIVALS_PER_SECOND = parseFloat(__ENV.ARRIVALS_PER_SECOND || '0');

const JSON_HEADERS = { 'Content-Type': 'application/json' };

export const options = {
  setupTimeout: '10m',
  scenarios: {
    flash_sale: ARRIVALS_PER_SECOND > 0
      ? {
        executor: 'constant-arrival-rate',
        rate: Math.round(ARRIVALS_PER_SECOND * 10),
        timeUnit: '10s',
        duration: `${Math.ceil(BUYERS / ARRIVALS_PER_SECOND)}s`,
        preAllocatedVUs: CONCURRENCY,
        maxVUs: 4 * CONCURRENCY,
      }
      : {
        executor: 'shared-iterations',
        vus: CONCURRENCY,
        iterations: BUYERS,
        maxDuration: '10m',
      },
  },
  thresholds: {
    'http_req_duration{name:hold}': [`p(95)<${__ENV.HOLD_P95_MS || 30}`, `p(99)<${__ENV.HOLD_P99_MS || 50}`],
    'http_req_duration{name:order}': [`p(95)<${__ENV.ORDER_P95_MS || 100}`, `p(99)<${__ENV.ORDER_P99_MS || 200}`],
    http_req_failed: [`rate<${MAX_FAILURE_RATE}`],
    checks: [`rate>${1 - parseFloat(MAX_FAILURE_RATE)}`],
  },
};

const seatsConfirmed = new Counter('seats_confirmed');
const holdsRefused = new Counter('holds_refused');
const retryAfterWaits = new Counter('retry_after_waits');

// 2xx, the 409 of a taken seat and the 429/503 that ask to come back later are expected answers.
http.setResponseCallback(http.expectedStatuses({ min: 200, max: 299 }, 409, 429, 503));

function post(path, body, token, name) {
  const headers = token ? Object.assign({ Authorization: `Bearer ${token}` }, JSON_HEADERS) : JSON_HEADERS;
  return http.post(`${BASE_URL}${path}`, body === null ? null : JSON.stringify(body), { headers, tags: { name } });
}

// 429 or 503: wait what Retry-After says (1 s when it says nothing) and tell the caller to try again.
function mustWait(res) {
  if (res.status !== 429 && res.status !== 503) return false;
  retryAfterWaits.add(1);
  sleep(Math.max(1, parseInt(res.headers['Retry-After'] || '1', 10) || 1));
  return true;
}

function account(email, role) {
  const registered = post('/api/auth/register', { email, password: PASSWORD, displayName: email, role }, null, 'register');
  if (registered.status !== 201) fail(`register ${email}: ${registered.status} ${registered.body}`);
  const login = post('/api/auth/login', { email, password: PASSWORD }, null, 'login');
  if (login.status !== 200) fail(`login ${email}: ${login.status} ${login.body}`);
  return login.json('accessToken');
}

export function setup() {
  const run = Date.now().toString(36);
  let eventId = EVENT_ID;
  if (!eventId) {
    const organizer = account(`organizer-${run}@flash-sale.bookit.dev`, 'ORGANIZER');
    const rows = [];
    for (let r = 1; r <= ROWS; r++) rows.push({ label: `R${r}`, seats: SEATS_PER_ROW });
    const venue = post('/api/venues', {
      name: `Flash sale hall ${run}`, address: '1 Load St', timezone: 'UTC',
      sections: [{ key: 'ORCH', name: 'Orchestra', kind: 'SEATED', rows }],
    }, organizer, 'venue');
    if (venue.status !== 201) fail(`venue: ${venue.status} ${venue.body}`);
    const event = post('/api/events', {
      venueId: venue.json('id'), name: `Flash sale ${run}`, description: 'k6 flash sale',
      startsAt: '2030-01-01T19:00:00Z', endsAt: '2030-01-01T22:00:00Z', currency: 'EUR',
      prices: [{ section: 'ORCH', price: '49.00' }], maxSeatsPerOrder: MAX_SEATS, maxSeatsPerUser: MAX_SEATS,
    }, organizer, 'event');
    if (event.status !== 201) fail(`event: ${event.status} ${event.body}`);
    eventId = event.json('id');
    const published = post(`/api/events/${eventId}/publish`, null, organizer, 'publish');
    if (published.status !== 200) fail(`publish: ${published.status} ${published.body}`);
  }
  const tokens = [];
  for (let i = 0; i < BUYERS; i++) tokens.push(account(`buyer${i}-${run}@flash-sale.bookit.dev`, 'ATTENDEE'));
  return { eventId, tokens };
}

export default function (data) {
  const n = exec.scenario.iterationInTest; // buyer n, once: a token the instance has never seen
  if (n >= data.tokens.length) return; // the open model may start a few more iterations than there are buyers
  const token = data.tokens[n];
  let quantity = 1 + (n % 2);
  let hold;
  for (;;) {
    hold = post(`/api/events/${data.eventId}/holds`, { bestAvailable: { quantity } }, token, 'hold');
    if (mustWait(hold)) continue;
    if (hold.status !== 409) break;
    holdsRefused.add(1);
    if (quantity === 1) return; // sold out for this buyer
    quantity = 1;
  }
  if (!check(hold, { 'hold placed (201)': (r) => r.status === 201 })) return;
  let order;
  do {
    order = post('/api/orders', { holdId: hold.json('id') }, token, 'order');
  } while (mustWait(order));
  const confirmed = check(order, {
    'order placed (201)': (r) => r.status === 201,
    'order confirmed': (r) => r.status === 201 && r.json('status') === 'CONFIRMED',
  });
  if (confirmed) seatsConfirmed.add(order.json('quantity'));
}

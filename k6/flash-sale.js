// Bookit flash sale: buyers arrive at a constant rate (open model), hold seats, then order them.
//
// Parameters (environment variables, `k6 run -e NAME=value k6/flash-sale.js`), with their defaults:
//   BASE_URL          http://localhost:8080   the Bookit instance under test
//   RATE              50                      buyers (iterations) started per TIME_UNIT: hold + order each
//   TIME_UNIT         1s                      period of RATE
//   DURATION          1m                      how long buyers keep arriving
//   PRE_VUS           50                      pre-allocated VUs
//   MAX_VUS           500                     VU ceiling; when every VU is busy k6 counts dropped_iterations
//   BUYERS            100                     attendee accounts registered in setup() and shared by the VUs
//   ROWS              40                      rows of the venue created in setup() (section ORCH)
//   SEATS_PER_ROW     50                      seats a row: ROWS x SEATS_PER_ROW seats on sale (2,000 by default)
//   QUANTITY          2                       seats a buyer asks for
//   MODE              best                    best: {"bestAvailable": {quantity}}; seats: explicit random seats
//   MAX_SEATS         10                      the event's maxSeatsPerOrder
//   EVENT_ID          (none)                  reuse this published event instead of creating one (skips the venue)
//   HOLD_P95_MS       30                      threshold: p95 of POST /api/events/{id}/holds
//   HOLD_P99_MS       50                      threshold: p99 of the hold
//   ORDER_P95_MS      100                     threshold: p95 of POST /api/orders
//   ORDER_P99_MS      200                     threshold: p99 of the order
//   MAX_FAILURE_RATE  0.01                    threshold: share of failed requests (a 409 for taken seats is expected)
//   PASSWORD          flash-sale-password     password of the accounts setup() registers
//
// A sold-out event answers holds with 409: those count as expected (http_req_failed ignores them) and are
// counted in `seats_unavailable`; size RATE x DURATION x QUANTITY against the seats on sale for a full run.
// The zero-double-sale check is the benchmark runner's (bench/run.sh); see docs/BENCHMARKS.md.
import http from 'k6/http';
import { check, fail } from 'k6';
import { Counter, Trend } from 'k6/metrics';

const BASE_URL = __ENV.BASE_URL || 'http://localhost:8080';
const RATE = parseInt(__ENV.RATE || '50', 10);
const TIME_UNIT = __ENV.TIME_UNIT || '1s';
const DURATION = __ENV.DURATION || '1m';
const PRE_VUS = parseInt(__ENV.PRE_VUS || '50', 10);
const MAX_VUS = parseInt(__ENV.MAX_VUS || '500', 10);
const BUYERS = parseInt(__ENV.BUYERS || '100', 10);
const ROWS = parseInt(__ENV.ROWS || '40', 10);
const SEATS_PER_ROW = parseInt(__ENV.SEATS_PER_ROW || '50', 10);
const QUANTITY = parseInt(__ENV.QUANTITY || '2', 10);
const MODE = __ENV.MODE || 'best';
const MAX_SEATS = parseInt(__ENV.MAX_SEATS || '10', 10);
const EVENT_ID = __ENV.EVENT_ID || '';
const PASSWORD = __ENV.PASSWORD || 'flash-sale-password';
const MAX_FAILURE_RATE = __ENV.MAX_FAILURE_RATE || '0.01';

const JSON_HEADERS = { 'Content-Type': 'application/json' };

export const options = {
  setupTimeout: '5m',
  scenarios: {
    flash_sale: {
      executor: 'constant-arrival-rate',
      rate: RATE,
      timeUnit: TIME_UNIT,
      duration: DURATION,
      preAllocatedVUs: PRE_VUS,
      maxVUs: MAX_VUS,
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
const seatsUnavailable = new Counter('seats_unavailable');
const holdToOrder = new Trend('hold_to_order_ms', true);

// 2xx and the 409 of a taken seat are expected answers; anything else fails the request.
http.setResponseCallback(http.expectedStatuses({ min: 200, max: 299 }, 409));

function post(path, body, token, name) {
  const headers = token ? Object.assign({ Authorization: `Bearer ${token}` }, JSON_HEADERS) : JSON_HEADERS;
  return http.post(`${BASE_URL}${path}`, body === null ? null : JSON.stringify(body), { headers, tags: { name } });
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
      prices: [{ section: 'ORCH', price: '49.00' }], maxSeatsPerOrder: MAX_SEATS,
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

function holdRequest() {
  if (MODE === 'seats') {
    const seats = new Set();
    while (seats.size < QUANTITY) {
      const row = 1 + Math.floor(Math.random() * ROWS);
      const first = 1 + Math.floor(Math.random() * (SEATS_PER_ROW - QUANTITY + 1));
      for (let n = 0; n < QUANTITY && seats.size < QUANTITY; n++) seats.add(`ORCH-R${row}-${first + n}`);
    }
    return { seats: Array.from(seats) };
  }
  return { bestAvailable: { quantity: QUANTITY } };
}

export default function (data) {
  const token = data.tokens[Math.floor(Math.random() * data.tokens.length)];
  const hold = post(`/api/events/${data.eventId}/holds`, holdRequest(), token, 'hold');
  if (hold.status === 409) {
    seatsUnavailable.add(1);
    return;
  }
  if (!check(hold, { 'hold placed (201)': (r) => r.status === 201 })) return;
  const heldAt = Date.now();
  const order = post('/api/orders', { holdId: hold.json('id') }, token, 'order');
  const confirmed = check(order, {
    'order placed (201)': (r) => r.status === 201,
    'order confirmed': (r) => r.status === 201 && r.json('status') === 'CONFIRMED',
  });
  holdToOrder.add(Date.now() - heldAt);
  if (confirmed) seatsConfirmed.add(order.json('seats').length);
}

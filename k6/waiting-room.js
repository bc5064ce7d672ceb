// Bookit waiting room: thousands of joiners queue before sales start, poll as the answers advise, and buy once
// admitted; meanwhile a crowd spikes to SPIKE_FACTOR x the maximum hold rate with joins, polls and token-less holds.
//
// Parameters (environment variables, `k6 run -e NAME=value k6/waiting-room.js`), with their defaults:
//   BASE_URL             http://localhost:8080   the Bookit instance under test
//   JOINERS              2000                    VUs that each register, join before sales start, poll, then buy
//                                               (the runner here uses 10,000; that many VUs needs a big load box)
//   JOIN_SECONDS         60                      joiners register and join spread over this window; sales start
//                                               right after it (so everyone is in the pre-sale draw)
//   ADMISSIONS_PER_MINUTE 600                    the room's admissionsPerMinute (set on the event setup() creates)
//   MAX_ACTIVE           (JOINERS)               the room's maxActiveShoppers
//   SESSION_MINUTES      30                      the room's sessionMinutes
//   QUANTITY             2                       seats an admitted joiner holds (bestAvailable) and orders
//   ROWS                 100                     rows of the venue created in setup() (section ORCH)
//   SEATS_PER_ROW        50                      seats a row: ROWS x SEATS_PER_ROW on sale
//   MAX_POLL_SECONDS     15                      a joiner polls again after half of estimatedWaitSeconds, within
//                                               [1 s, MAX_POLL_SECONDS], 5 s while the estimate is null
//   MAX_HOLD_RATE        200                     holds/s the instance sustains (bench/waiting-room.sh measures it)
//   SPIKE_FACTOR         5                       crowd requests/s = SPIKE_FACTOR x MAX_HOLD_RATE
//   SPIKE_START          (JOIN_SECONDS + 30)s    when the crowd arrives (while admitted joiners buy)
//   SPIKE_DURATION       30s                     how long it lasts
//   CROWD                200                     crowd accounts (registered in setup(), not admitted)
//   SPIKE_VUS            500                     pre-allocated VUs of the crowd (max: 4x)
//   NORMAL_P99_MS        200                     an admitted shopper's hold / order p99 without a crowd (measure it)
//   EXCESS_P99_MS        20                      threshold: p99 of the crowd's answers (429 or a queue position)
//   RATE_TOLERANCE       0.1                     threshold: measured admission rate within ±10 % of the configured
//   EVENT_ID             (none)                  use this published event (its room already set) instead of setup's
//   PASSWORD             waiting-room-password   password of the accounts the script registers
//
// Thresholds: admission rate: the last joiner is admitted JOINERS / ADMISSIONS_PER_MINUTE after sales start within
// ±RATE_TOLERANCE (plus up to MAX_POLL_SECONDS of polling lag) (`admitted_after_start_s` max); crowd answers
// p99 <= EXCESS_P99_MS; admitted shoppers' hold and order p99 <= 2 x NORMAL_P99_MS; no 5xx at all.
// The target's rate limits apply: 10,000 registrations from one k6 address need
// `bookit.rate-limits.register.per-address.*` and `...login.per-address.*` raised on the instance under test
// (bench/waiting-room.sh does it), or accounts made beforehand. Behind a proxy that sets X-Forwarded-For, every VU
// has its own address; without one all VUs share k6's address and its per-address limits (queue joins, holds).
// The runner that does run here is bench/waiting-room.sh (see docs/BENCHMARKS.md, section "Waiting room").
import http from 'k6/http';
import { check, fail, sleep } from 'k6';
import exec from 'k6/execution';
import { Counter, Rate, Trend } from 'k6/metrics';

const BASE_URL = __ENV.BASE_URL || 'http://localhost:8080';
const JOINERS = parseInt(__ENV.JOINERS || '2000', 10);
const JOIN_SECONDS = parseInt(__ENV.JOIN_SECONDS || '60', 10);
const PER_MINUTE = parseInt(__ENV.ADMISSIONS_PER_MINUTE || '600', 10);
const MAX_ACTIVE = parseInt(__ENV.MAX_ACTIVE || String(JOINERS), 10);
const SESSION_MINUTES = parseInt(__ENV.SESSION_MINUTES || '30', 10);
const QUANTITY = parseInt(__ENV.QUANTITY || '2', 10);
const ROWS = parseInt(__ENV.ROWS || '100', 10);
const SEATS_PER_ROW = parseInt(__ENV.SEATS_PER_ROW || '50', 10);
const MAX_POLL_SECONDS = parseFloat(__ENV.MAX_POLL_SECONDS || '15');
const MAX_HOLD_RATE = parseFloat(__ENV.MAX_HOLD_RATE || '200');
const SPIKE_FACTOR = parseFloat(__ENV.SPIKE_FACTOR || '5');
const SPIKE_START = __ENV.SPIKE_START || `${JOIN_SECONDS + 30}s`;
const SPIKE_DURATION = __ENV.SPIKE_DURATION || '30s';
const CROWD = parseInt(__ENV.CROWD || '200', 10);
const SPIKE_VUS = parseInt(__ENV.SPIKE_VUS || '500', 10);
const NORMAL_P99_MS = parseFloat(__ENV.NORMAL_P99_MS || '200');
const EXCESS_P99_MS = parseFloat(__ENV.EXCESS_P99_MS || '20');
const RATE_TOLERANCE = parseFloat(__ENV.RATE_TOLERANCE || '0.1');
const EVENT_ID = __ENV.EVENT_ID || '';
const PASSWORD = __ENV.PASSWORD || 'waiting-room-password';

// admissions take JOINERS / rate minutes; polls lag by up to MAX_POLL_SECONDS; then the buy
const EXPECTED_SECONDS = (JOINERS * 60) / PER_MINUTE;
const ADMISSION_SECONDS = Math.ceil(EXPECTED_SECONDS);

export const options = {
  setupTimeout: '10m',
  scenarios: {
    joiners: {
      executor: 'per-vu-iterations',
      exec: 'joiner',
      vus: JOINERS,
      iterations: 1,
      maxDuration: `${JOIN_SECONDS + 2 * ADMISSION_SECONDS + 120}s`,
    },
    crowd: {
      executor: 'constant-arrival-rate',
      exec: 'crowd',
      startTime: SPIKE_START,
      duration: SPIKE_DURATION,
      rate: Math.round(SPIKE_FACTOR * MAX_HOLD_RATE),
      timeUnit: '1s',
      preAllocatedVUs: SPIKE_VUS,
      maxVUs: 4 * SPIKE_VUS,
    },
  },
  thresholds: {
    admitted_after_start_s: [`max>${EXPECTED_SECONDS * (1 - RATE_TOLERANCE)}`,
      `max<${EXPECTED_SECONDS * (1 + RATE_TOLERANCE) + MAX_POLL_SECONDS}`],
    'http_req_duration{scenario:crowd}': [`p(99)<=${EXCESS_P99_MS}`],
    'http_req_duration{scenario:joiners,name:hold}': [`p(99)<=${2 * NORMAL_P99_MS}`],
    'http_req_duration{scenario:joiners,name:order}': [`p(99)<=${2 * NORMAL_P99_MS}`],
    server_errors: ['count==0'],
    checks: ['rate>0.99'],
  },
};

const admitted = new Counter('admitted');
const admittedAfterStart = new Trend('admitted_after_start_s'); // when a joiner first saw ADMITTED
const polls = new Counter('polls');
const serverErrors = new Counter('server_errors');
const excessAnswered = new Rate('excess_answered_429_or_queue'); // a crowd answer was 429 or a queue status
const seatsConfirmed = new Counter('seats_confirmed');

// Expected answers: 2xx; 409 (seats taken, sold out); 403 (a hold without admission); 429 (rate limited).
http.setResponseCallback(http.expectedStatuses({ min: 200, max: 299 }, 403, 409, 429));

function request(method, path, body, token, name, extraHeaders) {
  const headers = Object.assign({ 'Content-Type': 'application/json' }, extraHeaders || {});
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = http.request(method, `${BASE_URL}${path}`, body === null ? null : JSON.stringify(body),
    { headers, tags: { name } });
  if (res.status >= 500 || res.status === 0) serverErrors.add(1, { name });
  return res;
}

function account(email, role) {
  const registered = request('POST', '/api/auth/register', { email, password: PASSWORD, displayName: email, role },
    null, 'register');
  if (registered.status !== 201 && registered.status !== 409) fail(`register ${email}: ${registered.status} ${registered.body}`);
  const login = request('POST', '/api/auth/login', { email, password: PASSWORD }, null, 'login');
  if (login.status !== 200) fail(`login ${email}: ${login.status} ${login.body}`);
  return login.json('accessToken');
}

export function setup() {
  const run = Date.now().toString(36);
  const salesStart = new Date(Date.now() + (JOIN_SECONDS + 5) * 1000);
  let eventId = EVENT_ID;
  if (!eventId) {
    const organizer = account(`organizer-${run}@waiting-room.bookit.dev`, 'ORGANIZER');
    const rows = [];
    for (let r = 1; r <= ROWS; r++) rows.push({ label: `R${r}`, seats: SEATS_PER_ROW });
    const venue = request('POST', '/api/venues', {
      name: `Waiting room hall ${run}`, address: '1 Queue St', timezone: 'UTC',
      sections: [{ key: 'ORCH', name: 'Orchestra', kind: 'SEATED', rows }],
    }, organizer, 'venue');
    if (venue.status !== 201) fail(`venue: ${venue.status} ${venue.body}`);
    const event = request('POST', '/api/events', {
      venueId: venue.json('id'), name: `Waiting room ${run}`, description: 'k6 waiting room',
      startsAt: '2030-01-01T19:00:00Z', endsAt: '2030-01-01T22:00:00Z', currency: 'EUR',
      prices: [{ section: 'ORCH', price: '49.00' }], maxSeatsPerOrder: Math.max(QUANTITY, 2),
      salesStartAt: salesStart.toISOString(),
      waitingRoom: {
        enabled: true, admissionsPerMinute: PER_MINUTE, maxActiveShoppers: MAX_ACTIVE, sessionMinutes: SESSION_MINUTES,
      },
    }, organizer, 'event');
    if (event.status !== 201) fail(`event: ${event.status} ${event.body}`);
    eventId = event.json('id');
    const published = request('POST', `/api/events/${eventId}/publish`, null, organizer, 'publish');
    if (published.status !== 200) fail(`publish: ${published.status} ${published.body}`);
  }
  const crowd = [];
  for (let i = 0; i < CROWD; i++) crowd.push(account(`crowd${i}-${run}@waiting-room.bookit.dev`, 'ATTENDEE'));
  return { eventId, run, salesStartMs: salesStart.getTime(), crowd };
}

function nextPollSeconds(entry) {
  const wait = entry.estimatedWaitSeconds;
  const seconds = wait === null || wait === undefined ? 5 : Math.min(MAX_POLL_SECONDS, Math.max(1, wait / 2));
  return seconds * (0.8 + 0.4 * Math.random());
}

// A joiner: register, join before sales start, poll as advised until admitted, then hold with the token and order.
export function joiner(data) {
  sleep(Math.random() * JOIN_SECONDS * 0.8); // arrivals spread over the pre-sale window
  const id = exec.vu.idInTest;
  const token = account(`joiner${id}-${data.run}@waiting-room.bookit.dev`, 'ATTENDEE');
  const joined = request('POST', `/api/events/${data.eventId}/queue`, null, token, 'join');
  if (!check(joined, { 'joined (201)': (r) => r.status === 201 })) return;
  const queueId = joined.json('queueId');
  let entry = joined.json();
  // first poll right after sales start (spread over 2 s), then as the answers advise
  sleep(Math.max(0, (data.salesStartMs - Date.now()) / 1000) + Math.random() * 2);
  for (;;) {
    const polled = request('GET', `/api/queue/${queueId}`, null, token, 'poll');
    polls.add(1);
    if (polled.status !== 200) {
      sleep(2);
      continue;
    }
    entry = polled.json();
    if (entry.status !== 'WAITING') break;
    sleep(nextPollSeconds(entry));
  }
  if (!check(entry, { 'admitted': (e) => e.status === 'ADMITTED' })) return;
  admitted.add(1);
  admittedAfterStart.add((Date.now() - data.salesStartMs) / 1000);

  const admission = { 'X-Admission-Token': entry.admissionToken };
  const hold = request('POST', `/api/events/${data.eventId}/holds`, { bestAvailable: { quantity: QUANTITY } }, token,
    'hold', admission);
  if (hold.status === 409) return; // sold out
  if (!check(hold, { 'hold placed (201)': (r) => r.status === 201 })) return;
  const order = request('POST', '/api/orders', { holdId: hold.json('id') }, token, 'order');
  if (check(order, { 'order confirmed': (r) => r.status === 201 && r.json('status') === 'CONFIRMED' })) {
    seatsConfirmed.add(order.json('seats').length);
  }
}

// The crowd: a random crowd account joins (again), polls its entry, or tries a hold without an admission token.
// Every answer should be cheap: 429 (rate limited), a queue status (a position), or 403 admission-required.
const crowdQueueIds = {};
export function crowd(data) {
  const i = Math.floor(Math.random() * data.crowd.length);
  const token = data.crowd[i];
  const action = Math.floor(Math.random() * 3);
  let res;
  if (action === 0 || (action === 1 && !crowdQueueIds[i])) {
    res = request('POST', `/api/events/${data.eventId}/queue`, null, token, 'crowd-join');
    if (res.status === 201) crowdQueueIds[i] = res.json('queueId');
  } else if (action === 1) {
    res = request('GET', `/api/queue/${crowdQueueIds[i]}`, null, token, 'crowd-poll');
  } else {
    const seat = `ORCH-R${1 + Math.floor(Math.random() * ROWS)}-${1 + Math.floor(Math.random() * SEATS_PER_ROW)}`;
    res = request('POST', `/api/events/${data.eventId}/holds`, { seats: [seat] }, token, 'crowd-hold');
  }
  excessAnswered.add(res.status === 429 || res.status === 200 || res.status === 201 || res.status === 403);
}

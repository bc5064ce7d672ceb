// Live seat map load test: N WebSocket subscribers watch one event while buyers hold (and optionally buy) seats.
//
// Parameters (environment variables, `k6 run -e NAME=value k6/seatmap-live.js`):
//   BASE_URL          http://localhost:8080   the API (the WebSocket URL is derived: http -> ws, https -> wss)
//   WS_URLS           (derived from BASE_URL)  comma-separated ws(s):// bases to spread subscribers over instances
//   EVENT_ID          (created in setup)       watch this ON_SALE event instead of creating one
//   ROWS              20                       seated rows of the event created in setup (section ORCH)
//   SEATS_PER_ROW     30                       seats per row of that event
//   SUBSCRIBERS       500                      concurrent WebSocket subscribers (VUs of the "watchers" scenario)
//   WATCH_SECONDS     60                       how long each subscriber stays connected
//   BUYERS            20                       VUs of the "buyers" scenario
//   BUY_ITERATIONS    200                      total hold attempts shared by the buyers
//   ORDER_RATIO       0.5                      share of successful holds that become orders (the rest are released)
//   MAX_SEATS         2                        seats per hold (best available)
// Thresholds: connections succeed (ws_connecting p95 < 1 s), every subscriber gets a snapshot within 2 s, no version
// gaps seen by clients, hold latency p95 < 500 ms, fewer than 1% failed HTTP requests (409 sold-out answers excluded).
// Needs k6 >= 0.54 (the k6/websockets module; older versions: import from 'k6/experimental/websockets').

import http from 'k6/http';
import { check, sleep } from 'k6';
import { Counter, Trend } from 'k6/metrics';
import { WebSocket } from 'k6/websockets';

const BASE_URL = __ENV.BASE_URL || 'http://localhost:8080';
const WS_URLS = (__ENV.WS_URLS || BASE_URL.replace(/^http/, 'ws')).split(',');
const ROWS = parseInt(__ENV.ROWS || '20');
const SEATS_PER_ROW = parseInt(__ENV.SEATS_PER_ROW || '30');
const SUBSCRIBERS = parseInt(__ENV.SUBSCRIBERS || '500');
const WATCH_SECONDS = parseInt(__ENV.WATCH_SECONDS || '60');
const BUYERS = parseInt(__ENV.BUYERS || '20');
const BUY_ITERATIONS = parseInt(__ENV.BUY_ITERATIONS || '200');
const ORDER_RATIO = parseFloat(__ENV.ORDER_RATIO || '0.5');
const MAX_SEATS = parseInt(__ENV.MAX_SEATS || '2');

const snapshotTime = new Trend('seatmap_snapshot_ms', true);
const versionGaps = new Counter('seatmap_version_gaps');
const deltas = new Counter('seatmap_deltas');
const coalescedVersions = new Trend('seatmap_versions_per_delta');
const holdTime = new Trend('seatmap_hold_ms', true);

export const options = {
  scenarios: {
    watchers: {
      executor: 'per-vu-iterations',
      exec: 'watch',
      vus: SUBSCRIBERS,
      iterations: 1,
      maxDuration: `${WATCH_SECONDS + 60}s`,
    },
    buyers: {
      executor: 'shared-iterations',
      exec: 'buy',
      vus: BUYERS,
      iterations: BUY_ITERATIONS,
      startTime: '5s', // let the subscribers connect first
      maxDuration: `${WATCH_SECONDS}s`,
    },
  },
  thresholds: {
    ws_connecting: ['p(95)<1000'],
    seatmap_snapshot_ms: ['p(95)<2000'],
    seatmap_version_gaps: ['count==0'],
    seatmap_hold_ms: ['p(95)<500'],
    'http_req_failed{expected:yes}': ['rate<0.01'],
  },
};

const JSON_HEADERS = { 'Content-Type': 'application/json' };

function account(role) {
  const email = `k6-${role.toLowerCase()}-${__VU}-${Date.now()}-${Math.random().toString(36).slice(2)}@example.test`;
  const password = 'k6-password-123';
  http.post(`${BASE_URL}/api/auth/register`, JSON.stringify({ email, password, displayName: 'k6', role }),
    { headers: JSON_HEADERS, tags: { expected: 'yes' } });
  const login = http.post(`${BASE_URL}/api/auth/login`, JSON.stringify({ email, password }),
    { headers: JSON_HEADERS, tags: { expected: 'yes' } });
  return { headers: { ...JSON_HEADERS, Authorization: `Bearer ${login.json('accessToken')}` } };
}

export function setup() {
  if (__ENV.EVENT_ID) {
    return { eventId: __ENV.EVENT_ID };
  }
  const organizer = account('ORGANIZER');
  const rows = [];
  for (let r = 0; r < ROWS; r++) {
    rows.push({ label: `R${r + 1}`, seats: SEATS_PER_ROW });
  }
  const venue = http.post(`${BASE_URL}/api/venues`, JSON.stringify({
    name: 'k6 hall', address: '1 Load St', timezone: 'UTC',
    sections: [{ key: 'ORCH', name: 'Orchestra', kind: 'SEATED', rows }],
  }), organizer).json('id');
  const startsAt = new Date(Date.now() + 30 * 86400000);
  const event = http.post(`${BASE_URL}/api/events`, JSON.stringify({
    venueId: venue, name: `k6 live ${Date.now()}`, description: 'k6', currency: 'EUR',
    startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3 * 3600000).toISOString(),
    prices: [{ section: 'ORCH', price: '49.00' }], maxSeatsPerOrder: MAX_SEATS,
  }), organizer).json('id');
  const published = http.post(`${BASE_URL}/api/events/${event}/publish`, null, organizer);
  check(published, { 'event published': (r) => r.status === 200 });
  return { eventId: event };
}

// One subscriber: checks the protocol's version rule (docs/LIVE_SEAT_MAP.md) on every frame.
export function watch(data) {
  const base = WS_URLS[__VU % WS_URLS.length];
  const ws = new WebSocket(`${base}/api/events/${data.eventId}/seats/live`);
  const openedAt = Date.now();
  let version = -1;

  ws.onmessage = (message) => {
    const frame = JSON.parse(message.data);
    if (frame.type === 'snapshot') {
      if (version < 0) {
        snapshotTime.add(Date.now() - openedAt);
      }
      version = frame.version;
    } else if (frame.type === 'delta') {
      deltas.add(1);
      coalescedVersions.add(frame.version - frame.fromVersion + 1);
      if (version < 0 || frame.fromVersion !== version + 1) {
        versionGaps.add(1);
        ws.send(JSON.stringify({ type: 'resync' }));
        version = -1;
        return;
      }
      version = frame.version;
    }
  };
  ws.onerror = (e) => console.error(`subscriber ${__VU}: ${e.error}`);
  ws.onopen = () => {
    setTimeout(() => ws.close(), WATCH_SECONDS * 1000);
  };
}

const buyers = {};

// One buyer step: hold best-available seats, then buy them or give them back.
export function buy(data) {
  if (!buyers[__VU]) {
    buyers[__VU] = account('ATTENDEE');
  }
  const buyer = buyers[__VU];
  const quantity = 1 + Math.floor(Math.random() * MAX_SEATS);
  const hold = http.post(`${BASE_URL}/api/events/${data.eventId}/holds`,
    JSON.stringify({ bestAvailable: { quantity, section: 'ORCH' } }),
    { headers: buyer.headers, tags: { expected: 'no' } });
  holdTime.add(hold.timings.duration);
  if (hold.status !== 201) {
    check(hold, { 'hold refused only because seats ran out': (r) => r.status === 409 });
    sleep(0.5);
    return;
  }
  const holdId = hold.json('id');
  if (Math.random() < ORDER_RATIO) {
    const order = http.post(`${BASE_URL}/api/orders`, JSON.stringify({ holdId }),
      { headers: buyer.headers, tags: { expected: 'yes' } });
    check(order, { 'order created': (r) => r.status === 201 });
  } else {
    const released = http.del(`${BASE_URL}/api/holds/${holdId}`, null, { headers: buyer.headers, tags: { expected: 'yes' } });
    check(released, { 'hold released': (r) => r.status === 204 });
  }
  sleep(0.2);
}

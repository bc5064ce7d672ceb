// The one typed client of the public API. Every page calls the server through these functions only.
import type {
  CompactSeatMap, EventView, HoldRequest, HoldView, Id, OrderView, OrderTicket, Page, PaymentClientConfig, Problem, QueueEntry,
  RegisterRequest, SeatLayout, SeatMap, TicketView, TokenView, UserView, VenueView, WaitlistEntry,
} from './types';
import { session } from '../auth/session';

/** A failed call: the problem+json the server answered, or one made up for a network failure. */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail || problem.title || `HTTP ${problem.status}`);
  }
  get status() { return this.problem.status; }
  /** The last part of the problem type: `seats-unavailable`, `hold-expired`, ... */
  get slug() { return slugOf(this.problem.type); }
}

export const PROBLEM_BASE = 'https://bookit.dev/problems/';
export const slugOf = (type: string) => (type.startsWith(PROBLEM_BASE) ? type.slice(PROBLEM_BASE.length) : type);
export const problemType = (slug: string) => PROBLEM_BASE + slug;

interface Options {
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** One call of the API: JSON in and out, the bearer token, problem+json failures as ApiError. */
export async function call<T>(method: string, path: string, options: Options = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  const token = session.token();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError({ type: problemType('network'), status: 0, title: 'No connection',
      detail: 'The server could not be reached. Check your connection and try again.' });
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const data = text ? safeJson(text) : undefined;
  if (!response.ok) {
    const problem: Problem = data && typeof data === 'object' && 'type' in data
      ? (data as Problem)
      : { type: 'about:blank', status: response.status, title: response.statusText };
    const retryAfter = response.headers.get('Retry-After');
    if (retryAfter && problem.retryAfterSeconds === undefined) problem.retryAfterSeconds = Number(retryAfter);
    if (response.status === 401 && token) session.expire();
    throw new ApiError(problem);
  }
  return data as T;
}

function safeJson(text: string): unknown {
  try { return JSON.parse(text); } catch { return undefined; }
}

export const q = (params: Record<string, string | number | undefined>) => {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') search.set(k, String(v));
  const s = search.toString();
  return s ? `?${s}` : '';
};

export const api = {
  auth: {
    login: (email: string, password: string) => call<TokenView>('POST', '/api/auth/login', { body: { email, password } }),
    register: (body: RegisterRequest) => call<UserView>('POST', '/api/auth/register', { body }),
  },
  events: {
    list: (query: { q?: string; page?: number; size?: number }, signal?: AbortSignal) =>
      call<Page<EventView>>('GET', `/api/events${q(query)}`, { signal }),
    get: (id: Id) => call<EventView>('GET', `/api/events/${encodeURIComponent(id)}`),
    seats: (id: Id) => call<SeatMap>('GET', `/api/events/${encodeURIComponent(id)}/seats`),
    layout: (id: Id) => call<SeatLayout>('GET', `/api/events/${encodeURIComponent(id)}/layout`),
    compactSeats: (id: Id) => call<CompactSeatMap>('GET', `/api/events/${encodeURIComponent(id)}/seats?view=compact`),
  },
  venues: {
    get: (id: Id) => call<VenueView>('GET', `/api/venues/${encodeURIComponent(id)}`),
  },
  holds: {
    place: (eventId: Id, body: HoldRequest, admissionToken?: string) =>
      call<HoldView>('POST', `/api/events/${encodeURIComponent(eventId)}/holds`, {
        body, headers: admissionToken ? { 'X-Admission-Token': admissionToken } : undefined,
      }),
    get: (id: Id) => call<HoldView>('GET', `/api/holds/${encodeURIComponent(id)}`),
    release: (id: Id) => call<void>('DELETE', `/api/holds/${encodeURIComponent(id)}`),
  },
  orders: {
    /** The key makes a retry of the same checkout answer the same order instead of a second one. */
    place: (holdId: Id) => call<OrderView>('POST', '/api/orders', {
      body: { holdId }, headers: { 'Idempotency-Key': `web-${holdId}` },
    }),
    get: (id: Id) => call<OrderView>('GET', `/api/orders/${encodeURIComponent(id)}`),
    cancel: (id: Id) => call<OrderView>('POST', `/api/orders/${encodeURIComponent(id)}/cancel`),
    mine: (page = 0, size = 100) => call<Page<OrderView>>('GET', `/api/me/orders${q({ page, size })}`),
  },
  tickets: {
    mine: (page = 0, size = 100) => call<Page<OrderTicket>>('GET', `/api/me/tickets${q({ page, size })}`),
    get: (id: Id) => call<TicketView>('GET', `/api/tickets/${encodeURIComponent(id)}`),
    /** The QR image needs the bearer token, so it is fetched and shown from an object URL. */
    qrUrl: async (id: Id): Promise<string> => {
      const response = await fetch(`/api/tickets/${encodeURIComponent(id)}/qr.png`, {
        headers: { Authorization: `Bearer ${session.token() ?? ''}` },
      });
      if (!response.ok) throw new ApiError({ type: 'about:blank', status: response.status, title: 'QR code unavailable' });
      return URL.createObjectURL(await response.blob());
    },
  },
  queue: {
    join: (eventId: Id) => call<QueueEntry>('POST', `/api/events/${encodeURIComponent(eventId)}/queue`),
    status: (queueId: Id) => call<QueueEntry>('GET', `/api/queue/${encodeURIComponent(queueId)}`),
    leave: (queueId: Id) => call<void>('DELETE', `/api/queue/${encodeURIComponent(queueId)}`),
  },
  waitlist: {
    join: (eventId: Id, body: { quantity: number; section?: string; together?: boolean }) =>
      call<WaitlistEntry>('POST', `/api/events/${encodeURIComponent(eventId)}/waitlist`, { body }),
    mine: () => call<{ items: WaitlistEntry[] }>('GET', '/api/me/waitlist'),
    leave: (id: Id) => call<void>('DELETE', `/api/waitlist/${encodeURIComponent(id)}`),
  },
  payments: {
    config: () => call<PaymentClientConfig>('GET', '/api/payments/config'),
  },
};

/** ws(s)://host/api/events/{id}/seats/live?view=compact */
export const liveSeatMapUrl = (eventId: Id) =>
  `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/events/${encodeURIComponent(eventId)}/seats/live?view=compact`;

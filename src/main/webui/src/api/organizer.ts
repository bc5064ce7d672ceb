// The console's and the door's part of the API client: only the lazily loaded organizer and door pages import it,
// so buyers never download it. Same `call` (token, problem+json) as api/client.ts.
import { call, q, ApiError } from './client';
import { session } from '../auth/session';
import type {
  Attendee, CheckinBundle, CheckinView, EventSpec, EventView, Id, OwnVenue, Page, Staff, Stats, Timeline, VenueSpec,
} from './types';

const e = (id: Id) => `/api/events/${encodeURIComponent(id)}`;

export const consoleApi = {
  venues: {
    mine: (page = 0, size = 100) => call<Page<OwnVenue>>('GET', `/api/venues${q({ page, size })}`),
    create: (body: VenueSpec) => call<OwnVenue>('POST', '/api/venues', { body }),
  },
  events: {
    mine: (page = 0, size = 100) => call<Page<EventView>>('GET', `/api/me/events${q({ page, size })}`),
    create: (body: EventSpec) => call<EventView>('POST', '/api/events', { body }),
    update: (id: Id, body: EventSpec) => call<EventView>('PATCH', e(id), { body }),
    publish: (id: Id) => call<EventView>('POST', `${e(id)}/publish`),
    cancel: (id: Id) => call<EventView>('POST', `${e(id)}/cancel`),
  },
  stats: (id: Id) => call<Stats>('GET', `${e(id)}/stats`),
  timeline: (id: Id, bucketMinutes: number) => call<Timeline>('GET', `${e(id)}/stats/timeline${q({ bucketMinutes })}`),
  attendees: (id: Id, query: { q?: string; page: number; size: number }, signal?: AbortSignal) =>
    call<Page<Attendee>>('GET', `${e(id)}/attendees${q(query)}`, { signal }),
  /** The full attendee export (Accept: text/csv) as a file to save, with the server's file name. */
  attendeesCsv: async (id: Id, search?: string): Promise<{ blob: Blob; filename: string }> => {
    const response = await fetch(`${e(id)}/attendees${q({ q: search })}`, {
      headers: { Accept: 'text/csv', Authorization: `Bearer ${session.token() ?? ''}` },
    });
    if (!response.ok) {
      const problem = await response.json().catch(() => ({ type: 'about:blank', status: response.status }));
      throw new ApiError(problem);
    }
    const disposition = response.headers.get('Content-Disposition') ?? '';
    const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? `attendees-${id}.csv`;
    return { blob: await response.blob(), filename };
  },
  staff: {
    list: (id: Id) => call<{ items: Staff[] }>('GET', `${e(id)}/staff`),
    grant: (id: Id, email: string) => call<Staff>('POST', `${e(id)}/staff`, { body: { email } }),
    revoke: (id: Id, userId: Id) => call<void>('DELETE', `${e(id)}/staff/${encodeURIComponent(userId)}`),
  },
  door: {
    bundle: (id: Id) => call<CheckinBundle>('GET', `${e(id)}/checkin-bundle`),
    checkIn: (id: Id, code: string, nonce: string) => call<CheckinView>('POST', `${e(id)}/checkins`, { body: { code, nonce } }),
  },
};

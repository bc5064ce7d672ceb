// Venues and events change rarely while a page is open: each is fetched once per page load and shared.
import { api } from './client';
import type { EventView, VenueView } from './types';

const venues = new Map<string, Promise<VenueView>>();
const events = new Map<string, Promise<EventView>>();

function memo<T>(map: Map<string, Promise<T>>, id: string, load: () => Promise<T>): Promise<T> {
  let p = map.get(id);
  if (!p) {
    p = load();
    p.catch(() => map.delete(id));
    map.set(id, p);
  }
  return p;
}

export const venueOf = (id: string) => memo(venues, id, () => api.venues.get(id));
export const eventOf = (id: string) => memo(events, id, () => api.events.get(id));
/** Seeds the event cache from a list page, so opening a card needs no second request for it. */
export const rememberEvent = (event: EventView) => { if (!events.has(event.id)) events.set(event.id, Promise.resolve(event)); };

import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api } from '../api/client';
import type { CompactSeatMap, SeatLayout, SeatMap, VenueView } from '../api/types';
import { decodeStatuses } from './compact';
import { computeLayout, priceTiers, type Layout } from './layout';
import { LiveFeed, type LiveState } from './live';

export interface SeatMapData {
  layout?: Layout;
  tiers: string[];
  live: LiveState;
  error?: unknown;
  /** call after a hold, release or order: the feed will say it too, this only makes it instant */
  refresh: () => void;
}

const toState = (layout: SeatLayout, compact: CompactSeatMap) => ({
  statuses: decodeStatuses(layout.seats.map((s) => s.id), compact.statuses),
  areas: new Map(compact.areas.map((a) => [a.section, a.available])),
});

/** The layout (fetched once: the browser keeps it) joined with a compact seat map into the seat list the map draws. */
const toMap = (layout: SeatLayout, compact: CompactSeatMap): SeatMap => {
  const { statuses, areas } = toState(layout, compact);
  return {
    eventId: layout.eventId, version: compact.version,
    seats: layout.seats.map((s) => ({ ...s, status: statuses.get(s.id) ?? 'AVAILABLE' })),
    areas: layout.areas.map((a) => ({ ...a, available: areas.get(a.section) ?? 0 })),
  };
};

/**
 * The seat map of an event: the layout (GET /layout, immutable) and the statuses (GET /seats?view=compact), then kept
 * current by the live WebSocket feed (`live`: false for a draft, which has no live feed). onSale and salesEndAt come
 * from the feed's snapshot.
 */
export function useSeatMap(eventId: string, venue: VenueView | undefined, live = true): SeatMapData {
  const [map, setMap] = useState<SeatMap>();
  const [error, setError] = useState<unknown>();
  const [liveState, setLive] = useState<LiveState>({ statuses: new Map(), areas: new Map(), version: -1, live: false });
  const feed = useRef<LiveFeed>();
  const seatLayout = useRef<SeatLayout>();

  useEffect(() => {
    let active = true;
    let connected = false;
    seatLayout.current = undefined;
    const layoutOnce = () => seatLayout.current ? Promise.resolve(seatLayout.current)
      : api.events.layout(eventId).then((l) => (seatLayout.current = l));
    const load = () => layoutOnce().then((l) => api.events.compactSeats(eventId).then((c) => {
      if (!active) return;
      setMap(toMap(l, c));
      setError(undefined);
      const { statuses, areas } = toState(l, c);
      feed.current?.seed(c.version, statuses, areas);
      if (live && !connected) { // the socket's compact snapshots need the layout's seat order
        connected = true;
        f.order = l.seats.map((s) => s.id);
        f.connect();
      }
    }), (e) => active && setError(e));
    const f = new LiveFeed(eventId, (s) => active && setLive(s), () => { load(); });
    feed.current = f;
    load();
    return () => { active = false; f.close(); };
  }, [eventId, live]);

  const layout = useMemo(() => (map ? computeLayout(map.seats, map.areas, venue) : undefined), [map, venue]);
  const tiers = useMemo(() => (map ? priceTiers(map.seats, map.areas) : []), [map]);
  return {
    layout, tiers, live: liveState, error,
    refresh: () => {
      const l = seatLayout.current;
      if (!l) return;
      api.events.compactSeats(eventId).then((c) => {
        const { statuses, areas } = toState(l, c);
        feed.current?.seed(c.version, statuses, areas);
      }, () => undefined);
    },
  };
}

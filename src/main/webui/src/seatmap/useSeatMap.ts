import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api } from '../api/client';
import type { SeatMap, SeatStatus, VenueView } from '../api/types';
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

const toState = (map: SeatMap) => ({
  statuses: new Map<string, SeatStatus>(map.seats.map((s) => [s.id, s.status])),
  areas: new Map(map.areas.map((a) => [a.section, a.available])),
});

/**
 * The seat map of an event: drawn from GET /seats, then kept current by the live WebSocket feed (`live`: false for a
 * draft, which has no live feed).
 */
export function useSeatMap(eventId: string, venue: VenueView | undefined, live = true): SeatMapData {
  const [map, setMap] = useState<SeatMap>();
  const [error, setError] = useState<unknown>();
  const [liveState, setLive] = useState<LiveState>({ statuses: new Map(), areas: new Map(), version: -1, live: false });
  const feed = useRef<LiveFeed>();

  useEffect(() => {
    let active = true;
    const load = () => api.events.seats(eventId).then((m) => {
      if (!active) return;
      setMap(m);
      setError(undefined);
      const { statuses, areas } = toState(m);
      feed.current?.seed(m.version, statuses, areas, { onSale: m.onSale, salesEndAt: m.salesEndAt });
    }, (e) => active && setError(e));
    const f = new LiveFeed(eventId, (s) => active && setLive(s), () => { load(); });
    feed.current = f;
    load();
    if (live) f.connect();
    return () => { active = false; f.close(); };
  }, [eventId, live]);

  const layout = useMemo(() => (map ? computeLayout(map.seats, map.areas, venue) : undefined), [map, venue]);
  const tiers = useMemo(() => (map ? priceTiers(map.seats, map.areas) : []), [map]);
  return {
    layout, tiers, live: liveState, error,
    refresh: () => api.events.seats(eventId).then((m) => {
      const { statuses, areas } = toState(m);
      feed.current?.seed(m.version, statuses, areas);
    }, () => undefined),
  };
}

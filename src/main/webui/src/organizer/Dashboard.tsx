import { useEffect, useRef, useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { consoleApi } from '../api/organizer';
import { venueOf } from '../api/cache';
import { api } from '../api/client';
import type { EventView, Stats, Timeline, VenueView } from '../api/types';
import { useSeatMap } from '../seatmap/useSeatMap';
import { MiniMap, MiniMapLegend } from '../seatmap/MiniMap';
import { ErrorMessage } from '../ui/ErrorMessage';
import { Skeleton } from '../ui/Empty';
import { usePageFocus } from '../ui/hooks';
import { dateTime, money } from '../ui/format';
import { Guard, StatusBadge } from './Guard';
import { ListSkeleton } from './OrganizerHome';
import { SalesChart, TierChart } from './charts';
import { AttendeesPanel } from './AttendeesPanel';
import { StaffPanel } from './StaffPanel';
import './console.css';

/** Slower than this, figures come from polling alone; the live seat map makes them follow every change at once. */
const POLL_MS = 10_000;
/** At most one refresh of the figures per this long, however fast seats change. */
const THROTTLE_MS = 700;

/** Time buckets that give a readable chart for how long the sale has been running. */
function bucketFor(since: number): number {
  const hours = (Date.now() - since) / 3_600_000;
  return hours <= 3 ? 1 : hours <= 24 ? 10 : hours <= 24 * 7 ? 60 : 1440;
}

/** /organizer/events/{id}: live figures, charts, the sell-out map, attendees and staff. */
export function Dashboard() {
  return <Guard role="ORGANIZER"><Board /></Guard>;
}

function Board() {
  const { params } = useRoute();
  const id: string = params.id;
  const [event, setEvent] = useState<EventView>();
  const [venue, setVenue] = useState<VenueView>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    api.events.get(id).then((e) => { setEvent(e); return venueOf(e.venueId).then(setVenue); }).catch(setError);
  }, [id]);
  const heading = usePageFocus<HTMLHeadingElement>(event ? `${event.name}: dashboard` : 'Dashboard');
  if (error !== undefined) return <div class="page console"><ErrorMessage error={error} /></div>;
  if (!event || !venue) return <div class="page console"><ListSkeleton /></div>;
  return <Live event={event} venue={venue} heading={heading} />;
}

function Live({ event, venue, heading }: { event: EventView; venue: VenueView; heading: preact.RefObject<HTMLHeadingElement> }) {
  const map = useSeatMap(event.id, venue, event.status === 'ON_SALE');
  const [stats, setStats] = useState<Stats>();
  const [timeline, setTimeline] = useState<Timeline>();
  const [error, setError] = useState<unknown>();
  const [now, setNow] = useState(Date.now());
  const bucket = bucketFor(Date.parse(event.salesStartAt ?? event.startsAt) || Date.now());

  // figures: at once, after every live change of the seat map (throttled), and every POLL_MS for check-ins
  const last = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const refresh = () => {
    const run = () => {
      last.current = Date.now();
      Promise.all([consoleApi.stats(event.id), consoleApi.timeline(event.id, bucket)]).then(([s, t]) => {
        setStats(s); setTimeline(t); setNow(Date.now()); setError(undefined);
      }, setError);
    };
    clearTimeout(timer.current);
    const wait = last.current + THROTTLE_MS - Date.now();
    if (wait <= 0) run(); else timer.current = setTimeout(run, wait);
  };
  useEffect(() => {
    refresh();
    const poll = setInterval(refresh, POLL_MS);
    return () => { clearInterval(poll); clearTimeout(timer.current); };
  }, [event.id]);
  useEffect(() => { if (map.live.version >= 0) refresh(); }, [map.live.version]);

  const currency = stats?.currency ?? event.currency;
  const live = map.live.live;
  return (
    <div class="page console" data-testid="dashboard" data-event-id={event.id}>
      <nav class="crumbs" aria-label="Breadcrumb"><a href="/organizer">Console</a> / Dashboard</nav>
      <div class="console__head">
        <div>
          <h1 ref={heading} tabIndex={-1}>{event.name} <StatusBadge status={event.status} /></h1>
          <p class="muted small">{dateTime(event.startsAt, venue.timezone)} · {venue.name}</p>
        </div>
        <div class="console__actions">
          <span class={`live-dot ${live ? '' : 'is-off'}`} data-testid="dashboard-live" data-live={String(live)}>{live ? 'Live' : event.status === 'ON_SALE' ? 'Reconnecting…' : 'Not live'}</span>
          <a class="btn btn--secondary" href={`/organizer/events/${event.id}/edit`}>Edit</a>
          {event.status === 'ON_SALE' && <a class="btn btn--secondary" href={`/events/${event.id}`}>Event page</a>}
          <a class="btn btn--secondary" href={`/door/${event.id}`}>Door scanner</a>
        </div>
      </div>
      {error !== undefined && <ErrorMessage error={error} />}

      <div class="figures" aria-live="polite">
        <Figure id="stats-sold" label="Sold" value={stats?.sold} sub={stats ? `of ${stats.capacity} places` : undefined} />
        <Figure id="stats-held" label="Held now" value={stats?.held} sub="in checkouts" />
        <Figure id="stats-available" label="Available" value={stats?.available} />
        <Figure id="stats-revenue" label="Revenue" value={stats ? Number(stats.revenue) : undefined}
          shown={stats ? money(stats.revenue, currency) : undefined} sub={stats?.refunded?.tickets ? `${money(stats.refunded.amount, currency)} refunded` : undefined} wide />
        <Figure id="stats-checked-in" label="Checked in" value={stats?.checkedIn} sub={stats ? `of ${stats.sold} sold` : undefined} />
      </div>

      <div class="dash">
        <section class="panel" aria-labelledby="sales-title">
          <div class="panel__head"><h2 id="sales-title">Sales over time</h2><span class="muted small">{timeline ? `per ${timeline.bucketMinutes === 1440 ? 'day' : `${timeline.bucketMinutes} min`}` : ''}</span></div>
          <div class="panel__body">{timeline ? <SalesChart timeline={timeline} now={now} timeZone={venue.timezone} /> : <Skeleton height="200px" />}</div>
        </section>
        <section class="panel" aria-labelledby="tiers-title">
          <div class="panel__head"><h2 id="tiers-title">By price tier</h2></div>
          <div class="panel__body">{stats ? <TierChart stats={stats} layout={map.layout} tiers={map.tiers} /> : <Skeleton height="120px" />}</div>
        </section>
        <section class="panel panel--full" aria-labelledby="map-title">
          <div class="panel__head"><h2 id="map-title">Seat map</h2><span class="muted small">Updates as seats are held and sold</span></div>
          {map.layout ? (
            <>
              <div class="panel__body"><MiniMap layout={map.layout} statuses={map.live.statuses} areas={map.live.areas} testId="dashboard-map"
                label={`Seat map: ${stats?.sold ?? 0} sold, ${stats?.held ?? 0} held, ${stats?.available ?? 0} available`} /></div>
              <MiniMapLegend />
            </>
          ) : <div class="panel__body"><Skeleton height="240px" /></div>}
        </section>
        <AttendeesPanel eventId={event.id} timeZone={venue.timezone} version={stats?.sold ?? 0} />
        <StaffPanel eventId={event.id} />
      </div>
    </div>
  );
}

/** One dashboard figure; briefly green when it goes up. `data-value` is the plain number for tests. */
function Figure({ id, label, value, shown, sub, wide }: { id: string; label: string; value?: number; shown?: string; sub?: string; wide?: boolean }) {
  const prev = useRef(value);
  const [bumped, setBumped] = useState(false);
  useEffect(() => {
    if (value !== undefined && prev.current !== undefined && value < prev.current) setBumped(false);
    if (value !== undefined && prev.current !== undefined && value > prev.current) {
      setBumped(true);
      const t = setTimeout(() => setBumped(false), 1500);
      prev.current = value;
      return () => clearTimeout(t);
    }
    prev.current = value;
  }, [value]);
  return (
    <div class={`figure ${wide ? 'figure--wide' : ''}`} data-testid={id} data-value={value ?? ''}>
      <div class="figure__label">{label}</div>
      <div class={`figure__value ${bumped ? 'is-bumped' : ''}`}>{value === undefined ? <Skeleton width="3ch" height="1em" /> : shown ?? value}</div>
      {sub && <div class="figure__sub">{sub}</div>}
    </div>
  );
}

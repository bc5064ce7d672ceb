import { useEffect, useMemo, useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso';
import { ApiError } from '../api/client';
import { eventOf } from '../api/cache';
import type { EventView, HoldRequest } from '../api/types';
import { currentAdmission, pendingSelectionFor } from '../app/storage';
import { loginPath, useUser } from '../auth/useSession';
import { EventArt } from '../events/EventArt';
import { useVenue } from '../events/EventCard';
import { SeatMap, statusOf } from '../seatmap/SeatMap';
import { useSeatMap } from '../seatmap/useSeatMap';
import { tierColor } from '../seatmap/layout';
import { Empty, Skeleton } from '../ui/Empty';
import { ErrorMessage, Notice } from '../ui/ErrorMessage';
import { dateTime, money } from '../ui/format';
import { useAsync, usePageFocus } from '../ui/hooks';
import { Icon } from '../ui/Icon';
import { toast } from '../ui/toast';
import { ActionPanel, type Selection } from './ActionPanel';
import { BestAvailable, GeneralAdmission } from './Pickers';
import { useHold } from './useHold';
import { Waitlist } from './Waitlist';
import './event.css';

export function EventPage() {
  const { params } = useRoute();
  const id = params.id;
  const event = useAsync(() => eventOf(id), [id]);
  if (event.error) {
    const notFound = event.error instanceof ApiError && (event.error.status === 404 || event.error.status === 400);
    return (
      <div class="page">
        {notFound ? (
          <Empty icon="search" title="This event does not exist">
            <p>It may have been removed, or the link is wrong.</p>
            <a class="btn btn--primary" href="/">See all events</a>
          </Empty>
        ) : <ErrorMessage error={event.error} />}
      </div>
    );
  }
  if (!event.data) return <EventSkeleton />;
  return <EventView event={event.data} />;
}

function EventSkeleton() {
  return (
    <div class="page event-page" aria-busy="true">
      <div class="ep-hero">
        <div class="ep-hero__art"><div class="event-art skeleton" /></div>
        <div class="ep-hero__text">
          <Skeleton width="70%" height="2em" />
          <Skeleton width="50%" class="skeleton--text" />
          <Skeleton width="40%" class="skeleton--text" />
        </div>
      </div>
      <div class="ep-main"><div class="seatmap__frame"><div class="seatmap__viewport skeleton" /></div></div>
    </div>
  );
}

function EventView({ event }: { event: EventView }) {
  const { query, route } = useLocation();
  const user = useUser();
  const venue = useVenue(event.venueId);
  const heading = usePageFocus<HTMLHeadingElement>(event.name);
  const map = useSeatMap(event.id, venue);
  const admission = event.waitingRoom?.enabled ? currentAdmission(event.id, user?.id) : undefined;
  const h = useHold(event.id, user, admission?.token, query.order);
  const [selected, setSelected] = useState<string[]>(() => {
    const pending = pendingSelectionFor(event.id).get() ?? [];
    pendingSelectionFor(event.id).clear();
    return pending;
  });
  const [area, setArea] = useState<{ section: string; quantity: number } | undefined>();
  const names = map.layout?.names ?? new Map<string, string>();

  // what the buyer can do now
  const now = Date.now();
  const salesStart = event.salesStartAt ? Date.parse(event.salesStartAt) : 0;
  const onSale = map.live.onSale;
  const seatsLeft = map.layout
    ? map.layout.seats.some((s) => statusOf(s, map.live, new Set()) === 'AVAILABLE') || [...map.live.areas.values()].some((n) => n > 0)
    : true;
  let blocked: { title: string; action?: { label: string; href: string } } | null = null;
  if (event.status === 'CANCELLED') blocked = { title: 'This event was cancelled' };
  else if (onSale === false) blocked = { title: 'Sales have ended' };
  else if (event.status !== 'ON_SALE') blocked = { title: 'Not on sale' };
  else if (salesStart > now) blocked = { title: `Sales open ${dateTime(event.salesStartAt!, venue?.timezone)}` };
  else if (map.layout && !seatsLeft && !h.hold) blocked = { title: 'Sold out' };
  else if (event.waitingRoom?.enabled && !admission) blocked = { title: 'This sale goes through a waiting room', action: { label: 'Join the waiting room', href: `/queue/${event.id}` } };
  const canPick = !blocked && !h.hold && !h.order;
  const soldOut = !!map.layout && !seatsLeft && !h.hold && !h.order && event.status === 'ON_SALE' && onSale !== false;
  // once sold out on this visit, the waiting list stays: places coming back for others must not hide this buyer's entry
  const [listed, setListed] = useState(false);
  useEffect(() => { if (soldOut) setListed(true); }, [soldOut]);

  // a waiting-list offer opened from "My tickets" (or its mail): its hold is this page's
  useEffect(() => { if (query.hold && user) h.adopt(query.hold); }, [query.hold, user?.id]);

  const mine = useMemo(() => new Set(h.order ? h.order.seats : h.hold && !h.expired ? h.hold.seats : []), [h.hold, h.order, h.expired]);
  const selectedSet = useMemo(() => new Set(selected), [selected]);

  // seats picked by someone else meanwhile drop out of the selection
  useEffect(() => {
    if (!selected.length || h.busy === 'hold') return;     // the buyer's own hold turns them HELD too
    const gone = selected.filter((s) => (map.live.statuses.get(s) ?? 'AVAILABLE') !== 'AVAILABLE');
    if (gone.length) {
      setSelected(selected.filter((s) => !gone.includes(s)));
      toast(gone.length === 1 ? 'A seat you picked was just taken by someone else.' : `${gone.length} seats you picked were just taken.`);
    }
  }, [map.live.version]);

  const max = event.maxSeatsPerOrder;
  const toggle = (seatId: string) => {
    setArea(undefined);
    if (selectedSet.has(seatId)) setSelected(selected.filter((s) => s !== seatId));
    else if (selected.length >= max) toast(`At most ${max} seats per order.`);
    else setSelected([...selected, seatId]);
  };
  const priceOf = (seatId: string) => Number(map.layout?.seatsById.get(seatId)?.price ?? 0);
  const areaPrice = (section: string) => Number(map.layout?.areas.find((a) => a.key === section)?.price ?? 0);
  const selection: Selection = { seats: selected, area: area && area.quantity > 0 ? area : undefined };
  const selectionTotal = selected.reduce((sum, s) => sum + priceOf(s), 0) + (selection.area ? areaPrice(selection.area.section) * selection.area.quantity : 0);

  const requireLogin = () => {
    if (user) return false;
    pendingSelectionFor(event.id).set(selected);
    route(loginPath(`/events/${event.id}`));
    return true;
  };
  const hold = async (body: HoldRequest) => {
    if (requireLogin()) return;
    const held = await h.place(body);
    if (held) {
      setSelected([]);
      setArea(undefined);
      map.refresh();
    }
  };
  const onHold = () => hold(selection.area ? { section: selection.area.section, quantity: selection.area.quantity } : { seats: selected });
  const onBest = (quantity: number, section?: string) => hold({ bestAvailable: section ? { quantity, section } : { quantity } });
  const scrollToArea = (section: string) =>
    document.getElementById(`area-${section}`)?.scrollIntoView({ behavior: 'smooth', block: 'center' });

  const seatedSections = map.layout?.sections.map((s) => ({ key: s.key, name: s.name })) ?? [];
  const admissionNote = event.waitingRoom?.enabled && admission && !h.order;

  return (
    <div class="page event-page">
      <div class="ep-hero">
        <div class="ep-hero__art"><EventArt event={event} eager /></div>
        <div class="ep-hero__text">
          <a class="ep-back" href="/"><Icon name="back" size={16} />All events</a>
          <h1 ref={heading} tabIndex={-1} class="ep-title">{event.name}</h1>
          <p class="ep-meta"><Icon name="calendar" size={18} /><span>{dateTime(event.startsAt, venue?.timezone)}</span></p>
          <p class="ep-meta"><Icon name="pin" size={18} />
            <span>{venue ? <>{venue.name}{venue.address ? <span class="muted"> · {venue.address}</span> : null}</> : '\u00a0'}</span>
          </p>
          <ul class="ep-prices" aria-label="Prices">
            {event.prices.map((p) => (
              <li key={p.section} class="ep-price">
                <span class="legend__dot" style={{ background: tierColor(map.tiers, p.price) }} aria-hidden="true" />
                {names.get(p.section) ?? p.section} <strong>{money(p.price, event.currency)}</strong>
              </li>
            ))}
          </ul>
        </div>
      </div>

      <div class="ep-main stack">
        {event.status === 'CANCELLED' && <Notice kind="danger" title="This event was cancelled" icon="alert"><p>Paid orders are refunded automatically.</p></Notice>}
        {onSale === false && event.status !== 'CANCELLED' && <Notice kind="warning" title="Sales have ended" icon="clock"><p>Tickets for this event are no longer sold.</p></Notice>}
        {soldOut && <Notice kind="warning" title="Sold out" icon="alert"><p>Every place is taken right now. Join the waiting list: places that come back are held for the people on it first.</p></Notice>}
        {(soldOut || listed) && !h.hold && !h.order && (
          <Waitlist eventId={event.id} user={user} max={max} version={map.live.version} soldOut={soldOut}
            sections={[...seatedSections, ...(map.layout?.areas.map((a) => ({ key: a.key, name: a.name })) ?? [])]}
            onLogin={() => route(loginPath(`/events/${event.id}`))} onOffer={h.adopt} />
        )}
        {admissionNote && <Notice kind="success" title="You’re in: it’s your turn to shop" icon="check">
          <p>Your shopping time ends {dateTime(new Date(admission!.until).toISOString(), undefined, { weekday: undefined, year: undefined, day: undefined, month: undefined })}.</p></Notice>}

        <section class="seatmap" aria-labelledby="map-title">
          <div class="seatmap__frame" data-testid="seat-map" data-version={map.live.version} data-live={String(map.live.live)}>
            <div class="seatmap__bar">
              <h2 id="map-title" class="small">Pick your seats</h2>
              {map.layout && (map.live.live
                ? <span class="live-dot">Live</span>
                : <span class="live-dot is-off">Reconnecting…</span>)}
            </div>
            {map.error !== undefined && !map.layout ? <div class="card__body"><ErrorMessage error={map.error} /></div>
              : !map.layout ? <div class="seatmap__viewport skeleton" aria-label="Loading the seat map" />
              : (
                <SeatMap layout={map.layout} tiers={map.tiers} live={map.live} currency={event.currency} mine={mine}
                  selected={selectedSet} interactive={canPick} onToggle={(s) => toggle(s.id)} onArea={scrollToArea}
                  label={`Seat map of ${event.name}`} />
              )}
            {map.layout && (
              <ul class="legend" aria-label="Legend">
                {map.tiers.map((t) => <li key={t}><span class="legend__dot" style={{ background: tierColor(map.tiers, t) }} />{money(t, event.currency)}</li>)}
                <li><span class="legend__dot" style={{ background: 'var(--seat-mine)' }} />Selected</li>
                <li><span class="legend__dot" style={{ background: 'var(--c-success)' }} />Yours</li>
                <li><span class="legend__dot legend__dot--small" style={{ background: 'var(--seat-taken)' }} />Taken</li>
              </ul>
            )}
            <p id="seatmap-help" class="seatmap__help">Tap a seat to pick it; pinch or use + and − to zoom. With a keyboard: arrow keys move, Enter picks.</p>
          </div>
        </section>

        {map.layout && !blocked && (
          <div class="ep-pickers">
            {seatedSections.length > 0 && (
              <BestAvailable sections={seatedSections} max={max} disabled={!canPick} busy={h.busy === 'hold'} onPick={onBest} />
            )}
            {map.layout.areas.map((a) => (
              <GeneralAdmission key={a.key} area={{ section: a.key, capacity: a.capacity, available: 0, price: a.price }} name={a.name}
                available={map.live.areas.get(a.key) ?? 0} tiers={map.tiers} currency={event.currency}
                quantity={area?.section === a.key ? area.quantity : 0} max={max} disabled={!canPick}
                onQuantity={(quantity) => { setSelected([]); setArea({ section: a.key, quantity }); }} />
            ))}
          </div>
        )}

        {event.description && (
          <section class="card ep-about" aria-labelledby="about-title">
            <div class="card__body">
              <h2 id="about-title" class="picker__title">About this event</h2>
              <p class="ep-description">{event.description}</p>
              <p class="muted small">Up to {max} tickets per order{event.maxSeatsPerUser ? `, ${event.maxSeatsPerUser} per person` : ''}.</p>
            </div>
          </section>
        )}
      </div>

      <aside class="ep-action" aria-label="Your order">
        <ActionPanel event={event} names={names} selection={selection} selectionTotal={selectionTotal}
          hold={h.hold} order={h.order} expired={h.expired} error={h.error} busy={h.busy} blocked={h.hold || h.order ? null : blocked}
          onHold={onHold} onRelease={async () => { await h.release(); map.refresh(); }} onCheckout={h.checkout}
          onExpired={h.expire} onReset={() => { h.reset(); setSelected([]); setArea(undefined); }} onOrderChanged={h.orderChanged} />
      </aside>
    </div>
  );
}

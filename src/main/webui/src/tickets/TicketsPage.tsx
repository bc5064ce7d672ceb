import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client';
import { eventOf, venueOf } from '../api/cache';
import type { EventView, OrderTicket, OrderView, VenueView, WaitlistEntry } from '../api/types';
import { loginPath, useUser } from '../auth/useSession';
import { placeName } from '../event/ActionPanel';
import { EventArt } from '../events/EventArt';
import { Empty, Skeleton } from '../ui/Empty';
import { ErrorMessage } from '../ui/ErrorMessage';
import { dateTime } from '../ui/format';
import { useAsync, usePageFocus } from '../ui/hooks';
import { OrderCard } from './OrderCard';
import { TicketCard } from './TicketCard';
import './tickets.css';

interface Data {
  tickets: OrderTicket[];
  orders: OrderView[];
  /** waiting-list entries still in play (waiting, or an offer to take) */
  waitlist: WaitlistEntry[];
  events: Map<string, EventView>;
  venues: Map<string, VenueView>;
}

async function load(): Promise<Data> {
  const [tickets, orders, waitlist] = await Promise.all([api.tickets.mine(), api.orders.mine(), api.waitlist.mine()]);
  const live = waitlist.items.filter((e) => e.status === 'WAITING' || e.status === 'OFFERED');
  const eventIds = new Set<string>([...orders.items.map((o) => o.eventId), ...tickets.items.map((t) => t.eventId!).filter(Boolean),
    ...live.map((e) => e.eventId)]);
  const events = new Map<string, EventView>();
  await Promise.all([...eventIds].map((id) => eventOf(id).then((e) => events.set(id, e), () => undefined)));
  const venues = new Map<string, VenueView>();
  await Promise.all([...new Set([...events.values()].map((e) => e.venueId))].map((id) => venueOf(id).then((v) => venues.set(id, v), () => undefined)));
  // a cancelled event's list waits for nothing
  const waiting = live.filter((e) => events.get(e.eventId)?.status !== 'CANCELLED');
  return { tickets: tickets.items, orders: orders.items, waitlist: waiting, events, venues };
}

type Tab = 'upcoming' | 'past' | 'orders';

export function TicketsPage() {
  const user = useUser();
  const heading = usePageFocus<HTMLHeadingElement>('My tickets');
  const [tab, setTab] = useState<Tab>('upcoming');
  const data = useAsync(() => (user ? load() : Promise.resolve(undefined)), [user?.id]);
  const [orders, setOrders] = useState<OrderView[]>();
  useEffect(() => setOrders(data.data?.orders), [data.data]);

  if (!user) {
    return (
      <div class="page">
        <h1 ref={heading} tabIndex={-1} class="page__title">My tickets</h1>
        <Empty icon="ticket" title="Log in to see your tickets">
          <a class="btn btn--primary" href={loginPath('/me/tickets')}>Log in</a>
        </Empty>
      </div>
    );
  }

  const d = data.data;
  const now = Date.now();
  const isPast = (t: OrderTicket) => {
    const e = t.eventId ? d?.events.get(t.eventId) : undefined;
    return !!e && Date.parse(e.endsAt) < now;
  };
  const shown = (d?.tickets ?? []).filter((t) => t.status !== 'VOID' && (tab === 'past' ? isPast(t) : !isPast(t)));
  const groups = new Map<string, OrderTicket[]>();
  shown.forEach((t) => groups.set(t.eventId ?? '', [...(groups.get(t.eventId ?? '') ?? []), t]));
  const sortedGroups = [...groups.entries()].sort(([a], [b]) => {
    const ea = d?.events.get(a);
    const eb = d?.events.get(b);
    const diff = Date.parse(ea?.startsAt ?? '') - Date.parse(eb?.startsAt ?? '');
    return tab === 'past' ? -diff : diff;
  });

  return (
    <div class="page tickets">
      <h1 ref={heading} tabIndex={-1} class="page__title">My tickets</h1>
      <div class="tabs tickets__tabs" role="tablist" aria-label="Show">
        {(['upcoming', 'past', 'orders'] as Tab[]).map((t) => (
          <button key={t} type="button" role="tab" class="tabs__tab" aria-selected={tab === t} onClick={() => setTab(t)}>
            {t === 'upcoming' ? 'Upcoming' : t === 'past' ? 'Past' : 'Orders'}
          </button>
        ))}
      </div>

      {data.error !== undefined && <ErrorMessage error={data.error} />}
      {!d && data.loading && <TicketsSkeleton />}

      {d && tab === 'upcoming' && d.waitlist.length > 0 && (
        <ul class="waitlist-list" aria-label="Waiting lists">
          {d.waitlist.map((e) => <li key={e.id}><WaitlistCard entry={e} event={d.events.get(e.eventId)} /></li>)}
        </ul>
      )}

      {d && tab !== 'orders' && (sortedGroups.length === 0 ? (
        <Empty icon="ticket" title={tab === 'past' ? 'No past events' : 'No upcoming tickets'}>
          <p>{tab === 'past' ? 'Events you went to show here.' : 'Tickets you buy show here, ready to scan at the door.'}</p>
          {tab === 'upcoming' && <a class="btn btn--primary" href="/">Find events</a>}
        </Empty>
      ) : sortedGroups.map(([eventId, tickets]) => {
        const event = d.events.get(eventId);
        const venue = event ? d.venues.get(event.venueId) : undefined;
        return (
          <section key={eventId} class="ticket-group" aria-label={event?.name ?? 'Event'}>
            <header class="ticket-group__head">
              {event && <EventArt event={event} class="ticket-group__art" />}
              <div>
                <h2 class="ticket-group__name">{event ? <a href={`/events/${event.id}`}>{event.name}</a> : 'Event'}</h2>
                <p class="muted small">{event ? dateTime(event.startsAt, venue?.timezone) : ''}{venue ? ` · ${venue.name}` : ''}</p>
              </div>
            </header>
            <ul class="ticket-list">
              {tickets.map((t) => (
                <li key={t.id}><TicketCard ticket={t} place={placeName(t.seat, new Map((venue?.sections ?? []).map((s) => [s.key, s.name])))} event={event} /></li>
              ))}
            </ul>
          </section>
        );
      }))}

      {d && tab === 'orders' && ((orders ?? []).length === 0 ? (
        <Empty icon="ticket" title="No orders yet"><a class="btn btn--primary" href="/">Find events</a></Empty>
      ) : (
        <ul class="order-list">
          {(orders ?? []).map((o) => {
            const event = d.events.get(o.eventId);
            return (
              <li key={o.id}>
                <OrderCard order={o} event={event} venue={event ? d.venues.get(event.venueId) : undefined}
                  onChanged={(next) => setOrders((orders ?? []).map((x) => (x.id === next.id ? next : x)))} />
              </li>
            );
          })}
        </ul>
      ))}
    </div>
  );
}

/** A waiting-list entry: the place in line, or the offer to pay for before it passes on. */
function WaitlistCard({ entry, event }: { entry: WaitlistEntry; event?: EventView }) {
  const places = `${entry.quantity} place${entry.quantity === 1 ? '' : 's'}${entry.together ? ' together' : ''}`;
  return (
    <article class={`card waitlist-card${entry.status === 'OFFERED' ? ' waitlist-card--offer' : ''}`} data-testid="waitlist-entry"
      data-status={entry.status} data-event-id={entry.eventId}>
      <div class="card__body">
        <p class="waitlist-card__event">{event ? <a href={`/events/${entry.eventId}`}>{event.name}</a> : 'Event'}</p>
        {entry.status === 'OFFERED' ? (
          <>
            <p><strong>Places came back for you</strong> ({places}): pay before {dateTime(entry.offerExpiresAt!, undefined,
              { weekday: undefined, year: undefined, day: undefined, month: undefined })} or they pass to the next person.</p>
            <a class="btn btn--primary btn--block" data-testid="waitlist-offer" href={`/events/${entry.eventId}?hold=${entry.holdId}`}>
              See your places and pay
            </a>
          </>
        ) : (
          <p class="muted">Waiting list: <strong class="num">#{entry.position}</strong> for {places}.</p>
        )}
      </div>
    </article>
  );
}

function TicketsSkeleton() {
  return (
    <div class="ticket-group" aria-busy="true" aria-label="Loading your tickets">
      <div class="ticket-group__head"><Skeleton width="96px" height="54px" radius="8px" /><div style={{ flex: 1 }}><Skeleton width="60%" height="1.2em" /><Skeleton width="40%" class="skeleton--text" /></div></div>
      <div class="ticket card"><div class="ticket__qr"><Skeleton width="100%" height="100%" /></div></div>
    </div>
  );
}

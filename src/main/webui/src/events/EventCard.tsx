import { useEffect, useState } from 'preact/hooks';
import { venueOf } from '../api/cache';
import type { EventView, VenueView } from '../api/types';
import { dayParts, money } from '../ui/format';
import { Skeleton } from '../ui/Empty';
import { EventArt } from './EventArt';

export function lowestPrice(event: EventView): string | null {
  if (!event.prices.length) return null;
  const min = Math.min(...event.prices.map((p) => Number(p.price)));
  return money(min, event.currency);
}

export function useVenue(id: string | undefined): VenueView | undefined {
  const [venue, setVenue] = useState<VenueView>();
  useEffect(() => {
    if (id) venueOf(id).then(setVenue, () => undefined);
  }, [id]);
  return venue;
}

export function EventCard({ event }: { event: EventView }) {
  const venue = useVenue(event.venueId);
  const when = dayParts(event.startsAt, venue?.timezone);
  const from = lowestPrice(event);
  const cancelled = event.status === 'CANCELLED';
  return (
    <a class="event-card card" href={`/events/${event.id}`} data-testid="event-card" data-event-id={event.id}>
      <div class="event-card__media">
        <EventArt event={event} />
        <span class="event-card__date" aria-hidden="true">
          <span class="event-card__month">{when.month}</span>
          <span class="event-card__day">{when.day}</span>
        </span>
      </div>
      <div class="event-card__body">
        <h2 class="event-card__name">{event.name}</h2>
        <p class="event-card__meta">
          <span>{when.weekday} {when.day} {when.month} · {when.time}</span>
          <span class="event-card__venue">{venue ? venue.name : '\u00a0'}</span>
        </p>
        <div class="event-card__foot">
          {cancelled ? <span class="badge badge--danger">Cancelled</span>
            : from && <span class="event-card__price">from <strong>{from}</strong></span>}
          {event.waitingRoom?.enabled && !cancelled && <span class="badge badge--brand">Waiting room</span>}
        </div>
      </div>
    </a>
  );
}

export function EventCardSkeleton() {
  return (
    <div class="event-card card" aria-hidden="true">
      <div class="event-card__media"><div class="event-art skeleton" /></div>
      <div class="event-card__body">
        <Skeleton width="70%" height="1.3em" />
        <Skeleton width="55%" class="skeleton--text" />
        <Skeleton width="40%" class="skeleton--text" />
        <div class="event-card__foot"><Skeleton width="30%" height="1.4em" /></div>
      </div>
    </div>
  );
}

import { consoleApi } from '../api/organizer';
import { Guard, StatusBadge } from './Guard';
import { useAsync, usePageFocus } from '../ui/hooks';
import { ErrorMessage } from '../ui/ErrorMessage';
import { Skeleton } from '../ui/Empty';
import { dateTime } from '../ui/format';
import { Icon } from '../ui/Icon';
import './console.css';

/** /organizer: the organizer's venues and events, with the way to each page of the console. */
export function OrganizerHome() {
  return <Guard role="ORGANIZER"><Home /></Guard>;
}

function Home() {
  const heading = usePageFocus<HTMLHeadingElement>('Console');
  const venues = useAsync(() => consoleApi.venues.mine(), []);
  const events = useAsync(() => consoleApi.events.mine(), []);
  const venueName = new Map((venues.data?.items ?? []).map((v) => [v.id, v]));
  return (
    <div class="page console" data-testid="organizer-home">
      <div class="console__head">
        <h1 ref={heading} tabIndex={-1}>Your events</h1>
        <div class="console__actions">
          <a class="btn btn--secondary" href="/organizer/venues/new"><Icon name="plus" />New venue</a>
          <a class={`btn ${venues.data?.items.length ? 'btn--primary' : 'btn--secondary'}`} href="/organizer/events/new"
            aria-disabled={venues.data && !venues.data.items.length ? 'true' : undefined}><Icon name="plus" />New event</a>
        </div>
      </div>
      {events.error !== undefined && <ErrorMessage error={events.error} />}
      {events.loading && !events.data ? <ListSkeleton /> : events.data && (
        events.data.items.length === 0 ? (
          <p class="muted">No events yet. {venues.data?.items.length ? 'Create one from a venue.' : 'Start with a venue: its sections, rows and standing areas.'}</p>
        ) : (
          <ul class="list" aria-label="Events">
            {events.data.items.map((e) => {
              const venue = venueName.get(e.venueId);
              return (
                <li class="list__item" key={e.id} data-testid="console-event" data-event-id={e.id} data-status={e.status}>
                  <div class="list__main">
                    <div class="list__title">{e.name} <StatusBadge status={e.status} /></div>
                    <div class="list__meta">{dateTime(e.startsAt, venue?.timezone)}{venue ? ` · ${venue.name}` : ''}</div>
                  </div>
                  <div class="list__links">
                    <a class="btn btn--primary" href={`/organizer/events/${e.id}`}>Dashboard</a>
                    <a class="btn btn--secondary" href={`/organizer/events/${e.id}/edit`}>Edit</a>
                    {e.status === 'ON_SALE' && <a class="btn btn--ghost" href={`/door/${e.id}`}>Door scanner</a>}
                  </div>
                </li>
              );
            })}
          </ul>
        )
      )}
      <h2 class="section-title" style={{ marginTop: 'var(--s-6)' }}>Venues</h2>
      {venues.error !== undefined && <ErrorMessage error={venues.error} />}
      {venues.loading && !venues.data ? <ListSkeleton /> : venues.data && (
        venues.data.items.length === 0 ? <p class="muted">No venues yet.</p> : (
          <ul class="list" aria-label="Venues">
            {venues.data.items.map((v) => (
              <li class="list__item" key={v.id} data-testid="console-venue" data-venue-id={v.id}>
                <div class="list__main">
                  <div class="list__title">{v.name}</div>
                  <div class="list__meta">{v.address} · {v.timezone} · {v.seatCount} seats, {v.capacity} places in all</div>
                </div>
                <div class="list__links">
                  <a class="btn btn--secondary" href={`/organizer/events/new?venue=${v.id}`}>New event here</a>
                </div>
              </li>
            ))}
          </ul>
        )
      )}
    </div>
  );
}

export function ListSkeleton() {
  return (
    <div class="list" aria-hidden="true">
      {[0, 1, 2].map((i) => <Skeleton key={i} height="68px" radius="var(--r-md)" />)}
    </div>
  );
}

import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api } from '../api/client';
import { rememberEvent } from '../api/cache';
import type { EventView, Page } from '../api/types';
import { ErrorMessage } from '../ui/ErrorMessage';
import { Empty } from '../ui/Empty';
import { Button } from '../ui/Button';
import { Icon } from '../ui/Icon';
import { useAsync, useDebounced, usePageFocus } from '../ui/hooks';
import { EventCard, EventCardSkeleton } from './EventCard';
import './events.css';

const PAGE_SIZE = 12;

export function EventsPage() {
  const { query, route } = useLocation();
  const [text, setText] = useState(query.q ?? '');
  const search = useDebounced(text.trim(), 250);
  const heading = usePageFocus<HTMLHeadingElement>('Events');
  const [more, setMore] = useState<EventView[]>([]);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<unknown>();
  const first = useAsync<Page<EventView>>(() => api.events.list({ q: search, page: 0, size: PAGE_SIZE }), [search]);

  useEffect(() => {
    setMore([]);
    if ((query.q ?? '') !== search) route(search ? `/?q=${encodeURIComponent(search)}` : '/', true);
  }, [search]);

  const items = [...(first.data?.items ?? []), ...more];
  items.forEach(rememberEvent);
  const total = first.data?.total ?? 0;
  const loadMore = async () => {
    setLoadingMore(true);
    setMoreError(undefined);
    try {
      const next = await api.events.list({ q: search, page: 1 + more.length / PAGE_SIZE, size: PAGE_SIZE });
      setMore([...more, ...next.items]);
    } catch (e) {
      setMoreError(e);
    }
    setLoadingMore(false);
  };

  return (
    <div class="page events">
      <section class="events__hero">
        <h1 ref={heading} tabIndex={-1} class="page__title">Find your next night out</h1>
        <label class="events__search">
          <span class="visually-hidden">Search events</span>
          <Icon name="search" class="events__search-icon" />
          <input class="input events__search-input" type="search" placeholder="Search events, artists, venues"
            value={text} data-testid="event-search" enterKeyHint="search"
            onInput={(e) => setText((e.target as HTMLInputElement).value)} />
        </label>
      </section>

      {first.error !== undefined && <ErrorMessage error={first.error}><Button variant="secondary" onClick={first.reload}>Try again</Button></ErrorMessage>}

      {first.loading && !first.data ? (
        <ul class="events__grid" aria-busy="true" aria-label="Loading events">
          {Array.from({ length: 6 }, (_, i) => <li key={i}><EventCardSkeleton /></li>)}
        </ul>
      ) : first.data && items.length === 0 ? (
        <Empty icon="search" title={search ? `Nothing matches “${search}”` : 'No events on sale yet'}>
          <p>{search ? 'Try another word, or clear the search.' : 'Check back soon: new events go on sale all the time.'}</p>
          {search && <Button variant="secondary" onClick={() => setText('')}>Clear search</Button>}
        </Empty>
      ) : (
        <>
          <p class="events__count muted small" aria-live="polite">
            {search ? `${total} result${total === 1 ? '' : 's'} for “${search}”` : `${total} event${total === 1 ? '' : 's'} on sale`}
          </p>
          <ul class="events__grid" aria-busy={first.loading}>
            {items.map((event) => <li key={event.id}><EventCard event={event} /></li>)}
          </ul>
          {moreError !== undefined && <ErrorMessage error={moreError} />}
          {items.length < total && (
            <div class="events__more">
              <Button variant="secondary" loading={loadingMore} onClick={loadMore}>Show more events</Button>
            </div>
          )}
        </>
      )}
    </div>
  );
}

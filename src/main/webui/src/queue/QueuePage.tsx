import { useEffect, useRef, useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { api, ApiError } from '../api/client';
import { eventOf } from '../api/cache';
import type { QueueEntry } from '../api/types';
import { admissionFor, currentAdmission, queueEntryFor } from '../app/storage';
import { loginPath, useUser } from '../auth/useSession';
import { EventArt } from '../events/EventArt';
import { useVenue } from '../events/EventCard';
import { Button } from '../ui/Button';
import { Empty, Skeleton } from '../ui/Empty';
import { ErrorMessage, Notice } from '../ui/ErrorMessage';
import { dateTime, roughDuration } from '../ui/format';
import { useAsync, usePageFocus } from '../ui/hooks';
import { Icon } from '../ui/Icon';
import './queue.css';

const expiredWords: Record<string, string> = {
  SESSION_ENDED: 'Your shopping time ended.',
  ORDER_PLACED: 'You placed your order: enjoy the show!',
  LEFT: 'You left the queue.',
  EVENT_CANCELLED: 'The event was cancelled.',
};

/** How long to wait before asking again: sooner when the turn is near; as the server says after a 429. */
function nextPollMs(entry: QueueEntry): number {
  if (entry.status === 'SOLD_OUT') return 10_000;
  const wait = entry.estimatedWaitSeconds;
  if (entry.position === 1 || (wait !== null && wait !== undefined && wait < 20)) return 1500;
  return wait !== null && wait !== undefined && wait < 120 ? 3000 : 5000;
}

export function QueuePage() {
  const { params } = useRoute();
  const id = params.id;
  const user = useUser();
  const event = useAsync(() => eventOf(id), [id]);
  const venue = useVenue(event.data?.venueId);
  const heading = usePageFocus<HTMLHeadingElement>('Waiting room');
  const saved = queueEntryFor(id);
  const [entry, setEntry] = useState<QueueEntry>();
  const [error, setError] = useState<unknown>();
  const [joining, setJoining] = useState(false);
  const firstPosition = useRef<number>();

  const accept = (e: QueueEntry) => {
    setEntry(e);
    setError(undefined);
    if (e.position && (!firstPosition.current || e.position > firstPosition.current)) firstPosition.current = e.position;
    if (e.status === 'ADMITTED' && e.admissionToken) {
      admissionFor(id).set({ token: e.admissionToken, until: e.admittedUntil ? Date.parse(e.admittedUntil) : Date.now() + 15 * 60_000, userId: user?.id });
    }
  };

  // resume the entry this tab had
  useEffect(() => {
    const s = saved.get();
    if (user && s && (!s.userId || s.userId === user.id)) {
      api.queue.status(s.queueId).then(accept, (e) => {
        if (e instanceof ApiError && e.status === 404) saved.clear();
        else setError(e);
      });
    }
  }, [id, user?.id]);

  // follow it until the turn comes
  useEffect(() => {
    if (!entry || entry.status === 'ADMITTED' || entry.status === 'EXPIRED') return;
    let delay = nextPollMs(entry);
    const timer = setTimeout(async () => {
      try {
        accept(await api.queue.status(entry.queueId));
      } catch (e) {
        if (e instanceof ApiError && e.status === 429) {
          delay = 1000 * Number(e.problem.retryAfterSeconds ?? 2);
          setTimeout(() => setEntry({ ...entry }), delay);
        } else {
          setError(e);
          setTimeout(() => setEntry({ ...entry }), 5000);
        }
      }
    }, delay);
    return () => clearTimeout(timer);
  }, [entry]);

  const join = async () => {
    setJoining(true);
    setError(undefined);
    try {
      const e = await api.queue.join(id);
      saved.set({ queueId: e.queueId, userId: user?.id });
      firstPosition.current = undefined;
      accept(e);
    } catch (e) {
      setError(e);
    }
    setJoining(false);
  };
  const leave = async () => {
    if (!entry) return;
    try { await api.queue.leave(entry.queueId); } catch { /* gone already */ }
    saved.clear();
    admissionFor(id).clear();
    setEntry(undefined);
  };

  if (event.error) return <div class="page"><ErrorMessage error={event.error} /></div>;
  const ev = event.data;
  const admitted = entry?.status === 'ADMITTED' || (!entry && user && currentAdmission(id, user.id));
  const status = entry?.status ?? (admitted ? 'ADMITTED' : undefined);

  return (
    <div class="page queue">
      <div class="card queue__card">
        <div class="queue__art">{ev ? <EventArt event={ev} eager /> : <div class="event-art skeleton" />}</div>
        <div class="card__body stack">
          <p class="badge badge--brand"><Icon name="users" size={14} />Waiting room</p>
          <h1 ref={heading} tabIndex={-1} class="queue__title">{ev ? ev.name : <Skeleton width="60%" height="1.2em" />}</h1>
          <p class="muted">{ev ? dateTime(ev.startsAt, venue?.timezone) : '\u00a0'}{venue ? ` · ${venue.name}` : ''}</p>

          {error !== undefined && <ErrorMessage error={error} />}

          {!user ? (
            <div class="stack">
              <p>So many people want tickets that they queue first. Log in to take your place in line.</p>
              <a class="btn btn--primary btn--lg btn--block" href={loginPath()}>Log in to join</a>
            </div>
          ) : status === 'ADMITTED' ? (
            <div class="stack" data-testid="queue-status" data-status="ADMITTED">
              <Notice kind="success" title="It’s your turn!" icon="check">
                <p>You have until {dateTime(new Date(entry?.admittedUntil ? Date.parse(entry.admittedUntil) : currentAdmission(id, user.id)!.until).toISOString(), undefined, { weekday: undefined, day: undefined, month: undefined, year: undefined })} to pick seats and pay.</p>
              </Notice>
              <a class="btn btn--primary btn--lg btn--block" href={`/events/${id}`} data-testid="queue-continue">Choose your seats</a>
            </div>
          ) : entry && status === 'WAITING' ? (
            <Waiting entry={entry} first={firstPosition.current} onLeave={leave} />
          ) : entry && status === 'SOLD_OUT' ? (
            <div class="stack" data-testid="queue-status" data-status="SOLD_OUT">
              <Notice kind="warning" title="Sold out for now" icon="alert">
                <p>Everything is sold or held. Stay in line: when holds expire or tickets are refunded, the queue moves again.</p>
              </Notice>
              <Button variant="ghost" onClick={leave}>Leave the queue</Button>
            </div>
          ) : entry && status === 'EXPIRED' ? (
            <div class="stack" data-testid="queue-status" data-status="EXPIRED">
              <Notice kind="info" title="Your place in line has ended">
                <p>{expiredWords[entry.reason ?? ''] ?? 'Your turn is over.'}</p>
              </Notice>
              <Button size="lg" block loading={joining} data-testid="queue-join" onClick={join}>Join again</Button>
            </div>
          ) : (
            <div class="stack">
              <p>Everyone who joins before sales start gets a random place in line: no need to rush. Keep this page
                open; you move on when it’s your turn.</p>
              <Button size="lg" block loading={joining} disabled={!ev} data-testid="queue-join" onClick={join}>Join the waiting room</Button>
            </div>
          )}
        </div>
      </div>
      {ev && !ev.waitingRoom?.enabled && (
        <Empty icon="ticket" title="No queue for this event">
          <a class="btn btn--secondary" href={`/events/${id}`}>Go to the seats</a>
        </Empty>
      )}
    </div>
  );
}

function Waiting({ entry, first, onLeave }: { entry: QueueEntry; first?: number; onLeave: () => void }) {
  const pos = entry.position;
  const progress = pos && first && first > 1 ? Math.max(0.04, 1 - (pos - 1) / first) : undefined;
  return (
    <div class="stack" data-testid="queue-status" data-status="WAITING">
      <div class="queue__position" aria-live="polite">
        {pos ? (
          <>
            <span class="muted small">Your place in line</span>
            <span class="queue__number num" data-testid="queue-position" data-status="WAITING">{pos}</span>
          </>
        ) : (
          <>
            <span class="muted small">Your place in line</span>
            <span class="queue__number queue__number--tbd" data-testid="queue-position" data-status="WAITING">Drawn at sales start</span>
          </>
        )}
      </div>
      <div class={`queue__bar ${progress === undefined ? 'is-indeterminate' : ''}`} role="progressbar"
        aria-label="Progress in the queue" aria-valuemin={0} aria-valuemax={100}
        aria-valuenow={progress === undefined ? undefined : Math.round(progress * 100)}>
        <span style={{ width: progress === undefined ? undefined : `${Math.round(progress * 100)}%` }} />
      </div>
      <p class="queue__eta">
        <Icon name="clock" size={18} />
        {entry.estimatedWaitSeconds === null || entry.estimatedWaitSeconds === undefined
          ? 'Waiting time: we’ll know once the line moves.'
          : `Estimated wait: ${roughDuration(entry.estimatedWaitSeconds)}.`}
      </p>
      <p class="muted small">Keep this page open. It updates by itself; refreshing keeps your place.</p>
      <Button variant="ghost" onClick={onLeave}>Leave the queue</Button>
    </div>
  );
}

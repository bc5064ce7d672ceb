import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api/client';
import type { WaitlistEntry } from '../api/types';
import type { User } from '../auth/session';
import { Button } from '../ui/Button';
import { ErrorMessage } from '../ui/ErrorMessage';
import { Stepper } from '../ui/Stepper';

interface Props {
  eventId: string;
  user: User | null;
  max: number;
  sections: { key: string; name: string }[];
  /** the live map's version: a change may be places coming back, so a waiting entry looks again */
  version: number;
  /** joining is offered only while sold out; an entry shows whatever the map does */
  soldOut: boolean;
  onLogin: () => void;
  /** an offer came: its hold is the buyer's now */
  onOffer: (holdId: string) => void;
}

const LIVE = ['WAITING', 'OFFERED'];

/** A sold-out event's waiting list: join with how many places (together or not), see the position, get the offer. */
export function Waitlist({ eventId, user, max, sections, version, soldOut, onLogin, onOffer }: Props) {
  const [entry, setEntry] = useState<WaitlistEntry | undefined>();
  const [quantity, setQuantity] = useState(Math.min(2, max));
  const [section, setSection] = useState('');
  const [together, setTogether] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const lastLook = useRef(0);

  const look = () => {
    if (!user) return;
    lastLook.current = Date.now();
    api.waitlist.mine().then(({ items }) => {
      const mine = items.find((e) => e.eventId === eventId && LIVE.includes(e.status));
      setEntry(mine);
      if (mine?.status === 'OFFERED' && mine.holdId) onOffer(mine.holdId);
    }, () => undefined); // a missed look is retried by the next change or tick
  };
  useEffect(look, [eventId, user?.id]);
  // a change on the map may be places coming back: look 1.5 s later (the offer is on record by then), at most every 3 s
  const pending = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => {
    if (entry?.status !== 'WAITING' || pending.current) return;
    pending.current = setTimeout(() => { pending.current = undefined; look(); },
      Math.max(1500, 3000 - (Date.now() - lastLook.current)));
  }, [version]);
  useEffect(() => () => clearTimeout(pending.current), []);
  useEffect(() => {
    if (entry?.status !== 'WAITING') return undefined;
    const tick = setInterval(look, 10_000);
    return () => clearInterval(tick);
  }, [entry?.status]);

  const join = async () => {
    if (!user) return onLogin();
    setBusy(true);
    setError(undefined);
    try {
      setEntry(await api.waitlist.join(eventId, { quantity, section: section || undefined, together: quantity > 1 && together }));
    } catch (e) {
      setError(e);
    }
    setBusy(false);
  };
  const leave = async () => {
    if (!entry) return;
    setBusy(true);
    setError(undefined);
    try {
      await api.waitlist.leave(entry.id);
      setEntry(undefined);
    } catch (e) {
      setError(e);
    }
    setBusy(false);
  };

  if (!entry && !soldOut) return null;
  return (
    <section class="card picker waitlist" id="waitlist" aria-labelledby="waitlist-title">
      <div class="card__body">
        <h2 id="waitlist-title" class="picker__title">Waiting list</h2>
        {entry ? (
          <div data-testid="waitlist-status" data-status={entry.status} data-position={entry.position ?? undefined} aria-live="polite">
            <p class="waitlist__position">
              {entry.status === 'WAITING'
                ? <>You’re <strong class="num">#{entry.position}</strong> for {entry.quantity} place{entry.quantity === 1 ? '' : 's'}{entry.together ? ' together' : ''}.</>
                : <>Places are held for you: pay before the timer runs out.</>}
            </p>
            <p class="muted small">When places come back they are held for the next person on the list and mailed to them.
              Keep this page open or check your e-mail.</p>
            {entry.status === 'WAITING' && (
              <Button variant="ghost" block loading={busy} data-testid="waitlist-leave" onClick={leave}>Leave the waiting list</Button>
            )}
          </div>
        ) : (
          <>
            <p class="muted small">Join and we hold returned places for you before they go back on sale.</p>
            <div class="picker__row">
              <Stepper value={quantity} min={1} max={max} label="Number of places" testId="waitlist-quantity" onChange={setQuantity} />
              {sections.length > 1 && (
                <label class="picker__section">
                  <span class="visually-hidden">Section</span>
                  <select class="select" value={section} onChange={(e) => setSection((e.target as HTMLSelectElement).value)}>
                    <option value="">Any section</option>
                    {sections.map((s) => <option key={s.key} value={s.key}>{s.name}</option>)}
                  </select>
                </label>
              )}
            </div>
            {quantity > 1 && (
              <label class="check">
                <input type="checkbox" checked={together} data-testid="waitlist-together"
                  onChange={(e) => setTogether((e.target as HTMLInputElement).checked)} />
                <span>Seats together in one row</span>
              </label>
            )}
            <Button variant="primary" block loading={busy} data-testid="waitlist-join" onClick={join}>
              Join the waiting list
            </Button>
          </>
        )}
        {error !== undefined && <ErrorMessage error={error} />}
      </div>
    </section>
  );
}

import { useEffect, useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso';
import { consoleApi } from '../api/organizer';
import { api } from '../api/client';
import type { EventSpec, EventView, OwnVenue, WaitingRoomSettings } from '../api/types';
import { Button } from '../ui/Button';
import { ErrorMessage, Notice } from '../ui/ErrorMessage';
import { usePageFocus } from '../ui/hooks';
import { Guard, StatusBadge } from './Guard';
import { ListSkeleton } from './OrganizerHome';
import { instantToZoned, zonedToInstant } from './zoned';
import './console.css';

const CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF', 'SEK', 'NOK', 'DKK', 'PLN', 'CZK', 'CAD', 'AUD', 'JPY'];

interface Form {
  venueId: string;
  name: string;
  description: string;
  startsAt: string;
  endsAt: string;
  salesStartAt: string;
  salesEndAt: string;
  currency: string;
  maxSeatsPerOrder: string;
  maxSeatsPerUser: string;
  prices: Record<string, string>;
  room: boolean;
  admissionsPerMinute: string;
  maxActiveShoppers: string;
  sessionMinutes: string;
  opensAt: string;
}

const blank: Form = {
  venueId: '', name: '', description: '', startsAt: '', endsAt: '', salesStartAt: '', salesEndAt: '', currency: 'EUR',
  maxSeatsPerOrder: '6', maxSeatsPerUser: '', prices: {}, room: false, admissionsPerMinute: '600', maxActiveShoppers: '1000',
  sessionMinutes: '15', opensAt: '',
};

function formOf(e: EventView, tz: string): Form {
  const room = e.waitingRoom;
  return {
    venueId: e.venueId, name: e.name, description: e.description ?? '', startsAt: instantToZoned(e.startsAt, tz),
    endsAt: instantToZoned(e.endsAt, tz), salesStartAt: instantToZoned(e.salesStartAt, tz), salesEndAt: instantToZoned(e.salesEndAt, tz),
    currency: e.currency, maxSeatsPerOrder: String(e.maxSeatsPerOrder), maxSeatsPerUser: e.maxSeatsPerUser == null ? '0' : String(e.maxSeatsPerUser),
    prices: Object.fromEntries(e.prices.map((p) => [p.section, p.price])), room: !!room?.enabled,
    admissionsPerMinute: String(room?.admissionsPerMinute ?? 600), maxActiveShoppers: String(room?.maxActiveShoppers ?? 1000),
    sessionMinutes: String(room?.sessionMinutes ?? 15), opensAt: instantToZoned(room?.opensAt, tz),
  };
}

/** /organizer/events/new (?venue=) and /organizer/events/{id}/edit */
export function EventEditor() {
  return <Guard role="ORGANIZER"><Editor /></Guard>;
}

function Editor() {
  const { params } = useRoute();
  const { query, route } = useLocation();
  const eventId: string | undefined = params.id;
  const [venues, setVenues] = useState<OwnVenue[]>();
  const [event, setEvent] = useState<EventView>();
  const [form, setForm] = useState<Form>({ ...blank, venueId: query.venue ?? '' });
  const [initial, setInitial] = useState<Form>(blank);
  const [loadError, setLoadError] = useState<unknown>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState<'save' | 'publish' | 'cancel' | undefined>();
  const [saved, setSaved] = useState<string>();
  const [confirmCancel, setConfirmCancel] = useState(false);
  const heading = usePageFocus<HTMLHeadingElement>(eventId ? 'Edit event' : 'New event');

  useEffect(() => {
    let live = true;
    (async () => {
      const list = (await consoleApi.venues.mine()).items;
      if (!live) return;
      setVenues(list);
      if (eventId) {
        const e = await api.events.get(eventId);
        const tz = list.find((v) => v.id === e.venueId)?.timezone ?? 'UTC';
        if (!live) return;
        setEvent(e);
        const f = formOf(e, tz);
        setForm(f);
        setInitial(f);
      } else if (!query.venue && list.length) {
        setForm((f) => ({ ...f, venueId: list[0].id }));
      }
    })().catch((e) => live && setLoadError(e));
    return () => { live = false; };
  }, [eventId]);

  const venue = venues?.find((v) => v.id === form.venueId);
  const tz = venue?.timezone ?? 'UTC';
  const draft = !event || event.status === 'DRAFT';
  const cancelled = event?.status === 'CANCELLED';
  const set = (field: keyof Form) => (e: Event) => {
    const t = e.target as HTMLInputElement;
    setForm({ ...form, [field]: t.type === 'checkbox' ? t.checked : t.value });
    setSaved(undefined);
  };

  const body = (): EventSpec => {
    const changed = (k: keyof Form) => !event || form[k] !== initial[k];
    const at = (v: string) => (v ? zonedToInstant(v, tz) : undefined);
    const spec: EventSpec = {
      name: form.name.trim(), description: form.description.trim(), startsAt: at(form.startsAt), endsAt: at(form.endsAt),
      maxSeatsPerOrder: Number(form.maxSeatsPerOrder),
    };
    if (draft) {
      spec.venueId = form.venueId;
      spec.currency = form.currency;
      spec.prices = (venue?.sections ?? []).map((s) => ({ section: s.key, price: (form.prices[s.key] ?? '').trim() }));
    }
    if (form.salesStartAt && changed('salesStartAt')) spec.salesStartAt = at(form.salesStartAt);
    if (form.salesEndAt && changed('salesEndAt')) spec.salesEndAt = at(form.salesEndAt);
    if (form.maxSeatsPerUser !== '' && changed('maxSeatsPerUser')) spec.maxSeatsPerUser = Number(form.maxSeatsPerUser);
    const roomChanged = (['room', 'admissionsPerMinute', 'maxActiveShoppers', 'sessionMinutes', 'opensAt'] as const).some(changed);
    if (roomChanged && (form.room || event?.waitingRoom)) {
      const room: WaitingRoomSettings = { enabled: form.room };
      if (form.room) {
        room.admissionsPerMinute = Number(form.admissionsPerMinute);
        room.maxActiveShoppers = Number(form.maxActiveShoppers);
        room.sessionMinutes = Number(form.sessionMinutes);
        room.opensAt = form.opensAt ? at(form.opensAt) : null;
      }
      spec.waitingRoom = room;
    }
    return spec;
  };

  const run = async (what: 'save' | 'publish' | 'cancel', action: () => Promise<EventView | void>) => {
    setBusy(what);
    setError(undefined);
    setSaved(undefined);
    try {
      await action();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(undefined);
    }
  };

  const save = (e: Event) => {
    e.preventDefault();
    return run('save', async () => {
      if (!event) {
        const created = await consoleApi.events.create(body());
        route(`/organizer/events/${created.id}/edit`, true);
        return;
      }
      const updated = await consoleApi.events.update(event.id, body());
      setEvent(updated);
      const f = formOf(updated, tz);
      setForm(f);
      setInitial(f);
      setSaved('Saved.');
    });
  };
  const publish = () => run('publish', async () => {
    await consoleApi.events.update(event!.id, body());
    await consoleApi.events.publish(event!.id);
    route(`/organizer/events/${event!.id}`);
  });
  const cancel = () => run('cancel', async () => {
    const updated = await consoleApi.events.cancel(event!.id);
    setEvent(updated);
    setConfirmCancel(false);
    setSaved('The event is cancelled; paid orders are being refunded.');
  });

  if (loadError !== undefined) return <div class="page console"><ErrorMessage error={loadError} /></div>;
  if (!venues || (eventId && !event)) return <div class="page console"><ListSkeleton /></div>;
  if (!venues.length) {
    return (
      <div class="page console">
        <h1 ref={heading} tabIndex={-1} class="page__title">New event</h1>
        <Notice title="Create a venue first">
          <p>An event takes place in one of your venues, with a price for each of its sections.</p>
          <a class="btn btn--primary" href="/organizer/venues/new">New venue</a>
        </Notice>
      </div>
    );
  }

  const title = event ? event.name : 'New event';
  return (
    <div class="page console">
      <nav class="crumbs" aria-label="Breadcrumb"><a href="/organizer">Console</a> / {event ? 'Edit event' : 'New event'}</nav>
      <div class="console__head">
        <h1 ref={heading} tabIndex={-1}>{title} {event && <StatusBadge status={event.status} />}</h1>
        {event && event.status !== 'DRAFT' && <a class="btn btn--secondary" href={`/organizer/events/${event.id}`}>Dashboard</a>}
      </div>
      <form class="stack" data-testid="event-form" data-status={event?.status ?? 'NEW'} onSubmit={save}>
        {error !== undefined && <ErrorMessage error={error} />}
        {saved && <Notice kind="success" icon="check" title={saved} />}
        <fieldset disabled={cancelled}>
          <legend>The event</legend>
          <div class="form-grid form-grid--2">
            <label class="field field--wide">
              <span class="field__label">Name</span>
              <input class="input" required maxLength={200} value={form.name} data-testid="event-name" onInput={set('name')} />
            </label>
            <label class="field field--wide">
              <span class="field__label">Description</span>
              <textarea class="input" maxLength={5000} value={form.description} data-testid="event-description" onInput={set('description')} />
            </label>
            <label class="field">
              <span class="field__label">Venue</span>
              <select class="select" value={form.venueId} disabled={!draft} data-testid="event-venue" onChange={set('venueId')}>
                {venues.map((v) => <option key={v.id} value={v.id}>{v.name} ({v.capacity} places)</option>)}
              </select>
              {!draft && <span class="field__hint">Venue, currency and prices are fixed once the event is published.</span>}
            </label>
            <label class="field">
              <span class="field__label">Currency</span>
              <select class="select" value={form.currency} disabled={!draft} data-testid="event-currency" onChange={set('currency')}>
                {(CURRENCIES.includes(form.currency) ? CURRENCIES : [form.currency, ...CURRENCIES]).map((c) => <option key={c}>{c}</option>)}
              </select>
            </label>
            <label class="field">
              <span class="field__label">Starts</span>
              <input class="input" type="datetime-local" required value={form.startsAt} data-testid="event-starts-at" onInput={set('startsAt')} />
            </label>
            <label class="field">
              <span class="field__label">Ends</span>
              <input class="input" type="datetime-local" required value={form.endsAt} data-testid="event-ends-at" onInput={set('endsAt')} />
            </label>
          </div>
          <p class="field__hint" style={{ marginTop: 'var(--s-2)' }}>Times in the venue's time zone: {tz}.</p>
        </fieldset>

        <fieldset disabled={cancelled || !draft}>
          <legend>Prices per section ({form.currency})</legend>
          <div class="form-grid form-grid--3">
            {(venue?.sections ?? []).map((s) => (
              <label class="field" key={s.key}>
                <span class="field__label">{s.name} <span class="muted">· {s.kind === 'GENERAL_ADMISSION' ? `standing, ${s.capacity}` : `${(s.rows ?? []).reduce((n, r) => n + r.seats, 0)} seats`}</span></span>
                <input class="input" inputMode="decimal" required pattern="\d+(\.\d{1,2})?" placeholder="0.00" value={form.prices[s.key] ?? ''}
                  data-testid="event-price" data-section={s.key}
                  onInput={(e) => setForm({ ...form, prices: { ...form.prices, [s.key]: (e.target as HTMLInputElement).value } })} />
              </label>
            ))}
          </div>
        </fieldset>

        <fieldset disabled={cancelled}>
          <legend>Sales</legend>
          <div class="form-grid form-grid--2">
            <label class="field">
              <span class="field__label">Sales open</span>
              <input class="input" type="datetime-local" value={form.salesStartAt} data-testid="event-sales-start" onInput={set('salesStartAt')} aria-describedby="sales-start-hint" />
              <span class="field__hint" id="sales-start-hint">Empty: as soon as it is published.</span>
            </label>
            <label class="field">
              <span class="field__label">Sales close</span>
              <input class="input" type="datetime-local" value={form.salesEndAt} data-testid="event-sales-end" onInput={set('salesEndAt')} aria-describedby="sales-end-hint" />
              <span class="field__hint" id="sales-end-hint">Empty: when the event starts.</span>
            </label>
            <label class="field">
              <span class="field__label">Places per order (at most)</span>
              <input class="input" type="number" inputMode="numeric" min={1} max={100} required value={form.maxSeatsPerOrder} data-testid="event-max-per-order" onInput={set('maxSeatsPerOrder')} />
            </label>
            <label class="field">
              <span class="field__label">Places per buyer (at most)</span>
              <input class="input" type="number" inputMode="numeric" min={0} max={1000} value={form.maxSeatsPerUser} data-testid="event-max-per-user" onInput={set('maxSeatsPerUser')} aria-describedby="per-user-hint" />
              <span class="field__hint" id="per-user-hint">All of a buyer's orders together. 0: no limit; empty on a new event: twice the per-order limit.</span>
            </label>
          </div>
        </fieldset>

        <fieldset disabled={cancelled}>
          <legend>Waiting room</legend>
          <label class="check">
            <input type="checkbox" checked={form.room} data-testid="event-waiting-room" onChange={set('room')} />
            Queue buyers in a waiting room and let them in at a steady rate
          </label>
          {form.room && (
            <div class="form-grid form-grid--2" style={{ marginTop: 'var(--s-3)' }}>
              <label class="field">
                <span class="field__label">Admissions per minute</span>
                <input class="input" type="number" min={1} max={1000000} value={form.admissionsPerMinute} data-testid="event-room-rate" onInput={set('admissionsPerMinute')} />
              </label>
              <label class="field">
                <span class="field__label">Shoppers at once (at most)</span>
                <input class="input" type="number" min={1} max={1000000} value={form.maxActiveShoppers} data-testid="event-room-active" onInput={set('maxActiveShoppers')} />
              </label>
              <label class="field">
                <span class="field__label">Minutes to shop once admitted</span>
                <input class="input" type="number" min={1} max={240} value={form.sessionMinutes} data-testid="event-room-session" onInput={set('sessionMinutes')} />
              </label>
              <label class="field">
                <span class="field__label">Queue opens</span>
                <input class="input" type="datetime-local" value={form.opensAt} data-testid="event-room-opens" onInput={set('opensAt')} aria-describedby="opens-hint" />
                <span class="field__hint" id="opens-hint">Empty: when the event goes on sale. Early joiners are shuffled at sales start.</span>
              </label>
            </div>
          )}
        </fieldset>

        <div class="form-actions">
          {!cancelled && <Button type="submit" variant={event && draft ? 'secondary' : 'primary'} size="lg" loading={busy === 'save'} data-testid="event-save">
            {event ? 'Save changes' : 'Create draft'}
          </Button>}
          {event && draft && <Button size="lg" loading={busy === 'publish'} onClick={publish} data-testid="event-publish">Publish: put on sale</Button>}
          {event && !cancelled && (confirmCancel ? (
            <>
              <Button variant="danger" size="lg" loading={busy === 'cancel'} onClick={cancel} data-testid="event-cancel" data-confirm="true">Yes, cancel the event and refund every order</Button>
              <Button variant="ghost" onClick={() => setConfirmCancel(false)}>Keep it</Button>
            </>
          ) : (
            <Button variant="danger" size="lg" onClick={() => setConfirmCancel(true)} data-testid="event-cancel" data-confirm="false">Cancel event…</Button>
          ))}
        </div>
      </form>
    </div>
  );
}

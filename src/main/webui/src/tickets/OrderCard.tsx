import { useState } from 'preact/hooks';
import { api } from '../api/client';
import type { EventView, OrderView, VenueView } from '../api/types';
import { placeName } from '../event/ActionPanel';
import { Button } from '../ui/Button';
import { ErrorMessage } from '../ui/ErrorMessage';
import { dateTime, money } from '../ui/format';

const statusBadge: Record<string, string> = {
  CONFIRMED: 'badge--success', PENDING_PAYMENT: 'badge--brand', REFUNDED: 'badge--warning', CANCELLED: 'badge--danger', EXPIRED: 'badge',
};
const statusText: Record<string, string> = {
  CONFIRMED: 'Confirmed', PENDING_PAYMENT: 'Awaiting payment', REFUNDED: 'Refunded', CANCELLED: 'Cancelled', EXPIRED: 'Expired',
};

/** An order in the history; a confirmed order of an event that has not started can be cancelled (and refunded). */
export function OrderCard({ order, event, venue, onChanged }: { order: OrderView; event?: EventView; venue?: VenueView; onChanged: (o: OrderView) => void }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const names = new Map((venue?.sections ?? []).map((s) => [s.key, s.name]));
  const cancellable = order.status === 'CONFIRMED' && !!event && Date.parse(event.startsAt) > Date.now();
  const cancel = async () => {
    setBusy(true);
    setError(undefined);
    try {
      onChanged(await api.orders.cancel(order.id));
      setConfirming(false);
    } catch (e) {
      setError(e);
    }
    setBusy(false);
  };
  const places = order.seats.length ? order.seats.map((s) => placeName(s, names)).join(', ')
    : `${order.quantity} × ${names.get(order.section ?? '') ?? order.section}`;
  return (
    <article class="order card" data-testid="order" data-order-id={order.id} data-status={order.status}>
      <div class="card__body stack">
        <div class="order__head">
          <div>
            <h2 class="order__name">{event?.name ?? 'Event'}</h2>
            <p class="muted small">{event ? dateTime(event.startsAt, venue?.timezone) : ''}</p>
          </div>
          <span class={`badge ${statusBadge[order.status] ?? 'badge'}`}>{statusText[order.status] ?? order.status}</span>
        </div>
        <p class="small">{places}</p>
        <div class="order__foot">
          <span class="muted small">Ordered {order.createdAt ? dateTime(order.createdAt, undefined, { weekday: undefined, hour: undefined, minute: undefined }) : ''}</span>
          <strong class="num">{money(order.total, order.currency)}</strong>
        </div>
        {error !== undefined && <ErrorMessage error={error} />}
        {cancellable && (confirming ? (
          <div class="order__confirm" role="group" aria-label="Confirm cancellation">
            <p class="small">Cancel this order? You get {money(order.total, order.currency)} back and the tickets stop working.</p>
            <div class="order__buttons">
              <Button variant="secondary" onClick={() => setConfirming(false)} disabled={busy}>Keep it</Button>
              <Button variant="danger" loading={busy} data-testid="order-cancel" onClick={cancel}>Cancel and refund</Button>
            </div>
          </div>
        ) : (
          <Button variant="ghost" data-testid="order-cancel" onClick={() => setConfirming(true)}>Cancel order</Button>
        ))}
      </div>
    </article>
  );
}

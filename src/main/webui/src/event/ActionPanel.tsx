import { useEffect, useState } from 'preact/hooks';
import type { FunctionComponent } from 'preact';
import { ApiError, problemType } from '../api/client';
import type { EventView, HoldView, OrderView } from '../api/types';
import { Button } from '../ui/Button';
import { ErrorMessage, Notice } from '../ui/ErrorMessage';
import { money, parseSeat } from '../ui/format';
import { Countdown } from './Countdown';
import type { Busy } from './useHold';

type StripeProps = { order: OrderView; eventId: string; onOrderChanged: (order: OrderView) => void };

/** Stripe's part of checkout, downloaded only when an order needs it. */
function LazyStripePayment(props: StripeProps) {
  const [Component, setComponent] = useState<FunctionComponent<StripeProps>>();
  useEffect(() => { import('../checkout/StripePayment').then((m) => setComponent(() => m.StripePayment)); }, []);
  return Component ? <Component {...props} /> : <p class="muted small">Loading the payment form…</p>;
}

export interface Selection {
  seats: string[];
  area?: { section: string; quantity: number };
}

interface Props {
  event: EventView;
  names: Map<string, string>;
  selection: Selection;
  selectionTotal: number;
  hold?: HoldView;
  order?: OrderView;
  expired: boolean;
  error?: unknown;
  busy: Busy;
  /** why nothing can be held right now (not on sale, waiting room, ...), or null */
  blocked: { title: string; action?: { label: string; href: string } } | null;
  onHold: () => void;
  onRelease: () => void;
  onCheckout: () => void;
  onExpired: () => void;
  onReset: () => void;
  onOrderChanged: (order: OrderView) => void;
}

export function placeName(id: string, names: Map<string, string>): string {
  const p = parseSeat(id);
  const section = names.get(p.section) ?? p.section;
  return p.row === undefined ? section : `${section} · Row ${p.row} · Seat ${p.number}`;
}

function PlaceList({ seats, section, quantity, names }: { seats: string[]; section?: string | null; quantity: number; names: Map<string, string> }) {
  if (!seats.length && section) return <p class="places"><span class="place-chip">{quantity} × {names.get(section) ?? section}</span></p>;
  return (
    <ul class="places" aria-label="Your places">
      {seats.map((s) => <li key={s} class="place-chip">{placeName(s, names)}</li>)}
    </ul>
  );
}

/** Selection → hold → checkout → order, in one panel: a sticky bar under the thumb on phones, a sidebar on desktop. */
export function ActionPanel(p: Props) {
  const { event, names, selection, hold, order, busy } = p;
  const count = selection.seats.length + (selection.area?.quantity ?? 0);

  if (order) {
    return (
      <div class="action action--order">
        <OrderStatus order={order} names={names} />
        {order.status === 'PENDING_PAYMENT' && order.payment?.provider === 'stripe' && order.payment.clientSecret && (
          <LazyStripePayment order={order} eventId={event.id} onOrderChanged={p.onOrderChanged} />
        )}
        {order.status === 'CONFIRMED' && (
          <div class="action__buttons">
            <a class="btn btn--primary btn--lg btn--block" href="/me/tickets">See my tickets</a>
            <Button variant="ghost" block onClick={p.onReset}>Buy more</Button>
          </div>
        )}
        {p.error !== undefined && <ErrorMessage error={p.error} />}
      </div>
    );
  }

  if (p.expired) {
    return (
      <div class="action">
        <ErrorMessage error={expiredError}>
          <Button variant="primary" onClick={p.onReset}>Pick seats again</Button>
        </ErrorMessage>
      </div>
    );
  }

  if (hold) {
    return (
      <div class="action action--held">
        <div class="action__line">
          <span class="action__title">Your seats are held</span>
          <Countdown expiresAt={hold.expiresAt} onExpired={p.onExpired} />
        </div>
        <PlaceList seats={hold.seats} section={hold.section} quantity={hold.quantity} names={names} />
        {p.error !== undefined && <ErrorMessage error={p.error} />}
        <div class="action__buttons action__buttons--row">
          <Button variant="ghost" loading={busy === 'release'} disabled={busy === 'checkout'} data-testid="release-button" onClick={p.onRelease}>
            Release
          </Button>
          <Button size="lg" block loading={busy === 'checkout'} disabled={busy === 'release'} data-testid="checkout-button" onClick={p.onCheckout}>
            Pay {money(hold.total, hold.currency)}
          </Button>
        </div>
      </div>
    );
  }

  return (
    <div class="action">
      {p.error !== undefined && <ErrorMessage error={p.error} />}
      {p.blocked ? (
        <div class="action__blocked">
          <p class="action__title">{p.blocked.title}</p>
          {p.blocked.action && <a class="btn btn--primary btn--lg btn--block" href={p.blocked.action.href}>{p.blocked.action.label}</a>}
        </div>
      ) : (
        <div class="action__line action__line--select">
          <div class="action__summary" aria-live="polite">
            {count === 0 ? <span class="muted">Tap seats on the map</span> : (
              <>
                <strong class="num">{count} {selection.area ? (names.get(selection.area.section) ?? selection.area.section) : `seat${count === 1 ? '' : 's'}`}</strong>
                <span class="num">{money(p.selectionTotal, event.currency)}</span>
              </>
            )}
          </div>
          <Button size="lg" disabled={count === 0} loading={busy === 'hold'} data-testid="hold-button" onClick={p.onHold}>
            Hold {count > 0 ? count : ''} {count === 1 ? 'seat' : 'seats'}
          </Button>
        </div>
      )}
    </div>
  );
}

const expiredError = new ApiError({ type: problemType('hold-expired'), status: 409, title: 'Hold expired' });

const statusWords: Record<string, { title: string; kind: 'success' | 'info' | 'warning' | 'danger' }> = {
  CONFIRMED: { title: 'You’re going! Order confirmed', kind: 'success' },
  PENDING_PAYMENT: { title: 'Waiting for your payment', kind: 'info' },
  EXPIRED: { title: 'The payment window closed', kind: 'danger' },
  CANCELLED: { title: 'Order cancelled', kind: 'danger' },
  REFUNDED: { title: 'Order refunded', kind: 'warning' },
};

function OrderStatus({ order, names }: { order: OrderView; names: Map<string, string> }) {
  const words = statusWords[order.status] ?? { title: order.status, kind: 'info' as const };
  return (
    <div data-testid="order-status" data-status={order.status}>
      <Notice kind={words.kind} title={words.title} icon={order.status === 'CONFIRMED' ? 'check' : 'info'}>
        <p>
          {order.status === 'CONFIRMED' ? `Your tickets are ready. Total paid ${money(order.total, order.currency)}.`
            : order.status === 'PENDING_PAYMENT' ? 'Your seats are kept while you pay.'
            : order.statusReason ?? ''}
        </p>
      </Notice>
      <PlaceList seats={order.seats} section={order.section} quantity={order.quantity} names={names} />
    </div>
  );
}

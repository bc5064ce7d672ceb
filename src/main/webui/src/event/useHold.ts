import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, problemType } from '../api/client';
import type { HoldRequest, HoldView, OrderView } from '../api/types';
import { holdFor } from '../app/storage';
import type { User } from '../auth/session';

export type Busy = 'hold' | 'release' | 'checkout' | null;

export interface HoldState {
  hold?: HoldView;
  order?: OrderView;
  expired: boolean;
  error?: unknown;
  busy: Busy;
}

const expiredProblem = () => new ApiError({ type: problemType('hold-expired'), status: 409, title: 'Hold expired' });

/** The buyer's hold on this event and what became of it: held, released, expired, ordered. */
export function useHold(eventId: string, user: User | null, admissionToken: string | undefined, followOrderId?: string) {
  const [state, setState] = useState<HoldState>({ expired: false, busy: null });
  const memory = holdFor(eventId);
  const patch = (p: Partial<HoldState>) => setState((s) => ({ ...s, ...p }));

  // after a reload: the hold this tab had, if it is still live
  useEffect(() => {
    const saved = memory.get();
    if (!user || !saved || (saved.userId && saved.userId !== user.id)) return;
    api.holds.get(saved.holdId).then((hold) => {
      if ((hold.status ?? 'HELD') === 'HELD' && Date.parse(hold.expiresAt) > Date.now()) patch({ hold });
      else memory.clear();
    }, () => memory.clear());
  }, [eventId, user?.id]);

  // back from a payment page (Stripe redirect) or a link to an order: follow it
  useEffect(() => {
    if (followOrderId && user) api.orders.get(followOrderId).then((order) => patch({ order }), (error) => patch({ error }));
  }, [followOrderId, user?.id]);

  const place = async (body: HoldRequest) => {
    patch({ busy: 'hold', error: undefined, expired: false, order: undefined });
    try {
      const hold = await api.holds.place(eventId, body, admissionToken);
      memory.set({ holdId: hold.id, userId: user?.id });
      patch({ hold, busy: null });
      return hold;
    } catch (error) {
      patch({ error, busy: null });
      return undefined;
    }
  };

  const release = async () => {
    if (!state.hold) return;
    patch({ busy: 'release', error: undefined });
    try {
      await api.holds.release(state.hold.id);
    } catch (error) {
      if (!(error instanceof ApiError && (error.status === 404 || error.status === 409))) {
        patch({ error, busy: null });
        return;
      }
    }
    memory.clear();
    setState({ expired: false, busy: null });
  };

  const checkout = async () => {
    if (!state.hold) return;
    patch({ busy: 'checkout', error: undefined });
    try {
      const order = await api.orders.place(state.hold.id);
      if (order.status === 'CONFIRMED') memory.clear();
      patch({ order, busy: null });
    } catch (error) {
      const slug = error instanceof ApiError ? error.slug : '';
      if (slug === 'hold-expired' || slug === 'hold-not-found') {
        memory.clear();
        patch({ expired: true, error: undefined, busy: null });
      } else {
        patch({ error, busy: null });
      }
    }
  };

  const expire = () => {
    if (state.order) return;
    memory.clear();
    patch({ expired: true, busy: null });
  };

  const orderChanged = (order: OrderView) => {
    if (order.status !== 'PENDING_PAYMENT') memory.clear();
    patch({ order });
  };

  /** A hold made for this buyer elsewhere (a waiting-list offer) becomes the one on this page. */
  const adopt = (holdId: string) => {
    if (state.hold?.id === holdId || state.order) return;
    api.holds.get(holdId).then((hold) => {
      if ((hold.status ?? 'HELD') !== 'HELD' || Date.parse(hold.expiresAt) <= Date.now()) return;
      memory.set({ holdId: hold.id, userId: user?.id });
      patch({ hold, expired: false, error: undefined });
    }, () => undefined); // gone already: the offer passed on, the page stays as it is
  };

  const reset = () => {
    memory.clear();
    setState({ expired: false, busy: null });
  };

  return { ...state, place, release, checkout, expire, adopt, reset, orderChanged, expiredProblem };
}

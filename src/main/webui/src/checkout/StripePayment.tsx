// Stripe's Payment Element: confirms the order's PaymentIntent in the browser, then follows the order until the
// webhook has confirmed it. Stripe.js comes from Stripe's own site (Stripe requires it); it is the only script the
// app loads from elsewhere, and only here.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Stripe, StripeElements } from '@stripe/stripe-js';
import { api } from '../api/client';
import type { OrderView } from '../api/types';
import { Button } from '../ui/Button';
import { Notice } from '../ui/ErrorMessage';
import { money } from '../ui/format';

interface Props {
  order: OrderView;
  eventId: string;
  onOrderChanged: (order: OrderView) => void;
}

type Phase = 'loading' | 'ready' | 'paying' | 'waiting' | 'unavailable';

export function StripePayment({ order, eventId, onOrderChanged }: Props) {
  const mount = useRef<HTMLDivElement>(null);
  const stripe = useRef<Stripe | null>(null);
  const elements = useRef<StripeElements | null>(null);
  // back from a payment method that redirected (3-D Secure, bank pages): Stripe adds payment_intent to the URL
  const returned = new URLSearchParams(location.search).has('payment_intent');
  const [phase, setPhase] = useState<Phase>(returned ? 'waiting' : 'loading');
  const [message, setMessage] = useState<string>();

  useEffect(() => {
    if (returned) return;
    let cancelled = false;
    (async () => {
      try {
        const config = await api.payments.config();
        if (!config.publishableKey) throw new Error('no publishable key');
        const { loadStripe } = await import('@stripe/stripe-js/pure');
        const s = await loadStripe(config.publishableKey);
        if (!s) throw new Error('Stripe.js did not start');
        if (cancelled) return;
        stripe.current = s;
        elements.current = s.elements({
          clientSecret: order.payment!.clientSecret!,
          appearance: { theme: 'stripe', variables: { colorPrimary: '#3b2bb5', borderRadius: '10px', fontSizeBase: '16px' } },
        });
        elements.current.create('payment', { layout: 'tabs' }).mount(mount.current!);
        setPhase('ready');
      } catch {
        if (!cancelled) setPhase('unavailable');
      }
    })();
    return () => { cancelled = true; };
  }, [order.id]);

  // once paid (or after a redirect back), follow the order until the webhook has confirmed it
  useEffect(() => {
    if (phase !== 'waiting') return;
    const id = setInterval(async () => {
      try {
        const next = await api.orders.get(order.id);
        if (next.status !== 'PENDING_PAYMENT') {
          clearInterval(id);
          onOrderChanged(next);
        }
      } catch { /* keep following */ }
    }, 1500);
    return () => clearInterval(id);
  }, [phase]);

  const pay = async (e: Event) => {
    e.preventDefault();
    if (!stripe.current || !elements.current) return;
    setPhase('paying');
    setMessage(undefined);
    const { error } = await stripe.current.confirmPayment({
      elements: elements.current,
      confirmParams: { return_url: `${location.origin}/events/${eventId}?order=${order.id}` },
      redirect: 'if_required',
    });
    if (error) {
      setMessage(error.message ?? 'The payment did not go through.');
      setPhase('ready');
    } else {
      setPhase('waiting');
    }
  };

  if (phase === 'unavailable') {
    return (
      <div data-testid="error-message" data-type="https://bookit.dev/problems/payment-form-unavailable" role="alert">
        <Notice kind="danger" title="The payment form could not load" icon="alert">
          <p>Stripe’s payment form did not arrive: a content blocker or a lost connection may stop it. Your seats stay
            held while you retry; nothing was charged.</p>
          <Button variant="secondary" onClick={() => location.reload()}>Try again</Button>
        </Notice>
      </div>
    );
  }
  return (
    <form class="stack stripe" onSubmit={pay}>
      <div ref={mount} class="stripe__element" aria-busy={phase === 'loading'}>
        {phase === 'loading' && <p class="muted small">Loading the secure payment form…</p>}
      </div>
      {message && <Notice kind="danger" title="Payment failed" icon="alert"><p>{message}</p></Notice>}
      {phase === 'waiting' ? (
        <Notice kind="info" title="Payment received, confirming your order…" icon="clock" />
      ) : (
        <Button type="submit" size="lg" block loading={phase === 'paying'} disabled={phase !== 'ready'}>
          Pay {money(order.total, order.currency)}
        </Button>
      )}
    </form>
  );
}

// Problems (application/problem+json) in words a buyer understands. The server's `detail` is the fallback.
import type { Problem } from './types';
import { slugOf } from './client';

export interface Words {
  title: string;
  detail?: string;
}

const list = (value: unknown) => (Array.isArray(value) ? value.join(', ') : '');

export function describe(problem: Problem): Words {
  const p = problem as Problem & Record<string, any>;
  switch (slugOf(problem.type)) {
    case 'network':
      return { title: 'You seem to be offline', detail: 'We could not reach Bookit. Check your connection and try again.' };
    case 'seats-unavailable':
      return p.unavailableSeats?.length
        ? { title: 'Someone was quicker', detail: `These seats were just taken: ${list(p.unavailableSeats)}. Pick others.` }
        : { title: 'Not enough places left', detail: p.available !== undefined
            ? `Only ${p.available} left in this area.` : 'Those places were just taken. Try fewer or another area.' };
    case 'seat-limit-reached':
      return { title: 'Ticket limit reached',
        detail: `You can have at most ${p.maxSeatsPerUser} places for this event; you already hold or bought ${p.heldOrBought}.` };
    case 'too-many-seats':
      return { title: 'Too many seats', detail: `At most ${p.maxSeatsPerOrder} places per order.` };
    case 'unknown-seats':
      return { title: 'Those seats do not exist', detail: 'Reload the page to get the current seat map.' };
    case 'seats-available':
      return { title: 'Places are on sale right now', detail: 'No need to wait: pick them on the map before someone else does.' };
    case 'hold-expired':
      return { title: 'Your hold expired', detail: 'The seats went back on sale. Pick your seats again.' };
    case 'hold-not-found':
      return { title: 'Your hold is gone', detail: 'It expired or was released. Pick your seats again.' };
    case 'hold-in-checkout':
      return { title: 'Checkout in progress', detail: 'This hold is already being paid for.' };
    case 'hold-already-ordered':
      return { title: 'Already ordered', detail: 'These seats are already in one of your orders: see My tickets.' };
    case 'admission-required':
      return { title: 'Waiting room first', detail: p.reason === 'expired' || p.reason === 'ended'
          ? 'Your shopping time in the waiting room has ended. Join the queue again.'
          : 'This sale goes through a waiting room. Join the queue to get your turn.' };
    case 'event-not-on-sale':
      return { title: 'Not on sale', detail: 'Tickets for this event are not on sale.' };
    case 'sales-not-started':
      return { title: 'Sales have not started', detail: p.salesStartAt ? `Sales open ${new Date(p.salesStartAt).toLocaleString()}.` : undefined };
    case 'event-cancelled':
      return { title: 'Event cancelled', detail: 'This event was cancelled; paid orders are refunded.' };
    case 'order-not-cancellable':
      return { title: 'This order cannot be cancelled', detail: problem.detail };
    case 'tickets-checked-in':
      return { title: 'Already checked in', detail: 'Tickets that were used at the door cannot be refunded.' };
    case 'tickets-transferred':
      return { title: 'Tickets transferred', detail: 'An order whose tickets were transferred cannot be cancelled.' };
    case 'queue-not-open':
      return { title: 'The queue is not open yet', detail: p.opensAt ? `It opens ${new Date(p.opensAt).toLocaleString()}.` : undefined };
    case 'no-waiting-room':
      return { title: 'No waiting room', detail: 'This event sells without a queue: go straight to the seats.' };
    case 'invalid-credentials':
      return { title: 'Wrong e-mail or password', detail: 'Check both and try again.' };
    case 'email-taken':
      return { title: 'That e-mail already has an account', detail: 'Log in instead.' };
    case 'unauthorized':
      return { title: 'Please log in again', detail: 'Your session has ended.' };
    case 'rate-limited':
    case 'busy':
      return { title: 'Too many tries at once', detail: `Wait ${p.retryAfterSeconds ?? 'a few'} seconds and try again.` };
    case 'validation':
      return { title: 'Check the form', detail: Array.isArray(p.errors)
          ? p.errors.map((e: { field: string; message: string }) => `${e.field.replace(/^.*\./, '')} ${e.message}`).join('; ')
          : problem.detail };
    case 'payment-provider-error':
      return { title: 'The payment did not go through', detail: 'Nothing was charged. Try again in a moment.' };
    case 'service-unavailable':
      return { title: 'Bookit is busy', detail: 'Part of the service is unavailable. Try again in a few seconds.' };
    case 'not-found':
      return { title: 'Not found', detail: 'It may have been removed, or the link is wrong.' };
    default:
      return { title: problem.title || 'Something went wrong', detail: problem.detail || 'Please try again.' };
  }
}

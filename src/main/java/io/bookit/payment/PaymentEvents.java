package io.bookit.payment;

import io.smallrye.mutiny.Uni;

/**
 * What a provider's webhook tells the rest of Bookit, in provider-neutral terms. Implemented by the order package;
 * every method is idempotent and safe in any order, since providers retry and reorder deliveries. The implementation
 * applies a report only to the order it is bound to: the same payment reference, amount and currency.
 */
public interface PaymentEvents {

    /**
     * One payment as the provider reports it: its reference (a PaymentIntent id), the order id the payment was
     * started for (from its metadata; may be null), and the amount in the currency's minor unit.
     */
    record Payment(String provider, String reference, String orderId, long amount, String currency) {
    }

    /** The payment of the order succeeded: confirm it, or refund it if its places are gone. */
    Uni<Void> succeeded(Payment payment);

    /** A payment attempt failed; the order stays payable until its deadline. */
    Uni<Void> failed(Payment payment, String reason);

    /**
     * Money of the payment went back at the provider (e.g. from its dashboard, or the refund Bookit asked for):
     * {@code amountRefunded} in all so far, in minor units. Less than the whole amount is a partial refund.
     */
    Uni<Void> refunded(Payment payment, long amountRefunded);
}

package io.bookit.payment;

import io.smallrye.mutiny.Uni;

/**
 * What a provider's webhook tells the rest of Bookit, in provider-neutral terms. Implemented by the order package;
 * every method is idempotent and safe in any order, since providers retry and reorder deliveries.
 */
public interface PaymentEvents {

    /** The payment of the order succeeded: confirm it, or refund it if its places are gone. */
    Uni<Void> succeeded(String provider, String reference, String orderId);

    /** A payment attempt failed; the order stays payable until its deadline. */
    Uni<Void> failed(String provider, String reference, String orderId, String reason);

    /** The money was given back at the provider (e.g. from its dashboard). */
    Uni<Void> refunded(String provider, String reference);
}

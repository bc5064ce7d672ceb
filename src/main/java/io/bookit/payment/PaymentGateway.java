package io.bookit.payment;

import io.smallrye.mutiny.Uni;
import java.math.BigDecimal;
import java.util.UUID;

/**
 * A payment provider behind one interface. Calls happen outside any database transaction; implementations that
 * wrap blocking SDKs run them on worker threads.
 */
public interface PaymentGateway {

    /** What an order asks the provider for. {@code amount} is in the currency's major unit. */
    record Charge(UUID orderId, UUID eventId, UUID buyerId, BigDecimal amount, String currency) {
    }

    /** The provider's answer: its reference, the secret the client confirms with, and whether it is paid already. */
    record Started(String reference, String clientSecret, boolean paid) {
    }

    /** The provider's name in orders and in API answers ({@code simulated}, {@code stripe}). */
    String provider();

    /** Whether {@link #start} pays at once (no webhook follows). */
    boolean settlesAtOnce();

    /** Starts collecting the charge. A provider that settles at once answers {@code paid = true}. */
    Uni<Started> start(Charge charge);

    /** Gives the money of a paid order back. Safe to call twice for the same order. */
    Uni<Void> refund(UUID orderId, String reference, BigDecimal amount, String currency, String reason);

    /** Stops a payment that has not happened (its order expired or was cancelled). Safe to call twice. */
    Uni<Void> cancel(String reference);
}

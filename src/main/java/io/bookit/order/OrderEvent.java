package io.bookit.order;

import io.bookit.common.Money;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What other parts learn about an order, through the outbox and RabbitMQ (routing key = {@code type}):
 * {@code order.confirmed}, {@code order.refunded}, {@code order.expired}. Consumers must be idempotent: delivery is
 * at least once. {@code placesReleased} tells whether a refund put sold places back on sale (false when a payment
 * arrived for places that were never sold to this order).
 */
public record OrderEvent(String type, UUID orderId, UUID eventId, UUID buyerId, String status, String holdId,
        List<String> seats, String section, int quantity, String total, String currency, String reason,
        boolean placesReleased, Instant at) {

    public static final String CONFIRMED = "order.confirmed";
    public static final String REFUNDED = "order.refunded";
    public static final String EXPIRED = "order.expired";

    /** The {@code reason} of the refunds that cancelling an event makes. */
    public static final String EVENT_CANCELLED_REASON = "Event cancelled";

    static OrderEvent of(String type, Order order) {
        return of(type, order, REFUNDED.equals(type));
    }

    static OrderEvent of(String type, Order order, boolean placesReleased) {
        return new OrderEvent(type, order.id, order.eventId, order.buyerId, order.status.name(), order.holdId,
                order.seats, order.section, order.quantity, Money.format(order.total, order.currency), order.currency,
                order.statusReason, placesReleased, Instant.now());
    }
}

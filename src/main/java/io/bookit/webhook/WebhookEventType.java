package io.bookit.webhook;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The events an endpoint can subscribe to: each is an outbox topic (the RabbitMQ routing key) of the same name, whose
 * payload names the Bookit event it is about in {@code eventId}; that event's organizer is the one who receives it.
 * A new type is one line here (and its routing key in application.properties).
 */
enum WebhookEventType {

    ORDER_CONFIRMED("order.confirmed"),
    ORDER_REFUNDED("order.refunded"),
    ORDER_EXPIRED("order.expired"),
    TICKET_CHECKED_IN("ticket.checked_in"),
    /** Written by the ticket transfers feature (an outbox row of this topic with {@code eventId}). */
    TICKET_TRANSFERRED("ticket.transferred"),
    EVENT_PUBLISHED("event.published"),
    EVENT_CANCELLED("event.cancelled"),
    EVENT_SOLD_OUT("event.sold_out");

    /** The payload field that holds the Bookit event's id. */
    static final String EVENT_ID_FIELD = "eventId";

    final String wireName;

    WebhookEventType(String wireName) {
        this.wireName = wireName;
    }

    static Optional<WebhookEventType> of(String wireName) {
        return Arrays.stream(values()).filter(type -> type.wireName.equals(wireName)).findFirst();
    }

    static List<String> wireNames() {
        return Arrays.stream(values()).map(type -> type.wireName).toList();
    }
}

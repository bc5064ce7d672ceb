package io.bookit.mail;

import io.bookit.order.OrderEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** The fields of an order event (see {@link OrderEvent}) that a mail needs, read from the message's JSON. */
record OrderMessage(String type, UUID orderId, UUID eventId, UUID buyerId, List<String> seats, String section,
        int quantity, String total, String currency, String reason, boolean placesReleased, Instant at) {

    /** Fails with IllegalArgumentException when the JSON is not an order event. */
    static OrderMessage of(JsonObject json) {
        try {
            JsonArray seats = json.getJsonArray("seats", new JsonArray());
            return new OrderMessage(Objects.requireNonNull(json.getString("type")), uuid(json, "orderId"),
                    uuid(json, "eventId"), uuid(json, "buyerId"), seats.stream().map(String::valueOf).toList(),
                    json.getString("section"), json.getInteger("quantity", 0), json.getString("total"),
                    json.getString("currency"), json.getString("reason"), json.getBoolean("placesReleased", false),
                    Instant.parse(json.getString("at")));
        } catch (ClassCastException | NullPointerException | DateTimeException e) {
            throw new IllegalArgumentException("Not an order event: " + json, e);
        }
    }

    private static UUID uuid(JsonObject json, String field) {
        return UUID.fromString(json.getString(field));
    }

    /** The mail this event calls for; null for none (an expired pending order: nothing was bought). */
    MailKind kind() {
        return switch (type) {
            case OrderEvent.CONFIRMED -> MailKind.CONFIRMATION;
            case OrderEvent.REFUNDED -> OrderEvent.EVENT_CANCELLED_REASON.equals(reason) ? MailKind.CANCELLATION
                    : MailKind.REFUND;
            default -> null;
        };
    }
}

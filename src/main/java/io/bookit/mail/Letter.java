package io.bookit.mail;

import java.util.List;
import java.util.UUID;

/**
 * What a mail about an order says, as the templates read it: times already in the venue's time zone, the amount
 * with its currency, the places as the tickets name them. {@code hadTickets} is false for a payment refunded because
 * it came after its places were sold to someone else: no ticket was ever issued.
 */
record Letter(MailKind kind, UUID orderId, String to, String buyerName, String eventName, String when,
        String venueName, String venueAddress, List<String> places, String amount, String reason, String happenedAt,
        boolean hadTickets) {

    String subject() {
        return switch (kind) {
            case CONFIRMATION -> "Your tickets: " + eventName;
            case REFUND -> "Your order was refunded: " + eventName;
            case CANCELLATION -> "Cancelled: " + eventName + " (your order was refunded)";
        };
    }
}

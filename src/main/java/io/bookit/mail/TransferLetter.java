package io.bookit.mail;

import java.util.UUID;

/**
 * What a mail about a ticket transfer says, as the templates read it: times in the venue's time zone, the place as the
 * ticket names it. {@code name} greets the addressee (empty when the address has no account yet); {@code other} is
 * the other party, by name and address. {@code orderId} is the order the ticket was bought with (the layout's footer).
 */
record TransferLetter(TransferMailKind kind, UUID transferId, UUID orderId, String to, String name, String other,
        String eventName, String when, String venueName, String venueAddress, String place, String expiresAt,
        String happenedAt, boolean ticketAttached) {

    String subject() {
        return switch (kind) {
            case OFFER -> other + " sent you a ticket: " + eventName;
            case SENT -> "Your ticket was transferred: " + eventName;
            case RECEIVED -> "Your ticket: " + eventName;
        };
    }
}

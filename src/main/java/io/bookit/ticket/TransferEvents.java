package io.bookit.ticket;

import java.time.Instant;
import java.util.UUID;

/**
 * What other parts learn about transfers, through the outbox and RabbitMQ (routing key = topic = {@code type}).
 * Delivery is at least once: consumers must be idempotent (the message id is the outbox row's id).
 */
public final class TransferEvents {

    private TransferEvents() {
    }

    /** A holder offered a ticket to {@code toEmail} (topic {@code transfer.offered}): the recipient is mailed. */
    public record TransferOffered(String type, UUID transferId, UUID ticketId, UUID eventId, UUID orderId,
            String fromEmail, String toEmail, Instant expiresAt, Instant at) {

        public static final String TOPIC = "transfer.offered";

        static TransferOffered of(TicketTransfer transfer) {
            return new TransferOffered(TOPIC, transfer.id, transfer.ticketId, transfer.eventId, transfer.orderId,
                    transfer.fromEmail, transfer.toEmail, transfer.expiresAt, transfer.createdAt);
        }
    }

    /**
     * The recipient accepted (topic {@code ticket.transferred}): the ticket has a new holder and a new code. Both
     * parties are mailed; organizer webhooks deliver it too.
     */
    public record TicketTransferred(String type, UUID transferId, UUID ticketId, UUID eventId, UUID orderId,
            String fromEmail, String toEmail, Instant acceptedAt) {

        public static final String TOPIC = "ticket.transferred";

        static TicketTransferred of(TicketTransfer transfer, Instant acceptedAt) {
            return new TicketTransferred(TOPIC, transfer.id, transfer.ticketId, transfer.eventId, transfer.orderId,
                    transfer.fromEmail, transfer.toEmail, acceptedAt);
        }
    }
}

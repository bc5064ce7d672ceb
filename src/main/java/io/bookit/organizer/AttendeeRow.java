package io.bookit.organizer;

import io.bookit.order.OrderStatus;
import io.bookit.ticket.TicketStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A ticket joined with its order and holder, as the attendee queries select it. */
public record AttendeeRow(UUID ticketId, String seatId, String section, String holderName, String holderEmail,
        UUID orderId, OrderStatus orderStatus, TicketStatus ticketStatus, BigDecimal price, String currency,
        Instant purchasedAt, Instant checkedInAt) {
}

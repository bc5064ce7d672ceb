package io.bookit.ticket;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** One admission: a numbered seat, or one place in a general-admission area ({@code seatId} null). */
@Entity
@Table(name = "ticket")
public class Ticket {

    @Id
    public UUID id;

    @Column(name = "order_id")
    public UUID orderId;

    @Column(name = "event_id")
    public UUID eventId;

    @Column(name = "holder_id")
    public UUID holderId;

    public String section;

    @Column(name = "seat_id")
    public String seatId;

    public BigDecimal price;

    @Enumerated(EnumType.STRING)
    public TicketStatus status;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "checked_in_at")
    public Instant checkedInAt;

    /** When the QR file reached object storage; null until then. */
    @Column(name = "file_stored_at")
    public Instant fileStoredAt;

    /**
     * The generation of the ticket's code: 0 as issued, one more per accepted transfer (so also how many transfers it
     * went through); codes of older generations are refused at check-in.
     */
    @Column(name = "code_generation")
    public int codeGeneration;

    public static Ticket issue(UUID orderId, UUID eventId, UUID holderId, String section, String seatId,
            BigDecimal price, Instant now) {
        Ticket ticket = new Ticket();
        ticket.id = UUID.randomUUID();
        ticket.orderId = orderId;
        ticket.eventId = eventId;
        ticket.holderId = holderId;
        ticket.section = section;
        ticket.seatId = seatId;
        ticket.price = price;
        ticket.status = TicketStatus.VALID;
        ticket.createdAt = now;
        return ticket;
    }

    /** What a ticket says where the seat goes: the seat id, or the general-admission area. */
    public String place() {
        return seatId != null ? seatId : section;
    }
}

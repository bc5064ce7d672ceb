package io.bookit.ticket;

import io.bookit.common.DbTime;
import io.bookit.seating.EventLayout;
import io.bookit.seating.Places;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

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

    /** One ticket per seat, or per general-admission place, at the layout's prices. */
    public static List<Ticket> issue(UUID orderId, UUID eventId, UUID holderId, Places places, EventLayout layout) {
        Instant now = DbTime.now();
        if (places.generalAdmission()) {
            BigDecimal price = layout.price(places.section());
            return IntStream.range(0, places.count())
                    .mapToObj(i -> issue(orderId, eventId, holderId, places.section(), null, price, now)).toList();
        }
        return places.seats().stream().map(layout::seat).map(seat -> issue(orderId, eventId, holderId,
                seat.section(), seat.id(), layout.price(seat.section()), now)).toList();
    }

    /** What a ticket says where the seat goes: the seat id, or the general-admission area. */
    public String place() {
        return seatId != null ? seatId : section;
    }
}

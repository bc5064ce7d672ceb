package io.bookit.event;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@Entity
@Table(name = "event")
public class Event {

    @Id
    public UUID id;

    @Column(name = "owner_id")
    public UUID ownerId;

    @Column(name = "venue_id")
    public UUID venueId;

    public String name;

    public String description;

    @Column(name = "starts_at")
    public Instant startsAt;

    @Column(name = "ends_at")
    public Instant endsAt;

    @Column(name = "sales_start_at")
    public Instant salesStartAt;

    /** From then on holds and new orders are refused (see {@link #defaultSalesEnd()}). */
    @Column(name = "sales_end_at")
    public Instant salesEndAt;

    public String currency;

    @Convert(converter = PricesColumn.class)
    public List<Price> prices;

    @Column(name = "max_seats_per_order")
    public int maxSeatsPerOrder;

    /** At most this many places per buyer across their holds and orders at this event; null = no such cap. */
    @Column(name = "max_seats_per_user")
    public Integer maxSeatsPerUser;

    /** Whether holders may pass their tickets on (see the ticket package's transfers). */
    @Column(name = "transfers_allowed")
    public boolean transfersAllowed = true;

    /** How many accepted transfers one ticket may go through. */
    @Column(name = "max_transfers_per_ticket")
    public int maxTransfersPerTicket = EventDtos.DEFAULT_MAX_TRANSFERS_PER_TICKET;

    @Enumerated(EnumType.STRING)
    public EventStatus status;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Version
    public int version;

    /** Object-storage key of the event's image (see EventImages); null without one. */
    @Column(name = "image_key")
    public String imageKey;

    /** Null when the event has no waiting room. */
    @Convert(converter = WaitingRoom.Column.class)
    @Column(name = "waiting_room")
    public WaitingRoom waitingRoom;

    /** When sales close unless the owner says otherwise: at the start, or at the end if sales open only after the start. */
    public Instant defaultSalesEnd() {
        return salesStartAt.isBefore(startsAt) ? startsAt : endsAt;
    }

    public boolean hasWaitingRoom() {
        return waitingRoom != null && waitingRoom.on();
    }

    public BigDecimal priceOf(String section) {
        return prices.stream().filter(p -> p.section().equals(section)).map(Price::price).findFirst().orElse(null);
    }
}

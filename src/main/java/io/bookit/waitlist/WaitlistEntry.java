package io.bookit.waitlist;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A user's place on a sold-out event's waiting list: the durable record (the live list is in Redis). */
@Entity
@Table(name = "waitlist_entry")
public class WaitlistEntry {

    @Id
    public UUID id;

    @Column(name = "event_id")
    public UUID eventId;

    @Column(name = "user_id")
    public UUID userId;

    /** From a sequence: the order of joining, across events. */
    public long position;

    public int quantity;

    /** Null for any section. */
    public String section;

    public boolean together;

    @Enumerated(EnumType.STRING)
    public WaitlistStatus status;

    /** The offer's hold, once OFFERED. */
    @Column(name = "hold_id")
    public String holdId;

    @Column(name = "offer_expires_at")
    public Instant offerExpiresAt;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    boolean live() {
        return status == WaitlistStatus.WAITING || status == WaitlistStatus.OFFERED;
    }
}

package io.bookit.ticket;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A ticket offered by its holder to an e-mail address (docs/TICKETS.md, "Transfers"). */
@Entity
@Table(name = "ticket_transfer")
public class TicketTransfer {

    @Id
    public UUID id;

    @Column(name = "ticket_id")
    public UUID ticketId;

    @Column(name = "event_id")
    public UUID eventId;

    @Column(name = "order_id")
    public UUID orderId;

    @Column(name = "from_user_id")
    public UUID fromUserId;

    @Column(name = "from_email")
    public String fromEmail;

    /** Lower case; whoever logs in with it may accept. */
    @Column(name = "to_email")
    public String toEmail;

    @Enumerated(EnumType.STRING)
    public TransferStatus status;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    /** The recipient's account, once ACCEPTED. */
    @Column(name = "accepted_by")
    public UUID acceptedBy;

    /** When it was accepted, cancelled or expired. */
    @Column(name = "ended_at")
    public Instant endedAt;

    /** The status as callers see it: a PENDING transfer past its expiry is EXPIRED even before the job marks it. */
    TransferStatus effectiveStatus(Instant now) {
        return status == TransferStatus.PENDING && !expiresAt.isAfter(now) ? TransferStatus.EXPIRED : status;
    }
}

package io.bookit.mail;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A mail sent about an order, kept under the id of the message (the outbox row) that caused it: the same message
 * delivered again finds its row and sends nothing.
 */
@Entity
@Table(name = "order_mail")
public class OrderMail {

    @Id
    @Column(name = "message_id")
    public UUID messageId;

    @Column(name = "order_id")
    public UUID orderId;

    @Enumerated(EnumType.STRING)
    public MailKind kind;

    public String recipient;

    @Column(name = "sent_at")
    public Instant sentAt;
}

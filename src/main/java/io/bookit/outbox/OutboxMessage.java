package io.bookit.outbox;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An event written in the transaction that made it true, published to RabbitMQ afterwards by {@link OutboxRelay}. */
@Entity
@Table(name = "outbox_message")
public class OutboxMessage {

    /** The AMQP header the relay sets to {@link #createdAt} (ISO-8601), for consumers that tell when it happened. */
    public static final String CREATED_AT_HEADER = "bookit-created-at";

    @Id
    public UUID id;

    /** Also the RabbitMQ routing key, e.g. {@code order.confirmed}. */
    public String topic;

    /** JSON. */
    public String payload;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "claimed_until")
    public Instant claimedUntil;

    @Column(name = "published_at")
    public Instant publishedAt;
}

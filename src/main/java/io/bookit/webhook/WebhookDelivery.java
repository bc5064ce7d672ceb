package io.bookit.webhook;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One event to one endpoint, with its attempts (the delivery log). */
@Entity
@Table(name = "webhook_delivery")
class WebhookDelivery {

    @Id
    UUID id;

    @Column(name = "endpoint_id")
    UUID endpointId;

    @Column(name = "event_id")
    UUID eventId;

    String type;

    String body;

    @Enumerated(EnumType.STRING)
    DeliveryStatus status;

    int attempts;

    @Column(name = "last_response_code")
    Integer lastResponseCode;

    @Column(name = "last_duration_ms")
    Integer lastDurationMs;

    @Column(name = "last_response_body")
    String lastResponseBody;

    @Column(name = "last_error")
    String lastError;

    @Column(name = "created_at")
    Instant createdAt;

    @Column(name = "retry_from")
    Instant retryFrom;

    @Column(name = "next_attempt_at")
    Instant nextAttemptAt;

    @Column(name = "claimed_until")
    Instant claimedUntil;

    @Column(name = "delivered_at")
    Instant deliveredAt;
}

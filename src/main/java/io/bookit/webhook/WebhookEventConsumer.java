package io.bookit.webhook;

import io.bookit.outbox.OutboxMessage;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.rabbitmq.IncomingRabbitMQMetadata;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Outbox events (through RabbitMQ, queue {@code bookit.webhooks}, one routing key per {@link WebhookEventType})
 * become delivery rows: sending happens later and apart ({@link WebhookDeliveryJob}), so a slow receiver never holds
 * this queue. The message id (the outbox row's id) is the deliveries' event id: a redelivered message adds nothing.
 */
@ApplicationScoped
class WebhookEventConsumer {

    /** How long a message whose deliveries could not be written (PostgreSQL away) waits before it is requeued. */
    private static final java.time.Duration RETRY_DELAY = java.time.Duration.ofSeconds(1);

    private final DeliveryService deliveries;

    WebhookEventConsumer(DeliveryService deliveries) {
        this.deliveries = deliveries;
    }

    @Incoming("webhook-events")
    Uni<Void> receive(JsonObject payload, IncomingRabbitMQMetadata metadata) {
        Optional<WebhookEventType> type = WebhookEventType.of(metadata.getRoutingKey());
        Optional<String> messageId = metadata.getMessageId();
        if (type.isEmpty() || messageId.isEmpty() || payload.getString(WebhookEventType.EVENT_ID_FIELD) == null) {
            Log.warnf("Dropping a %s message that no webhook can carry (no message id or no eventId)",
                    metadata.getRoutingKey());
            return Uni.createFrom().voidItem();
        }
        Instant createdAt = createdAt(metadata);
        return Uni.createFrom().deferred(() -> deliveries.fanOut(UUID.fromString(messageId.get()), type.get(), payload,
                        createdAt))
                .invoke(added -> Log.debugf("%s %s: %d webhook deliveries", type.get().wireName, messageId.get(), added))
                .replaceWithVoid()
                .onFailure(IllegalArgumentException.class).recoverWithUni(unreadable -> {
                    Log.errorf(unreadable, "Dropping %s message %s: no webhook can carry it", type.get().wireName,
                            messageId.get());
                    return Uni.createFrom().voidItem();
                })
                .onFailure().call(failure -> {
                    Log.warnf(failure, "Webhook deliveries of %s not written yet; the message goes back to the queue",
                            messageId.get());
                    return Uni.createFrom().voidItem().onItem().delayIt().by(RETRY_DELAY);
                });
    }

    /** When the outbox row was written (set by the relay; a String or an AMQP LongString), else now. */
    private static Instant createdAt(IncomingRabbitMQMetadata metadata) {
        Object written = metadata.getHeaders().get(OutboxMessage.CREATED_AT_HEADER);
        try {
            return written == null ? Instant.now() : Instant.parse(written.toString());
        } catch (java.time.format.DateTimeParseException e) {
            return Instant.now();
        }
    }
}

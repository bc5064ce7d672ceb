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
        Object written = metadata.getHeaders().get(OutboxMessage.CREATED_AT_HEADER); // a String or an AMQP LongString
        Instant createdAt = written == null ? Instant.now() : Instant.parse(written.toString());
        return deliveries.fanOut(UUID.fromString(messageId.get()), type.get(), payload, createdAt)
                .invoke(added -> Log.debugf("%s %s: %d webhook deliveries", type.get().wireName, messageId.get(), added))
                .replaceWithVoid();
    }
}

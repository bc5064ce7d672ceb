package io.bookit.outbox;

import io.bookit.common.NotStarted;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.rabbitmq.OutgoingRabbitMQMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * Publishes committed outbox rows to RabbitMQ (exchange {@code bookit.events}, routing key = topic), at least once.
 * Rows are claimed for a while (so instances do not publish the same rows at the same time), sent outside any
 * transaction, then marked published. If the broker is unreachable nothing is lost: rows wait and go out later.
 */
@ApplicationScoped
class OutboxRelay {

    static final int BATCH = 200;
    static final Duration SEND_TIMEOUT = Duration.ofSeconds(5);

    private final MutinyEmitter<String> events;
    private final MeterRegistry metrics;

    OutboxRelay(@Channel("bookit-events") MutinyEmitter<String> events, MeterRegistry metrics) {
        this.events = events;
        this.metrics = metrics;
    }

    @Scheduled(every = "${bookit.outbox.relay-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = NotStarted.class)
    Uni<Void> relay() {
        return claim().chain(batch -> Multi.createFrom().iterable(batch)
                .onItem().transformToUniAndConcatenate(this::send)
                .collect().asList()
                .map(ids -> ids.stream().filter(Objects::nonNull).toList())
                .chain(this::markPublished));
    }

    @WithTransaction
    Uni<List<OutboxMessage>> claim() {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                UPDATE outbox_message SET claimed_until = now() + interval '30 seconds'
                WHERE id IN (SELECT id FROM outbox_message
                             WHERE published_at IS NULL AND (claimed_until IS NULL OR claimed_until < now())
                             ORDER BY created_at LIMIT ?1 FOR UPDATE SKIP LOCKED)
                RETURNING *""", OutboxMessage.class).setParameter(1, BATCH).getResultList());
    }

    /** The row's id once the broker confirmed it, or null (it stays in the outbox for the next round). */
    private Uni<UUID> send(OutboxMessage row) {
        OutgoingRabbitMQMetadata metadata = OutgoingRabbitMQMetadata.builder()
                .withRoutingKey(row.topic).withMessageId(row.id.toString())
                .withContentType("application/json").withDeliveryMode(2).build();
        return events.sendMessage(Message.of(row.payload, Metadata.of(metadata)))
                .ifNoItem().after(SEND_TIMEOUT).fail()
                .replaceWith(row.id)
                .invoke(() -> metrics.counter("bookit.outbox.published", "topic", row.topic).increment())
                .onFailure().recoverWithItem(failure -> {
                    Log.debugf(failure, "Outbox message %s not published yet", row.id);
                    metrics.counter("bookit.outbox.publish.failures").increment();
                    return null;
                });
    }

    @WithTransaction
    Uni<Void> markPublished(List<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().chain(session -> session
                .createNativeQuery("UPDATE outbox_message SET published_at = now() WHERE id = ANY(?1)")
                .setParameter(1, ids.toArray(UUID[]::new)).executeUpdate())
                .replaceWithVoid();
    }
}

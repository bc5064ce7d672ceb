package io.bookit.outbox;

import io.bookit.common.NotStarted;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.rabbitmq.OutgoingRabbitMQMetadata;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * Publishes committed outbox rows to RabbitMQ (exchange {@code bookit.events}, routing key = topic), at least once.
 * A round claims a batch of rows for a lease, sends them all at once outside any transaction, and marks each row
 * published only once the broker confirmed it (publisher confirms on the channel). While sends wait, the round
 * renews its lease every third of it, so another relay never takes rows whose sends are still pending; after
 * {@code bookit.outbox.publish-timeout} it stops waiting and stops renewing, and the rows that were not confirmed go
 * out in a later round once the lease lapsed. If the broker is unreachable nothing is lost: rows wait.
 */
@ApplicationScoped
@Startup // checks the configuration at start-up
class OutboxRelay {

    static final Duration MIN_LEASE = Duration.ofSeconds(3);

    private final MutinyEmitter<String> events;
    private final OutboxRepository outbox;
    private final OutboxConfig config;
    private final MeterRegistry metrics;

    OutboxRelay(@Channel("bookit-events") MutinyEmitter<String> events, OutboxRepository outbox, OutboxConfig config,
            MeterRegistry metrics) {
        if (config.lease().compareTo(MIN_LEASE) < 0 || config.publishTimeout().isNegative()
                || config.publishTimeout().isZero()) {
            throw new IllegalArgumentException("bookit.outbox.lease must be at least " + MIN_LEASE
                    + " and bookit.outbox.publish-timeout positive");
        }
        this.events = events;
        this.outbox = outbox;
        this.config = config;
        this.metrics = metrics;
    }

    @Scheduled(every = "${bookit.outbox.relay-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = NotStarted.class)
    Uni<Void> relay() {
        // The round's database steps all run on this (duplicated) context, one after another.
        Context context = Vertx.currentContext();
        Executor onContext = task -> context.runOnContext(ignored -> task.run());
        return outbox.claim(config.batchSize(), config.lease())
                .chain(rows -> {
                    if (rows.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    Log.debugf("Claimed %d outbox rows until %s", rows.size(), rows.get(0).claimedUntil);
                    return publish(new Batch(rows), onContext);
                });
    }

    /**
     * Sends every row, renewing the claim while sends are pending; then marks what the broker confirmed. Renewals
     * and marks are one serial stream: a tick and the end of sending are items of one merged stream, taken one at
     * a time, so two statements never share the context's session.
     */
    private Uni<Void> publish(Batch batch, Executor onContext) {
        Uni<Boolean> sent = sendAll(batch).replaceWith(true);
        Multi<Boolean> ticks = Multi.createFrom().ticks().every(config.lease().dividedBy(3)).map(tick -> false);
        return Multi.createBy().merging().streams(sent.toMulti(), ticks)
                .select().first(done -> !done) // a tick renews; the end of sending ends the stream (and the ticks)
                .emitOn(onContext)
                .onItem().transformToUniAndConcatenate(tick -> keepClaim(batch))
                .collect().last()
                .emitOn(onContext)
                .chain(() -> outbox.markPublished(batch.takeConfirmed()));
    }

    /** Sends every row of the batch at once (so each waits at most publish-timeout), recording the confirmed ones. */
    private Uni<Void> sendAll(Batch batch) {
        return Multi.createFrom().iterable(batch.rows)
                .onItem().transformToUni(row -> send(row).invoke(confirmed -> {
                    if (confirmed) {
                        batch.confirmed.add(row.id);
                    }
                    batch.settled.incrementAndGet();
                }))
                .merge(batch.rows.size())
                .collect().last().replaceWithVoid();
    }

    /** Marks what was confirmed so far and extends the claim on the rest. */
    private Uni<Void> keepClaim(Batch batch) {
        return outbox.markPublished(batch.takeConfirmed())
                .chain(() -> outbox.renew(batch.ids(), batch.claimedUntil, config.lease()))
                .invoke(renewed -> {
                    if (renewed != null) {
                        Log.debugf("Renewed the claim on outbox rows until %s", renewed);
                        batch.claimedUntil = renewed;
                    } else if (batch.settled.get() < batch.rows.size()) {
                        Log.warnf("An outbox relay lost its claim on rows it is still sending (was it paused for longer"
                                + " than two thirds of bookit.outbox.lease?); another relay may send them too");
                    }
                })
                .replaceWithVoid();
    }

    /** True once the broker confirmed the row; false when it refused it, or did not confirm it in time. */
    private Uni<Boolean> send(OutboxMessage row) {
        OutgoingRabbitMQMetadata metadata = OutgoingRabbitMQMetadata.builder()
                .withRoutingKey(row.topic).withMessageId(row.id.toString())
                .withHeader(OutboxMessage.CREATED_AT_HEADER, row.createdAt.toString())
                .withContentType("application/json").withDeliveryMode(2).build();
        return events.sendMessage(Message.of(row.payload, Metadata.of(metadata)))
                .ifNoItem().after(config.publishTimeout()).fail()
                .replaceWith(true)
                .invoke(() -> metrics.counter("bookit.outbox.published", "topic", row.topic).increment())
                .onFailure().recoverWithItem(failure -> {
                    Log.debugf(failure, "Outbox message %s not published yet", row.id);
                    metrics.counter("bookit.outbox.publish.failures").increment();
                    return false;
                });
    }

    /** One round's claimed rows, the claim they are under, and the ids the broker confirmed and are not marked yet. */
    private static final class Batch {

        final List<OutboxMessage> rows;
        final Queue<UUID> confirmed = new ConcurrentLinkedQueue<>();
        final AtomicInteger settled = new AtomicInteger();
        volatile Instant claimedUntil;

        Batch(List<OutboxMessage> rows) {
            this.rows = rows;
            this.claimedUntil = rows.get(0).claimedUntil;
        }

        List<UUID> ids() {
            return rows.stream().map(row -> row.id).toList();
        }

        List<UUID> takeConfirmed() {
            List<UUID> taken = new ArrayList<>();
            for (UUID id; (id = confirmed.poll()) != null;) {
                taken.add(id);
            }
            return taken;
        }
    }
}

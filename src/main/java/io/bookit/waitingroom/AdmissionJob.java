package io.bookit.waitingroom;

import io.bookit.common.JobOutages;
import io.bookit.common.LuaScript;
import io.bookit.common.NotStarted;
import io.bookit.seating.EventKeys;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Admits waiting shoppers. Every instance runs it every tick for every event with an open waiting room; the
 * script keeps the rate, the cap and the inventory check in Redis, so more instances do not admit more. Publishes
 * per-event gauges {@code bookit.queue.waiting} and {@code bookit.queue.active} and the counter
 * {@code bookit.queue.admitted}.
 */
@ApplicationScoped
class AdmissionJob {

    private static final LuaScript ADMIT = LuaScript.load("queue_admit");

    private final ReactiveRedisDataSource redis;
    private final WaitingRoomConfig config;
    private final MeterRegistry metrics;
    private final Map<String, RoomGauges> gauges = new ConcurrentHashMap<>();

    AdmissionJob(ReactiveRedisDataSource redis, WaitingRoomConfig config, MeterRegistry metrics) {
        this.redis = redis;
        this.config = config;
        this.metrics = metrics;
    }

    @Scheduled(every = "${bookit.waiting-room.admission-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = NotStarted.class)
    Uni<Void> admit() {
        return redis.set(String.class).smembers(RoomSettings.ROOMS_INDEX)
                .onItem().transformToMulti(ids -> Multi.createFrom().iterable(ids))
                .onItem().transformToUniAndConcatenate(id -> admit(id).onFailure().recoverWithItem(failure -> {
                    JobOutages.failed(AdmissionJob.class, failure, "Admissions for event %s failed; retrying next tick", id);
                    return null;
                }))
                .collect().last().replaceWithVoid();
    }

    private Uni<Void> admit(String eventId) {
        List<String> args = List.of(Integer.toString(config.seatsPerShopper()),
                Long.toString(config.admissionInterval().toMillis()));
        return ADMIT.run(redis, EventKeys.of(UUID.fromString(eventId)).roomState(), args).chain(answer -> {
            if (answer.get(0).toInteger() < 0) { // room off or event not on sale (or its state gone: it rejoins on load)
                RoomGauges removed = gauges.remove(eventId);
                if (removed != null) {
                    removed.unregister(metrics);
                }
                return redis.set(String.class).srem(RoomSettings.ROOMS_INDEX, eventId).replaceWithVoid();
            }
            record(eventId, answer);
            return Uni.createFrom().voidItem();
        });
    }

    private void record(String eventId, Response answer) {
        int admitted = answer.get(0).toInteger();
        if (admitted > 0) {
            metrics.counter("bookit.queue.admitted", "event", eventId).increment(admitted);
        }
        RoomGauges room = gauges.computeIfAbsent(eventId, id -> new RoomGauges(metrics, id));
        room.waiting.set(answer.get(1).toLong());
        room.active.set(answer.get(2).toLong());
    }

    private static final class RoomGauges {
        final AtomicLong waiting = new AtomicLong();
        final AtomicLong active = new AtomicLong();
        final List<Gauge> registered;

        RoomGauges(MeterRegistry metrics, String eventId) {
            registered = List.of(
                    Gauge.builder("bookit.queue.waiting", waiting, AtomicLong::get).tag("event", eventId)
                            .description("Shoppers waiting in the event's waiting room").register(metrics),
                    Gauge.builder("bookit.queue.active", active, AtomicLong::get).tag("event", eventId)
                            .description("Admitted shoppers whose session is running").register(metrics));
        }

        void unregister(MeterRegistry metrics) {
            registered.forEach(metrics::remove);
        }
    }
}

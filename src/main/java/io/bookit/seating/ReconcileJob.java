package io.bookit.seating;

import io.bookit.common.NotStarted;
import io.bookit.event.EventAreaRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compares each loaded event's seat state in Redis with PostgreSQL, the truth, and repairs what differs in
 * PostgreSQL's favour: seats sold in PostgreSQL show SOLD, seats Redis shows sold but PostgreSQL does not are free
 * again, general-admission sold counts follow PostgreSQL. Runs every {@code bookit.reconcile.interval} and, after a
 * round failed because a service was away, every second until one succeeds (so it runs right after a reconnect).
 * <p>
 * A difference is repaired only when the next round, {@code bookit.reconcile.confirm-delay} later, sees it again:
 * between a sale's commit and its Redis step the two disagree for a moment by design. Every place repaired counts in
 * {@code bookit_reconcile_repairs_total}; in a healthy system it stays at zero, so an alert on it catches bugs (and
 * faults the other mechanisms missed).
 */
@ApplicationScoped
class ReconcileJob {

    static final int EVENTS_PER_ROUND = 500;

    /** Differences of one event: seat indices to show SOLD, to show free, areas: section -> {Redis sold, PostgreSQL sold}. */
    record Difference(Set<Integer> toSold, Set<Integer> toFree, Map<String, List<Integer>> areas) {

        boolean isEmpty() {
            return toSold.isEmpty() && toFree.isEmpty() && areas.isEmpty();
        }

        /** What both rounds saw. */
        Difference common(Difference earlier) {
            Set<Integer> sold = new HashSet<>(toSold);
            sold.retainAll(earlier.toSold);
            Set<Integer> free = new HashSet<>(toFree);
            free.retainAll(earlier.toFree);
            Map<String, List<Integer>> both = new HashMap<>(areas);
            both.entrySet().removeIf(area -> !area.getValue().equals(earlier.areas.get(area.getKey())));
            return new Difference(sold, free, both);
        }
    }

    private final SeatInventory inventory;
    private final InventorySource source;
    private final LayoutCache layouts;
    private final ReconcileConfig config;
    private final Counter repairs;
    private final Map<UUID, Difference> suspected = new ConcurrentHashMap<>();
    private volatile long nextRoundAt;

    ReconcileJob(SeatInventory inventory, InventorySource source, LayoutCache layouts, ReconcileConfig config,
            MeterRegistry metrics) {
        this.inventory = inventory;
        this.source = source;
        this.layouts = layouts;
        this.config = config;
        this.repairs = Counter.builder("bookit.reconcile.repairs")
                .description("Places whose Redis state differed from PostgreSQL and was repaired").register(metrics);
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = NotStarted.class)
    Uni<Void> tick() {
        if (System.currentTimeMillis() < nextRoundAt) {
            return Uni.createFrom().voidItem();
        }
        return round().invoke(differing -> nextRoundAt = System.currentTimeMillis()
                        + (differing ? config.confirmDelay() : config.interval()).toMillis())
                .onFailure().recoverWithItem(failure -> {
                    Log.debugf(failure, "Reconciliation round failed; trying again in a second");
                    nextRoundAt = System.currentTimeMillis() + 1_000;
                    return false;
                })
                .replaceWithVoid();
    }

    /** One round over the loaded events; answers whether any difference is waiting for its confirmation. */
    Uni<Boolean> round() {
        return inventory.loadedEvents(EVENTS_PER_ROUND)
                .onItem().transformToMulti(ids -> Multi.createFrom().iterable(ids))
                .onItem().transformToUniAndConcatenate(id -> reconcile(UUID.fromString(id)))
                .collect().asList()
                .map(pending -> pending.contains(Boolean.TRUE));
    }

    /** Compares and repairs one event; answers whether differences wait for the next round. */
    private Uni<Boolean> reconcile(UUID eventId) {
        return layouts.get(eventId).chain(layout -> layout == null ? Uni.createFrom().item(false)
                : inventory.snapshot(eventId)
                        .chain(redis -> source.read(eventId).map(truth -> difference(layout, redis, truth)))
                        .chain(now -> repairConfirmed(eventId, now)));
    }

    /** Repairs what the earlier round saw too; answers whether differences wait for the next round. */
    private Uni<Boolean> repairConfirmed(UUID eventId, Difference now) {
        Difference earlier = suspected.remove(eventId);
        Difference confirmed = earlier == null ? null : now.common(earlier);
        Uni<Integer> repaired = confirmed == null || confirmed.isEmpty() ? Uni.createFrom().item(0)
                : inventory.repair(eventId, List.copyOf(confirmed.toSold()), List.copyOf(confirmed.toFree()),
                        areaCounts(confirmed));
        return repaired.map(count -> {
            if (count > 0) {
                repairs.increment(count);
                Log.warnf("Reconciliation repaired %d places of event %s in PostgreSQL's favour: %s", count, eventId,
                        confirmed);
            }
            boolean waiting = !now.isEmpty() && !now.equals(confirmed);
            if (waiting) {
                suspected.put(eventId, now);
            }
            return waiting;
        });
    }

    private static Difference difference(EventLayout layout, SeatInventory.Snapshot redis,
            InventorySource.Persisted truth) {
        Set<Integer> soldInPostgres = new HashSet<>();
        truth.soldSeatIds().forEach(id -> soldInPostgres.add(layout.seat(id).index()));
        Set<Integer> toSold = new HashSet<>();
        Set<Integer> toFree = new HashSet<>();
        String states = redis.seatStates();
        for (int index = 0; index < states.length(); index++) {
            boolean soldInRedis = SeatStatus.of(states.charAt(index)) == SeatStatus.SOLD;
            if (soldInPostgres.contains(index) && !soldInRedis) {
                toSold.add(index);
            } else if (soldInRedis && !soldInPostgres.contains(index)) {
                toFree.add(index);
            }
        }
        Map<String, List<Integer>> areas = new HashMap<>();
        for (EventAreaRepository.AreaSales area : truth.areas()) {
            int seen = redis.sold().getOrDefault(area.section(), 0);
            if (seen != area.sold()) {
                areas.put(area.section(), List.of(seen, area.sold()));
            }
        }
        return new Difference(toSold, toFree, areas);
    }

    private static Map<String, int[]> areaCounts(Difference difference) {
        Map<String, int[]> counts = new HashMap<>();
        difference.areas().forEach((section, seen) -> counts.put(section, new int[] {seen.get(0), seen.get(1)}));
        return counts;
    }
}

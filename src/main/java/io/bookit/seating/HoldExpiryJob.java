package io.bookit.seating;

import io.bookit.common.JobOutages;
import io.bookit.common.NotStarted;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Frees expired holds. Every instance runs it; the scripts are atomic and idempotent, so overlapping sweeps are
 * harmless. Events are visited through the sweep index (at their next expiry, or at least every recheck interval).
 */
@ApplicationScoped
class HoldExpiryJob {

    static final int EVENTS_PER_TICK = 200;
    static final int HOLDS_PER_EVENT = 500;

    private final SeatInventory inventory;
    private final HoldsConfig config;

    HoldExpiryJob(SeatInventory inventory, HoldsConfig config) {
        this.inventory = inventory;
        this.config = config;
    }

    @Scheduled(every = "${bookit.holds.sweep-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = NotStarted.class)
    Uni<Void> sweep() {
        long recheckMs = Math.max(config.sweepInterval().toMillis(), Math.min(5_000, config.ttl().toMillis() / 2));
        return inventory.eventsToSweep(System.currentTimeMillis(), EVENTS_PER_TICK)
                .onItem().transformToMulti(ids -> Multi.createFrom().iterable(ids))
                .onItem().transformToUniAndConcatenate(id -> inventory.sweep(UUID.fromString(id), HOLDS_PER_EVENT, recheckMs)
                        .onFailure().recoverWithItem(failure -> {
                            JobOutages.failed(HoldExpiryJob.class, failure, "Sweeping holds of event %s failed; retrying next tick", id);
                            return 0;
                        }))
                .collect().asList()
                .invoke(freed -> {
                    int total = freed.stream().mapToInt(Integer::intValue).sum();
                    if (total > 0) {
                        Log.debugf("Freed %d expired holds", total);
                    }
                })
                .replaceWithVoid();
    }
}

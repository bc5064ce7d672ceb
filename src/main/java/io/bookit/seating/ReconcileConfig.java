package io.bookit.seating;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The reconciliation of Redis's seat state with PostgreSQL ({@link ReconcileJob}). */
@ConfigMapping(prefix = "bookit.reconcile")
public interface ReconcileConfig {

    /** How often each instance compares every loaded event; after a failed round (a service away) it tries every second. */
    @WithDefault("30s")
    Duration interval();

    /**
     * A difference is repaired only if it is still there this much later (a sale between its commit and its Redis step,
     * a refund between its two steps, are differences for a few milliseconds and are not repaired).
     */
    @WithDefault("2s")
    Duration confirmDelay();
}

package io.bookit.payment;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "bookit.payments")
public interface PaymentsConfig {

    /** {@code simulated} (local runs, demos, load tests: paid at once) or {@code stripe}. */
    @WithDefault("simulated")
    String provider();

    /**
     * Whether a production start may use the {@code simulated} provider (load tests); without it production refuses
     * to start with it (see io.bookit.ProductionSettings).
     */
    @WithDefault("false")
    boolean allowSimulated();

    /**
     * How long a hold stays reserved for a payment that settles later (Stripe): the hold is extended to this
     * window when the order is placed, and the order expires when it ends.
     */
    @WithDefault("15M")
    java.time.Duration pendingWindow();

    /** How often pending orders past their deadline are expired (and their payments cancelled). */
    @WithDefault("10S")
    java.time.Duration expiryInterval();

    /**
     * How long the {@code simulated} provider takes to answer (none by default): a load test's stand-in for a real
     * provider's latency, and the fault suite's way to stop an order between its claim and its commit
     * (fault/KillTest). Only the simulated provider reads it, which production refuses unless
     * {@link #allowSimulated()}.
     */
    @WithDefault("0S")
    java.time.Duration simulatedDelay();
}

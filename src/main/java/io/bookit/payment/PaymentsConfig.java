package io.bookit.payment;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "bookit.payments")
public interface PaymentsConfig {

    /** {@code simulated} (local runs, demos, load tests: paid at once) or {@code stripe}. */
    @WithDefault("simulated")
    String provider();
}

package io.bookit.order;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The refund job ({@link RefundJob}): {@code bookit.refunds.*}. */
@ConfigMapping(prefix = "bookit.refunds")
public interface RefundsConfig {

    /** How often each instance looks for refunds owed ({@code @Scheduled} reads the property itself). */
    @WithDefault("30s")
    Duration retryInterval();

    /**
     * How long a refund attempt may take (the provider client's timeouts and retries) before the job tries again;
     * shorter would ask twice while the first call is still under way.
     */
    @WithDefault("2m")
    Duration attemptTimeout();
}

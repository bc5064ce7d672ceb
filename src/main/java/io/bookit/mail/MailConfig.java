package io.bookit.mail;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Bookit's own mail settings; the SMTP server, sender and TLS are the standard {@code quarkus.mailer.*}. */
@ConfigMapping(prefix = "bookit.mail")
public interface MailConfig {

    /**
     * Off: order events are taken off the queue without a mail (load tests and the multi-instance ITs, which
     * measure or show something else). On in production requires {@code quarkus.mailer.host} or mock mode.
     */
    @WithDefault("true")
    boolean enabled();

    /** How long a mail that could not be sent for a passing reason (SMTP down, 4xx) waits before it is tried again. */
    @WithDefault("5S")
    Duration retryDelay();
}

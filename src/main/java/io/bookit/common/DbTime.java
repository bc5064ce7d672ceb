package io.bookit.common;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The clock of rows: PostgreSQL keeps microseconds, so an instant written and read back compares equal. */
public final class DbTime {

    private DbTime() {
    }

    /** Now, truncated to what a {@code timestamptz} column keeps. */
    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}

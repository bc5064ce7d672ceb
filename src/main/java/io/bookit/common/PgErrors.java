package io.bookit.common;

import io.vertx.pgclient.PgException;
import java.util.Optional;

/** Reads the PostgreSQL error behind a (possibly wrapped) failure: constraint names are part of our schema. */
public final class PgErrors {

    public static final String UNIQUE_VIOLATION = "23505";
    public static final String CHECK_VIOLATION = "23514";

    private PgErrors() {
    }

    public static Optional<PgException> find(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PgException pg) {
                return Optional.of(pg);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Optional.empty();
    }

    /** True when the failure is a violation of the named constraint (unique index, check, ...). */
    public static boolean violates(Throwable failure, String constraint) {
        return find(failure).map(pg -> constraint.equals(pg.getConstraint())).orElse(false);
    }
}

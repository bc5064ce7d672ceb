package io.bookit.common;

import io.vertx.pgclient.PgException;
import org.hibernate.exception.ConstraintViolationException;

/** Recognises PostgreSQL constraint violations behind a (possibly wrapped) failure: constraint names are schema. */
public final class PgErrors {

    private PgErrors() {
    }

    /** True when the failure is a violation of the named constraint (unique index, check, ...). */
    public static boolean violates(Throwable failure, String constraint) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConstraintViolationException violation && violation.getConstraintName() != null) {
                return constraint.equals(violation.getConstraintName());
            }
            if (t instanceof PgException pg && pg.getConstraint() != null) {
                return constraint.equals(pg.getConstraint());
            }
            if (t.getMessage() != null && t.getMessage().contains("constraint \"" + constraint + "\"")) {
                return true;
            }
        }
        return false;
    }
}

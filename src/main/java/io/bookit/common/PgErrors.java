package io.bookit.common;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.DatabaseException;
import java.sql.SQLException;
import org.hibernate.JDBCException;
import org.hibernate.exception.ConstraintViolationException;

/**
 * Recognises PostgreSQL errors behind a (possibly wrapped) failure: constraint violations by name (constraint names
 * are schema), any error by its SQLSTATE.
 */
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

    /**
     * True when the PostgreSQL client refused to encode a parameter (an instant beyond PostgreSQL's range is refused
     * before it is sent, not by the server). The client says so only in its message.
     */
    public static boolean unencodable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("can not be coerced to the expected class")) {
                return true;
            }
        }
        return false;
    }

    /** The SQLSTATE of the first database error behind the failure ("22021", "40001", ...), or null. */
    public static String sqlState(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String state = t instanceof DatabaseException db ? db.getSqlState()
                    : t instanceof JDBCException jdbc ? jdbc.getSQLState()
                    : t instanceof SQLException sql ? sql.getSQLState() : null;
            if (state != null) {
                return state;
            }
        }
        return null;
    }
}

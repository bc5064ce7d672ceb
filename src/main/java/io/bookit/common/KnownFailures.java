package io.bookit.common;

import jakarta.persistence.OptimisticLockException;
import org.hibernate.StaleStateException;

/**
 * Failures of the database or a library that a client's request can cause, and the problem each one is. Input rules
 * ({@link InputLimits}, Bean Validation) refuse such requests earlier; this is what {@link ProblemMapper} falls back on
 * when one slips through, so that it is still a 4xx and never a 500. A service that cannot be reached for a moment
 * ({@link Unreachable}) is a 503 that tells the client to retry.
 */
final class KnownFailures {

    static final String CONFLICT = "conflict";
    static final String INVALID_VALUE = "invalid-value";

    private KnownFailures() {
    }

    /** The problem behind the failure (looking through causes: a Mutiny composite's is its first), or null for a fault of ours. */
    static ProblemException problem(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ProblemException problem) {
                return problem;
            }
            if (t instanceof StaleStateException || t instanceof OptimisticLockException) {
                return concurrentChange();
            }
        }
        if (Unreachable.is(failure)) {
            return Unreachable.problem();
        }
        String state = PgErrors.sqlState(failure);
        if (state != null) {
            return ofSqlState(state);
        }
        return PgErrors.unencodable(failure) ? invalidValue() : null;
    }

    /** PostgreSQL error classes that only bad input or a race produce; others are faults of ours. */
    private static ProblemException ofSqlState(String state) {
        if (state.startsWith("22") || state.equals("54000")) { // data exception, program limit (e.g. a huge value)
            return invalidValue();
        }
        if (state.startsWith("23") || state.equals("40001") || state.equals("40P01")) {
            return concurrentChange(); // a constraint a parallel request won, serialization failure, deadlock
        }
        return null;
    }

    /** Another request changed the same object at the same moment (the event's version, a row lock): read, retry. */
    static ProblemException concurrentChange() {
        return ProblemException.conflict(CONFLICT,
                "Another request changed the same data at the same time; read it again and retry");
    }

    /** A value the database cannot hold: NUL in text, an instant beyond its range, a number too large. */
    static ProblemException invalidValue() {
        return new ProblemException(400, INVALID_VALUE, "Invalid value",
                "A value of the request cannot be stored (not valid text, or out of range)");
    }
}

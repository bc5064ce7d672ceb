package io.bookit.common;

import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.Set;

/**
 * Failures that mean a service the request needs (PostgreSQL, Redis) cannot be reached right now, rather than a
 * fault of ours or of the request: the connection was refused, dropped or timed out, or the database said it is
 * shutting down or starting. The client is told to retry ({@code 503 service-unavailable} with {@code Retry-After});
 * nothing was written, or the write is found again by the request's Idempotency-Key.
 */
final class Unreachable {

    static final String TYPE = "service-unavailable";
    static final String RETRY_AFTER_SECONDS = "2";

    /**
     * SQLSTATEs of a database that cannot serve: connection exceptions (class 08), shutting down (57P01 admin,
     * 57P02 crash), starting up (57P03), too many connections (53300).
     */
    private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "53300");

    /** How the Vert.x clients (Redis, PostgreSQL) fail the requests of a connection that was dropped or refused. */
    private static final List<String> DROPPED = List.of("CONNECTION_CLOSED", "Connection was closed", "Connection is closed",
            "Connection is not active now", "Failed to read any response from the server", "Connection refused");

    private Unreachable() {
    }

    static boolean is(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof ClosedChannelException
                    || t instanceof ClosedConnectionException || t instanceof io.smallrye.mutiny.TimeoutException
                    || t instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
            // the Vert.x clients say it in their message only (Redis: CONNECTION_CLOSED, an error reply's type)
            if (t.getMessage() != null && DROPPED.stream().anyMatch(t.getMessage()::contains)) {
                return true;
            }
        }
        String state = PgErrors.sqlState(failure);
        return state != null && (state.startsWith("08") || UNAVAILABLE_STATES.contains(state));
    }

    static ProblemException problem() {
        return new ProblemException(503, TYPE, "Service unavailable",
                "A service behind Bookit is unreachable for a moment; retry the same request shortly")
                .header("Retry-After", RETRY_AFTER_SECONDS);
    }
}

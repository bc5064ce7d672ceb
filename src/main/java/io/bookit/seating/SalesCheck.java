package io.bookit.seating;

import io.smallrye.mutiny.Uni;
import java.util.UUID;

/**
 * Asks PostgreSQL whether an event's confirmed sales now fill its venue, and marks it sold out once if so. The
 * seat-state consumer asks after applying a sale that left no place free in Redis: Redis shows a sale only after
 * PostgreSQL committed it, and every sale reaches Redis through that consumer, so the sale that fills the venue is
 * always followed by a question, and the other sales of a big event (which leave places free) cost no query. The
 * order package owns the sales, so it implements this interface, as {@link AdmissionCheck} is implemented in
 * waitingroom.
 */
public interface SalesCheck {

    Uni<Void> afterSale(UUID eventId);
}

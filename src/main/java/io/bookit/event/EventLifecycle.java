package io.bookit.event;

import io.smallrye.mutiny.Uni;

/**
 * What {@link EventService} tells the seat state after a committed change of an event's row, before it answers:
 * the seating package (above event) implements it, so the sale rules in Redis follow the row at once. Same pattern
 * as {@code payment/PaymentEvents}.
 */
public interface EventLifecycle {

    /** A freshly published event: its seat state is built now rather than on the first hold. */
    Uni<Void> published(Event event);

    /** The event's sale rules changed (a PATCH): status, sales window, caps, waiting room. */
    Uni<Void> changed(Event event);

    /** The event was cancelled: holds stop at once. */
    Uni<Void> cancelled(Event event);
}

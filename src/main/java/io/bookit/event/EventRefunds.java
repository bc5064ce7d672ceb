package io.bookit.event;

import io.smallrye.mutiny.Uni;
import java.util.UUID;

/**
 * Refunds of a cancelled event's paid orders, asked by the cancel call after the event's row and its sale rules
 * changed. The order package (above event) implements it; {@code order/RefundJob} finishes what that call could not.
 */
public interface EventRefunds {

    /** Refunds every paid order of the event; answers how many. */
    Uni<Integer> refundCancelledEvent(UUID eventId);
}

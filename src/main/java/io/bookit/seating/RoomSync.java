package io.bookit.seating;

import io.bookit.event.Event;
import io.smallrye.mutiny.Uni;

/**
 * The waiting room's settings follow the event row: {@link SeatInventory} calls this whenever it writes an event's
 * sale rules to Redis, and before it builds an event's seat state, so no hold slips past a room (the hold script
 * asks the room). Implemented in the waitingroom package, which sits above seating.
 */
public interface RoomSync {

    Uni<Void> sync(Event event);
}

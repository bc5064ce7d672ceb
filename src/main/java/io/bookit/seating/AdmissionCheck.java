package io.bookit.seating;

import java.util.UUID;

/**
 * What the hold path needs from an event's waiting room. The waitingroom package sits above seating (it reads the
 * seat state for what is still on sale), so seating owns this interface and waitingroom implements it, as
 * {@code payment/PaymentEvents} is implemented in {@code order}.
 */
public interface AdmissionCheck {

    /**
     * "ok" when {@code token} admits this user to this event now; otherwise why not: missing, invalid, other-event,
     * other-user or expired. The hold script asks for it only behind an enabled waiting room.
     */
    String check(String token, UUID eventId, UUID userId);

    /** A token-less hold was refused for want of an admission token: the event's waiting room is on. */
    void roomOn(UUID eventId);

    /** A token-less hold passed the room's check: the event has no waiting room (any more). */
    void roomOff(UUID eventId);
}

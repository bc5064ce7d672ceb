package io.bookit.waitingroom;

import java.time.Instant;
import java.util.UUID;

/**
 * A shopper's place in a waiting room. {@code status}: WAITING, ADMITTED, SOLD_OUT or EXPIRED. {@code position} is
 * 1 for the next one in; it is null before sales start (joiners until then are shuffled at the start) and once
 * admitted. {@code estimatedWaitSeconds} follows the measured admission rate. ADMITTED carries the
 * {@code admissionToken} for the X-Admission-Token header of holds, valid until {@code admittedUntil}. EXPIRED says
 * why in {@code reason}: SESSION_ENDED, ORDER_PLACED, LEFT, or EVENT_CANCELLED.
 */
public record QueueEntry(String queueId, UUID eventId, String status, Integer position, Long estimatedWaitSeconds,
        String admissionToken, Instant admittedUntil, String reason) {
}

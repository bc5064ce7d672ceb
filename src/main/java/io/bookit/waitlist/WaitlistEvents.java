package io.bookit.waitlist;

import java.time.Instant;
import java.util.UUID;

/** What other parts learn about the waiting list, through the outbox and RabbitMQ (routing key = topic = type). */
public final class WaitlistEvents {

    private WaitlistEvents() {
    }

    /** Places are held for an entry (topic {@code waitlist.offered}): the user is mailed. */
    public record WaitlistOffered(String type, UUID entryId, UUID eventId, UUID userId, String holdId, int quantity,
            String section, boolean together, Instant offerExpiresAt, Instant at) {

        public static final String TOPIC = "waitlist.offered";

        static WaitlistOffered of(WaitlistEntry entry, String holdId, Instant offerExpiresAt, Instant at) {
            return new WaitlistOffered(TOPIC, entry.id, entry.eventId, entry.userId, holdId, entry.quantity,
                    entry.section, entry.together, offerExpiresAt, at);
        }
    }
}

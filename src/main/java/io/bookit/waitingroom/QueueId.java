package io.bookit.waitingroom;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.UUID;

/** A queue entry is one user's place in one event's waiting room: its id is base64url(event id | user id). */
record QueueId(UUID eventId, UUID userId) {

    static QueueId of(UUID eventId, UUID userId) {
        return new QueueId(eventId, userId);
    }

    /** The entry a client sent, or null when it cannot be one of ours. */
    static QueueId parse(String value) {
        if (value == null || value.length() != 43) {
            return null;
        }
        try {
            ByteBuffer bytes = ByteBuffer.wrap(Base64.getUrlDecoder().decode(value));
            return new QueueId(new UUID(bytes.getLong(), bytes.getLong()), new UUID(bytes.getLong(), bytes.getLong()));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    String value() {
        ByteBuffer bytes = ByteBuffer.allocate(32)
                .putLong(eventId.getMostSignificantBits()).putLong(eventId.getLeastSignificantBits())
                .putLong(userId.getMostSignificantBits()).putLong(userId.getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }
}

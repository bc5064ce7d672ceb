package io.bookit.seating;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

/**
 * Hold ids are opaque to clients but carry their event id, so a hold is found in its event's Redis slot with no
 * lookup table: base64url(event id, 16 bytes | 10 random bytes).
 */
public record HoldId(UUID eventId, String value) {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int LENGTH = 26;

    public static HoldId next(UUID eventId) {
        ByteBuffer bytes = ByteBuffer.allocate(LENGTH);
        bytes.putLong(eventId.getMostSignificantBits()).putLong(eventId.getLeastSignificantBits());
        byte[] random = new byte[LENGTH - 16];
        RANDOM.nextBytes(random);
        bytes.put(random);
        return new HoldId(eventId, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array()));
    }

    /** The hold id a client sent, or null when it cannot be one of ours. */
    public static HoldId parse(String value) {
        if (value == null || value.length() != 35) {
            return null;
        }
        try {
            ByteBuffer bytes = ByteBuffer.wrap(Base64.getUrlDecoder().decode(value));
            return new HoldId(new UUID(bytes.getLong(), bytes.getLong()), value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return value;
    }
}

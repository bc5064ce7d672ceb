package io.bookit.ticket;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/**
 * The text of a ticket code: {@code BK1.<payload>.<signature>} or {@code BK2.<payload>.<signature>}, both parts
 * unpadded base64url. A BK1 payload is 36 bytes (ticket id, event id, big-endian int key id) and names code
 * generation 0, the code issued with the ticket; a BK2 payload adds a fourth field, the big-endian int code
 * generation (&gt; 0), for a code rotated by a transfer. The signature is Ed25519 over the ASCII bytes of
 * {@code BKn.<payload>}. See docs/TICKETS.md.
 */
record TicketCode(UUID ticketId, UUID eventId, int keyId, int generation, byte[] signature, String signedPart) {

    static final String PREFIX = "BK1";
    static final String ROTATED_PREFIX = "BK2";
    private static final int PAYLOAD_BYTES = 36;
    private static final int ROTATED_PAYLOAD_BYTES = 40;
    private static final int SIGNATURE_BYTES = 64;
    private static final int MAX_LENGTH = 170;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    /** The part that is signed, for a new code: BK1 for generation 0 (codes issued before transfers existed), else BK2. */
    static String signedPart(UUID ticketId, UUID eventId, int keyId, int generation) {
        ByteBuffer payload = ByteBuffer.allocate(generation == 0 ? PAYLOAD_BYTES : ROTATED_PAYLOAD_BYTES)
                .putLong(ticketId.getMostSignificantBits()).putLong(ticketId.getLeastSignificantBits())
                .putLong(eventId.getMostSignificantBits()).putLong(eventId.getLeastSignificantBits())
                .putInt(keyId);
        if (generation != 0) {
            payload.putInt(generation);
        }
        return (generation == 0 ? PREFIX : ROTATED_PREFIX) + "." + ENCODER.encodeToString(payload.array());
    }

    static String format(String signedPart, byte[] signature) {
        return signedPart + "." + ENCODER.encodeToString(signature);
    }

    byte[] signedBytes() {
        return signedPart.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The parsed code, or null when it is not one. Strict: only the canonical encoding is accepted, so no two
     * strings name the same code and any altered character is noticed here or by the signature check.
     */
    static TicketCode parse(String text) {
        if (text == null || text.length() > MAX_LENGTH) {
            return null;
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length != 3 || !PREFIX.equals(parts[0]) && !ROTATED_PREFIX.equals(parts[0])) {
            return null;
        }
        boolean rotated = ROTATED_PREFIX.equals(parts[0]);
        byte[] payload;
        byte[] signature;
        try {
            payload = DECODER.decode(parts[1]);
            signature = DECODER.decode(parts[2]);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (payload.length != (rotated ? ROTATED_PAYLOAD_BYTES : PAYLOAD_BYTES) || signature.length != SIGNATURE_BYTES
                || !ENCODER.encodeToString(payload).equals(parts[1])
                || !ENCODER.encodeToString(signature).equals(parts[2])) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.wrap(payload);
        UUID ticketId = new UUID(buffer.getLong(), buffer.getLong());
        UUID eventId = new UUID(buffer.getLong(), buffer.getLong());
        int keyId = buffer.getInt();
        int generation = rotated ? buffer.getInt() : 0;
        if (keyId <= 0 || rotated && generation <= 0) {
            return null;
        }
        return new TicketCode(ticketId, eventId, keyId, generation, signature, parts[0] + "." + parts[1]);
    }
}

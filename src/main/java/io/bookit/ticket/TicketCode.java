package io.bookit.ticket;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/**
 * The text of a ticket code: {@code BK1.<payload>.<signature>}, both parts unpadded base64url. The payload is
 * 36 bytes (ticket id, event id, big-endian int key id); the signature is Ed25519 over the ASCII bytes of
 * {@code BK1.<payload>}. See docs/TICKETS.md.
 */
record TicketCode(UUID ticketId, UUID eventId, int keyId, byte[] signature, String signedPart) {

    static final String PREFIX = "BK1";
    private static final int PAYLOAD_BYTES = 36;
    private static final int SIGNATURE_BYTES = 64;
    private static final int MAX_LENGTH = 160;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    /** The part that is signed, for a new code. */
    static String signedPart(UUID ticketId, UUID eventId, int keyId) {
        ByteBuffer payload = ByteBuffer.allocate(PAYLOAD_BYTES)
                .putLong(ticketId.getMostSignificantBits()).putLong(ticketId.getLeastSignificantBits())
                .putLong(eventId.getMostSignificantBits()).putLong(eventId.getLeastSignificantBits())
                .putInt(keyId);
        return PREFIX + "." + ENCODER.encodeToString(payload.array());
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
        if (parts.length != 3 || !PREFIX.equals(parts[0])) {
            return null;
        }
        byte[] payload;
        byte[] signature;
        try {
            payload = DECODER.decode(parts[1]);
            signature = DECODER.decode(parts[2]);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (payload.length != PAYLOAD_BYTES || signature.length != SIGNATURE_BYTES
                || !ENCODER.encodeToString(payload).equals(parts[1])
                || !ENCODER.encodeToString(signature).equals(parts[2])) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.wrap(payload);
        UUID ticketId = new UUID(buffer.getLong(), buffer.getLong());
        UUID eventId = new UUID(buffer.getLong(), buffer.getLong());
        int keyId = buffer.getInt();
        if (keyId <= 0) {
            return null;
        }
        return new TicketCode(ticketId, eventId, keyId, signature, parts[0] + "." + parts[1]);
    }
}

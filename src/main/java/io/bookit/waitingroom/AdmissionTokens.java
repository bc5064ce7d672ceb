package io.bookit.waitingroom;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Admission tokens: {@code base64url(event id | user id | admitted until ms) "." base64url(HMAC-SHA256)}. Bound to
 * the user and the event, valid until the shopper's session ends; checked without a database or Redis call. The
 * hold script also checks that the session is still running (a shopper who left has a token but no slot).
 */
@ApplicationScoped
public class AdmissionTokens {

    private static final String HMAC = "HmacSHA256";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final int PAYLOAD_BYTES = 40;

    private final SecretKeySpec key;

    AdmissionTokens(WaitingRoomConfig config) {
        byte[] secret;
        try {
            secret = Base64.getDecoder().decode(config.tokenSecret().strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("bookit.waiting-room.token-secret is not base64", e);
        }
        if (secret.length < 32) {
            throw new IllegalStateException("bookit.waiting-room.token-secret must be at least 32 bytes");
        }
        this.key = new SecretKeySpec(secret, HMAC);
    }

    String issue(UUID eventId, UUID userId, long admittedUntil) {
        ByteBuffer payload = ByteBuffer.allocate(PAYLOAD_BYTES)
                .putLong(eventId.getMostSignificantBits()).putLong(eventId.getLeastSignificantBits())
                .putLong(userId.getMostSignificantBits()).putLong(userId.getLeastSignificantBits())
                .putLong(admittedUntil);
        return ENCODER.encodeToString(payload.array()) + "." + ENCODER.encodeToString(sign(payload.array()));
    }

    /**
     * "ok" when {@code token} admits this user to this event now; otherwise why not: missing, invalid, other-event,
     * other-user or expired.
     */
    public String check(String token, UUID eventId, UUID userId) {
        if (token == null || token.isBlank()) {
            return "missing";
        }
        int dot = token.indexOf('.');
        byte[] payload;
        byte[] signature;
        try {
            payload = DECODER.decode(token.substring(0, Math.max(dot, 0)));
            signature = DECODER.decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return "invalid";
        }
        if (dot < 0 || payload.length != PAYLOAD_BYTES || !MessageDigest.isEqual(sign(payload), signature)) {
            return "invalid";
        }
        ByteBuffer fields = ByteBuffer.wrap(payload);
        if (!eventId.equals(new UUID(fields.getLong(), fields.getLong()))) {
            return "other-event";
        }
        if (!userId.equals(new UUID(fields.getLong(), fields.getLong()))) {
            return "other-user";
        }
        return fields.getLong() > System.currentTimeMillis() ? "ok" : "expired";
    }

    private byte[] sign(byte[] payload) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.bookit.ticket;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;

/** Signs ticket codes and verifies them: a forged or altered code fails here, before any ticket row is read. */
@ApplicationScoped
class TicketCodeService {

    private final TicketKeyCache keys;

    TicketCodeService(TicketKeyCache keys) {
        this.keys = keys;
    }

    /**
     * The ticket's current code (its generation) under the event's current key. Ed25519 is deterministic: the same key
     * and generation give the same code.
     */
    Uni<String> codeFor(Ticket ticket) {
        return keys.of(ticket.eventId).map(k -> {
            String signed = TicketCode.signedPart(ticket.id, ticket.eventId, k.signingKeyId(), ticket.codeGeneration);
            return TicketCode.format(signed, sign(k.signingKey(), signed.getBytes(StandardCharsets.US_ASCII)));
        });
    }

    /** The verified code; fails with 422 {@code invalid-code} when it is malformed, forged or altered. */
    Uni<TicketCode> verify(String text) {
        TicketCode code = TicketCode.parse(text);
        if (code == null) {
            return Uni.createFrom().failure(TicketProblems.rejected("invalid-code", "This is not a valid ticket code"));
        }
        return keys.publicKey(code.eventId(), code.keyId()).map(publicKey -> {
            if (publicKey == null || !verify(publicKey, code.signedBytes(), code.signature())) {
                throw TicketProblems.rejected("invalid-code", "This is not a valid ticket code");
            }
            return code;
        });
    }

    private static byte[] sign(PrivateKey key, byte[] message) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(key);
            signature.update(message);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot sign a ticket code", e);
        }
    }

    private static boolean verify(PublicKey key, byte[] message, byte[] signatureBytes) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initVerify(key);
            signature.update(message);
            return signature.verify(signatureBytes);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}

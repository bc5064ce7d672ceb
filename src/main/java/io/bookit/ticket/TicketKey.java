package io.bookit.ticket;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** One Ed25519 key of an event that signs ticket codes; the private half is encrypted (see {@link KeyCipher}). */
@Entity
@Table(name = "ticket_key")
@IdClass(TicketKey.Id.class)
class TicketKey {

    /** The composite key (event, key id). */
    public static class Id implements Serializable {
        public UUID eventId;
        public int keyId;

        @Override
        public boolean equals(Object other) {
            return other instanceof Id id && keyId == id.keyId && Objects.equals(eventId, id.eventId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(eventId, keyId);
        }
    }

    @jakarta.persistence.Id
    @Column(name = "event_id")
    public UUID eventId;

    @jakarta.persistence.Id
    @Column(name = "key_id")
    public int keyId;

    @Column(name = "public_key")
    public byte[] publicKey;

    @Column(name = "private_key")
    public byte[] privateKey;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "retired_at")
    public Instant retiredAt;
}

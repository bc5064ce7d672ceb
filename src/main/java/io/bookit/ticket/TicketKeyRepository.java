package io.bookit.ticket;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
@WithSession
class TicketKeyRepository implements PanacheRepositoryBase<TicketKey, TicketKey.Id> {

    Uni<List<TicketKey>> listByEvent(UUID eventId) {
        return find("eventId", Sort.by("keyId"), eventId).list();
    }

    /** Inserts the key unless another node created that key id first; answers whether this one won. */
    @WithTransaction
    Uni<Boolean> insertIfAbsent(UUID eventId, int keyId, byte[] publicKey, byte[] privateKey, Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "INSERT INTO ticket_key (event_id, key_id, public_key, private_key, created_at) "
                        + "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (event_id, key_id) DO NOTHING")
                .setParameter(1, eventId).setParameter(2, keyId).setParameter(3, publicKey)
                .setParameter(4, privateKey).setParameter(5, now)
                .executeUpdate())
                .map(inserted -> inserted == 1);
    }

    /**
     * Adds key {@code keyId} as the event's signing key and retires the older active ones, in one transaction; answers
     * false (and changes nothing) when another rotation made that key id first.
     */
    @WithTransaction
    Uni<Boolean> rotateTo(UUID eventId, int keyId, byte[] publicKey, byte[] privateKey, Instant now) {
        return insertIfAbsent(eventId, keyId, publicKey, privateKey, now).call(inserted -> !inserted
                ? Uni.createFrom().voidItem()
                : Panache.getSession().chain(session -> session.createNativeQuery(
                        "UPDATE ticket_key SET retired_at = ?3 WHERE event_id = ?1 AND key_id < ?2 AND retired_at IS NULL")
                        .setParameter(1, eventId).setParameter(2, keyId).setParameter(3, now)
                        .executeUpdate()));
    }
}

package io.bookit.ticket;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The event_staff table: who may check tickets in at an event besides its owner. Writes need a transaction. */
@ApplicationScoped
@WithSession
class StaffRepository {

    Uni<Boolean> isStaff(UUID eventId, UUID userId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "SELECT count(*) FROM event_staff WHERE event_id = ?1 AND user_id = ?2", Long.class)
                .setParameter(1, eventId).setParameter(2, userId).getSingleResult())
                .map(count -> count > 0);
    }

    Uni<Integer> grant(UUID eventId, UUID userId, UUID grantedBy, Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "INSERT INTO event_staff (event_id, user_id, granted_by, created_at) VALUES (?1, ?2, ?3, ?4) "
                        + "ON CONFLICT (event_id, user_id) DO NOTHING")
                .setParameter(1, eventId).setParameter(2, userId).setParameter(3, grantedBy).setParameter(4, now)
                .executeUpdate());
    }

    Uni<Integer> revoke(UUID eventId, UUID userId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "DELETE FROM event_staff WHERE event_id = ?1 AND user_id = ?2")
                .setParameter(1, eventId).setParameter(2, userId).executeUpdate());
    }

    /** The staff of an event, in the order they were granted. */
    Uni<List<UUID>> userIds(UUID eventId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "SELECT user_id FROM event_staff WHERE event_id = ?1 ORDER BY created_at, user_id", UUID.class)
                .setParameter(1, eventId).getResultList());
    }
}

package io.bookit.waitlist;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Statements on {@code waitlist_entry}: status changes are guarded UPDATEs whose row count says who won. */
@ApplicationScoped
@WithSession
class WaitlistRepository implements PanacheRepositoryBase<WaitlistEntry, UUID> {

    static final String LIVE = "('WAITING', 'OFFERED')";

    Uni<Long> nextPosition() {
        return getSession().chain(session -> session.createNativeQuery("SELECT nextval('waitlist_position')", Long.class)
                .getSingleResult());
    }

    Uni<WaitlistEntry> findLive(UUID eventId, UUID userId) {
        return find("eventId = ?1 and userId = ?2 and status in ?3", eventId, userId,
                List.of(WaitlistStatus.WAITING, WaitlistStatus.OFFERED)).firstResult();
    }

    /** The live entries of an event, by position. */
    Uni<List<WaitlistEntry>> live(UUID eventId) {
        return find("eventId = ?1 and status in ?2", Sort.by("position"), eventId,
                List.of(WaitlistStatus.WAITING, WaitlistStatus.OFFERED)).list();
    }

    Uni<List<WaitlistEntry>> mine(UUID userId, int limit) {
        return find("userId", Sort.descending("createdAt").and("id"), userId).page(Page.ofSize(limit)).list();
    }

    /** 1 for the first entry that waits. */
    Uni<Long> rank(WaitlistEntry entry) {
        return count("eventId = ?1 and status = ?2 and position < ?3", entry.eventId, WaitlistStatus.WAITING,
                entry.position).map(ahead -> ahead + 1);
    }

    Uni<Long> waiting(UUID eventId) {
        return count("eventId = ?1 and status = ?2", eventId, WaitlistStatus.WAITING);
    }

    Uni<Long> liveCount(UUID eventId) {
        return count("eventId = ?1 and status in ?2", eventId, List.of(WaitlistStatus.WAITING, WaitlistStatus.OFFERED));
    }

    Uni<List<UUID>> eventsWithLiveEntries() {
        return getSession().chain(session -> session.createNativeQuery(
                "SELECT DISTINCT event_id FROM waitlist_entry WHERE status IN " + LIVE, UUID.class).getResultList());
    }

    /** WAITING → OFFERED (needs a transaction): 1 when this call made the change. */
    Uni<Integer> markOffered(UUID id, String holdId, Instant expiresAt, Instant at) {
        return execute("""
                UPDATE waitlist_entry SET status = 'OFFERED', hold_id = ?2, offer_expires_at = ?3, updated_at = ?4
                WHERE id = ?1 AND status = 'WAITING'""", id, holdId, expiresAt, at);
    }

    /** OFFERED (with this hold) → DONE or EXPIRED (needs a transaction). */
    Uni<Integer> markOfferEnded(UUID id, String holdId, WaitlistStatus status, Instant at) {
        return execute("""
                UPDATE waitlist_entry SET status = ?3, updated_at = ?4
                WHERE id = ?1 AND status = 'OFFERED' AND hold_id = ?2""", id, holdId, status.name(), at);
    }

    /** WAITING or OFFERED → LEFT (needs a transaction). */
    Uni<Integer> markLeft(UUID id, Instant at) {
        return execute("UPDATE waitlist_entry SET status = 'LEFT', updated_at = ?2 WHERE id = ?1 AND status IN " + LIVE,
                id, at);
    }

    /** Offers whose holds Redis lost go back to waiting, at their position (needs a transaction). */
    Uni<Integer> reopenOffers(UUID eventId, Instant at) {
        return execute("""
                UPDATE waitlist_entry SET status = 'WAITING', hold_id = NULL, offer_expires_at = NULL, updated_at = ?2
                WHERE event_id = ?1 AND status = 'OFFERED'""", eventId, at);
    }

    /**
     * Ends the live entries of events that are over (cancelled, or ended) as EXPIRED (needs a
     * transaction); answers those events.
     */
    Uni<List<UUID>> closeOver(Instant at) {
        return getSession().chain(session -> session.createNativeQuery("""
                UPDATE waitlist_entry w SET status = 'EXPIRED', updated_at = ?1 FROM event e
                WHERE e.id = w.event_id AND w.status IN ('WAITING', 'OFFERED')
                    AND (e.status = 'CANCELLED' OR e.ends_at <= ?1)
                RETURNING w.event_id""", UUID.class).setParameter(1, at).getResultList())
                .map(ids -> ids.stream().distinct().toList());
    }

    /** The stored status, read past the session's copy. */
    Uni<WaitlistStatus> currentStatus(UUID id) {
        return getSession().chain(session -> session.createNativeQuery(
                "SELECT status FROM waitlist_entry WHERE id = ?1", String.class).setParameter(1, id)
                .getSingleResultOrNull()).map(status -> status == null ? null : WaitlistStatus.valueOf(status));
    }

    private Uni<Integer> execute(String sql, Object... params) {
        return getSession().chain(session -> {
            var query = session.createNativeQuery(sql);
            for (int i = 0; i < params.length; i++) {
                query.setParameter(i + 1, params[i]);
            }
            return query.executeUpdate();
        });
    }
}

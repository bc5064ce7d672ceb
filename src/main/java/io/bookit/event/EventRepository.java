package io.bookit.event;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

@ApplicationScoped
@WithSession
public class EventRepository implements PanacheRepositoryBase<Event, UUID> {

    /** Published events matching a free-text query and a start window, soonest first. */
    public Uni<List<Event>> searchPublished(String q, Instant from, Instant to, int page, int size) {
        Search search = Search.of(q, from, to);
        return find(search.where, Sort.by("startsAt").and("id"), search.params).page(Page.of(page, size)).list();
    }

    public Uni<Long> countPublished(String q, Instant from, Instant to) {
        Search search = Search.of(q, from, to);
        return count(search.where, search.params);
    }

    public Uni<List<Event>> listByOwner(UUID ownerId, int page, int size) {
        return find("ownerId", Sort.by("startsAt").and("id"), ownerId).page(Page.of(page, size)).list();
    }

    public Uni<Long> countByOwner(UUID ownerId) {
        return count("ownerId", ownerId);
    }

    private record Search(String where, Parameters params) {

        static Search of(String q, Instant from, Instant to) {
            StringBuilder where = new StringBuilder("status = :status");
            Parameters params = Parameters.with("status", EventStatus.ON_SALE);
            if (q != null && !q.isBlank()) {
                where.append(" and (lower(name) like :q or lower(description) like :q)");
                params.and("q", "%" + escapeLike(q.strip().toLowerCase(Locale.ROOT)) + "%");
            }
            if (from != null) {
                where.append(" and startsAt >= :from");
                params.and("from", from);
            }
            if (to != null) {
                where.append(" and startsAt < :to");
                params.and("to", to);
            }
            return new Search(where.toString(), params);
        }

        private static String escapeLike(String text) {
            return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        }
    }

    /** The first time only: true for the one caller that marked the event sold out (needs a transaction). */
    public Uni<Boolean> markSoldOut(UUID id) {
        return getSession().chain(session -> session.createNativeQuery(
                "UPDATE event SET sold_out_at = now() WHERE id = ?1 AND sold_out_at IS NULL")
                .setParameter(1, id).executeUpdate()).map(updated -> updated == 1);
    }
}

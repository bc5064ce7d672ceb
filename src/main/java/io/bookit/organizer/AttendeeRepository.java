package io.bookit.organizer;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Tickets of an event joined with their orders and holders, in a stable order (purchase time, then ticket id) that
 * the index {@code ticket_event_purchase_idx} serves. Search is a case-insensitive substring of the holder's name or
 * email, the order id, or the seat (the area for general admission).
 */
@ApplicationScoped
@WithSession
public class AttendeeRepository {

    private static final String ROW = "select new io.bookit.organizer.AttendeeRow(t.id, t.seatId, t.section,"
            + " u.displayName, u.email, o.id, o.status, t.status, t.price, o.currency, t.createdAt, t.checkedInAt)";
    private static final String JOINS = " from Ticket t join io.bookit.order.Order o on o.id = t.orderId"
            + " join io.bookit.auth.User u on u.id = t.holderId where t.eventId = :event";
    private static final String SEARCH = " and (lower(u.displayName) like :q or u.email like :q"
            + " or lower(coalesce(t.seatId, t.section)) like :q or cast(o.id as String) like :q)";
    private static final String ORDER = " order by t.createdAt, t.id";

    public Uni<List<AttendeeRow>> page(UUID eventId, String q, int page, int size) {
        String pattern = pattern(q);
        return Panache.getSession().chain(session -> {
            var query = session.createSelectionQuery(ROW + JOINS + (pattern == null ? "" : SEARCH) + ORDER,
                    AttendeeRow.class).setParameter("event", eventId);
            return bind(query, pattern).setFirstResult(page * size).setMaxResults(size).getResultList();
        });
    }

    public Uni<Long> count(UUID eventId, String q) {
        String pattern = pattern(q);
        String hql = pattern == null ? "select count(*) from Ticket t where t.eventId = :event"
                : "select count(*)" + JOINS + SEARCH;
        return Panache.getSession().chain(session -> bind(session.createSelectionQuery(hql, Long.class)
                .setParameter("event", eventId), pattern).getSingleResult());
    }

    /** Up to {@code limit} rows after the keyset cursor (purchase time, ticket id); the first chunk with a null cursor. */
    public Uni<List<AttendeeRow>> chunkAfter(UUID eventId, String q, Instant afterTime, UUID afterId, int limit) {
        String pattern = pattern(q);
        String keyset = afterTime == null ? ""
                : " and t.createdAt >= :afterTime and (t.createdAt > :afterTime or t.id > :afterId)";
        return Panache.getSession().chain(session -> {
            var query = session.createSelectionQuery(ROW + JOINS + keyset + (pattern == null ? "" : SEARCH) + ORDER,
                    AttendeeRow.class).setParameter("event", eventId);
            if (afterTime != null) {
                query.setParameter("afterTime", afterTime).setParameter("afterId", afterId);
            }
            return bind(query, pattern).setMaxResults(limit).getResultList();
        });
    }

    private static <R> Mutiny.SelectionQuery<R> bind(Mutiny.SelectionQuery<R> query, String pattern) {
        return pattern == null ? query : query.setParameter("q", pattern);
    }

    /** {@code %q%} lower-cased with LIKE wildcards escaped (PostgreSQL's default escape is the backslash), or null. */
    static String pattern(String q) {
        if (q == null || q.isBlank()) {
            return null;
        }
        String text = q.strip().toLowerCase(Locale.ROOT);
        return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}

package io.bookit.organizer;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Tickets of an event joined with their orders and holders, in a stable order (purchase time, then ticket id) that
 * the index {@code ticket_event_purchase_idx} serves. Search is a case-insensitive substring of the holder's name or
 * email, the order id, or the seat (the area for general admission).
 *
 * <p>Pages and counts pick ticket ids from the ticket table alone (the search tests holders and orders through
 * subqueries), and only the rows of the page are joined: a deep page costs an index walk, not 50,000 joins.
 */
@ApplicationScoped
@WithSession
public class AttendeeRepository {

    private static final String ROW = "select new io.bookit.organizer.AttendeeRow(t.id, t.seatId, t.section,"
            + " u.displayName, u.email, o.id, o.status, t.status, t.price, o.currency, t.createdAt, t.checkedInAt)"
            + " from Ticket t join io.bookit.order.Order o on o.id = t.orderId"
            + " join io.bookit.auth.User u on u.id = t.holderId";
    private static final String ORDER = " order by t.createdAt, t.id";

    public Uni<List<AttendeeRow>> page(UUID eventId, String q, int page, int size) {
        Search search = Search.of(q);
        String ids = "select p.id from Ticket p where p.eventId = :event" + search("p", search)
                + " order by p.createdAt, p.id offset " + (long) page * size + " rows fetch first " + size + " rows only";
        return Panache.getSession().chain(session -> bind(session.createSelectionQuery(
                ROW + " where t.id in (" + ids + ")" + ORDER, AttendeeRow.class), eventId, search).getResultList());
    }

    public Uni<Long> count(UUID eventId, String q) {
        Search search = Search.of(q);
        return Panache.getSession().chain(session -> bind(session.createSelectionQuery(
                "select count(*) from Ticket t where t.eventId = :event" + search("t", search), Long.class),
                eventId, search).getSingleResult());
    }

    /** Up to {@code limit} rows after the keyset cursor (purchase time, ticket id); the first chunk with a null cursor. */
    public Uni<List<AttendeeRow>> chunkAfter(UUID eventId, String q, Instant afterTime, UUID afterId, int limit) {
        Search search = Search.of(q);
        String keyset = afterTime == null ? ""
                : " and t.createdAt >= :afterTime and (t.createdAt > :afterTime or t.id > :afterId)";
        return Panache.getSession().chain(session -> {
            var query = bind(session.createSelectionQuery(ROW + " where t.eventId = :event" + keyset
                    + search("t", search) + ORDER, AttendeeRow.class), eventId, search);
            if (afterTime != null) {
                query.setParameter("afterTime", afterTime).setParameter("afterId", afterId);
            }
            return query.setMaxResults(limit).getResultList();
        });
    }

    /**
     * The search condition on ticket alias {@code t}, or nothing without a search. Seats and areas are matched only
     * when the text could be part of one ([a-z0-9-]), order ids only when it could be part of a UUID: a name search
     * is then a plain semi-join from the trigram-indexed users to their tickets.
     */
    private static String search(String t, Search search) {
        if (search == null) {
            return "";
        }
        StringBuilder where = new StringBuilder(" and (").append(t).append(".holderId in (select h.id from")
                .append(" io.bookit.auth.User h where lower(h.displayName) like :q or h.email like :q)");
        if (search.seat()) {
            where.append(" or coalesce(").append(t).append(".seatId, ").append(t).append(".section) like :seat");
        }
        if (search.orderId() != null) {
            where.append(" or ").append(t).append(".orderId = :orderId");
        } else if (search.orderIdPart()) {
            where.append(" or ").append(t).append(".orderId in (select b.id from io.bookit.order.Order b")
                    .append(" where b.eventId = :event and cast(b.id as String) like :q)");
        }
        return where.append(')').toString();
    }

    private static <R> Mutiny.SelectionQuery<R> bind(Mutiny.SelectionQuery<R> query, UUID eventId, Search search) {
        query.setParameter("event", eventId);
        if (search != null) {
            query.setParameter("q", search.pattern());
            if (search.seat()) {
                query.setParameter("seat", search.pattern().toUpperCase(Locale.ROOT));
            }
            if (search.orderId() != null) {
                query.setParameter("orderId", search.orderId());
            }
        }
        return query;
    }

    /** What a search text can match besides names and emails. */
    record Search(String pattern, boolean seat, boolean orderIdPart, UUID orderId) {

        private static final Pattern SEAT = Pattern.compile("[a-z0-9-]+");
        private static final Pattern UUID_PART = Pattern.compile("[0-9a-f-]+");
        private static final Pattern FULL_UUID = Pattern.compile("[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}");

        /** Null for no search. */
        static Search of(String q) {
            if (q == null || q.isBlank()) {
                return null;
            }
            String text = q.strip().toLowerCase(Locale.ROOT);
            String pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            UUID orderId = FULL_UUID.matcher(text).matches() ? UUID.fromString(text) : null;
            return new Search(pattern, SEAT.matcher(text).matches(), UUID_PART.matcher(text).matches(), orderId);
        }
    }
}

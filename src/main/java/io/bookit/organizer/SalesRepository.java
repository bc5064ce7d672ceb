package io.bookit.organizer;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/** Sales figures of an event, aggregated in PostgreSQL: no ticket row is loaded into Java. */
@ApplicationScoped
@WithSession
public class SalesRepository {

    /** One aggregate row: the whole event ({@code ALL}), one day of the venue's calendar, or one price tier. */
    record Aggregate(Kind kind, String date, String section, BigDecimal price, long tickets, BigDecimal revenue,
            long checkedIn) {
    }

    enum Kind {
        ALL, DAY, TIER
    }

    record Refunds(long tickets, BigDecimal amount) {
    }

    /*
     * One scan of the event's live tickets (VALID, CHECKED_IN) for three groupings; days are dates in the venue's
     * time zone. The GROUPING() bits tell the rows apart.
     */
    private static final String AGGREGATES = """
            WITH live AS (
                SELECT t.section, t.price, t.status,
                       CAST(t.created_at AT TIME ZONE (SELECT v.timezone FROM event e JOIN venue v ON v.id = e.venue_id
                                                       WHERE e.id = ?1) AS date) AS day
                FROM ticket t
                WHERE t.event_id = ?1 AND t.status <> 'VOID')
            SELECT CASE WHEN GROUPING(day) = 0 THEN 'DAY' WHEN GROUPING(section, price) = 0 THEN 'TIER' ELSE 'ALL' END,
                   to_char(day, 'YYYY-MM-DD'), section, CAST(price AS text), count(*),
                   CAST(coalesce(sum(price), 0) AS text), count(*) FILTER (WHERE status = 'CHECKED_IN')
            FROM live
            GROUP BY GROUPING SETS ((), (day), (section, price))
            ORDER BY 1, 2, 3, 4""";

    private static final String REFUNDS = """
            SELECT CAST(coalesce(sum(quantity), 0) AS bigint), CAST(coalesce(sum(total), 0) AS text)
            FROM orders WHERE event_id = ?1 AND status = 'REFUNDED'""";

    public Uni<List<Aggregate>> aggregates(UUID eventId) {
        return Panache.getSession().chain(session -> session.<Object[]> createNativeQuery(AGGREGATES)
                .setParameter(1, eventId).getResultList())
                .map(rows -> rows.stream().map(SalesRepository::aggregate).toList());
    }

    public Uni<Refunds> refunds(UUID eventId) {
        return Panache.getSession().chain(session -> session.<Object[]> createNativeQuery(REFUNDS)
                .setParameter(1, eventId).getSingleResult())
                .map(row -> new Refunds(((Number) row[0]).longValue(), new BigDecimal((String) row[1])));
    }

    private static Aggregate aggregate(Object[] row) {
        return new Aggregate(Kind.valueOf((String) row[0]), (String) row[1], (String) row[2],
                row[3] == null ? null : new BigDecimal((String) row[3]), ((Number) row[4]).longValue(),
                new BigDecimal((String) row[5]), ((Number) row[6]).longValue());
    }
}

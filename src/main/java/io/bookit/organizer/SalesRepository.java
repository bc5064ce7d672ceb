package io.bookit.organizer;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Sales figures of an event, aggregated in PostgreSQL: no ticket row is loaded into Java. */
@ApplicationScoped
@WithSession
public class SalesRepository {

    /**
     * One aggregate row: the whole event ({@code ALL}), one day of the venue's calendar, one price tier, or the
     * refunded orders ({@code REFUND}: tickets and amount in {@code tickets} and {@code revenue}).
     */
    record Aggregate(Kind kind, String date, String section, BigDecimal price, long tickets, BigDecimal revenue,
            long checkedIn) {
    }

    enum Kind {
        ALL, DAY, TIER, REFUND
    }

    /*
     * One scan of the event's live tickets (VALID, CHECKED_IN), first into 15-minute buckets per price tier (a few
     * thousand rows at most), then rolled up three ways: the whole event, days in the venue's time zone, price tiers;
     * the refunded orders follow in the same round trip.
     * Every time zone's offset is a multiple of 15 minutes, so a bucket never straddles a local midnight, and the
     * costly time-zone conversion runs per bucket instead of per ticket. The GROUPING() bits tell the rows apart.
     */
    private static final String AGGREGATES = """
            WITH buckets AS (
                SELECT date_bin('15 minutes', t.created_at, TIMESTAMPTZ '2000-01-01 00:00:00Z') AS bucket,
                       t.section, t.price, count(*) AS tickets,
                       count(*) FILTER (WHERE t.status = 'CHECKED_IN') AS checked_in
                FROM ticket t
                WHERE t.event_id = ?1 AND t.status <> 'VOID'
                GROUP BY 1, 2, 3),
            days AS (
                SELECT CAST(bucket AT TIME ZONE (SELECT v.timezone FROM event e JOIN venue v ON v.id = e.venue_id
                                                 WHERE e.id = ?1) AS date) AS day,
                       section, price, tickets, checked_in
                FROM buckets)
            SELECT CASE WHEN GROUPING(day) = 0 THEN 'DAY' WHEN GROUPING(section, price) = 0 THEN 'TIER' ELSE 'ALL' END,
                   to_char(day, 'YYYY-MM-DD'), section, CAST(price AS text), CAST(coalesce(sum(tickets), 0) AS bigint),
                   CAST(coalesce(sum(tickets * price), 0) AS text), CAST(coalesce(sum(checked_in), 0) AS bigint)
            FROM days
            GROUP BY GROUPING SETS ((), (day), (section, price))
            UNION ALL
            SELECT 'REFUND', NULL, NULL, NULL, CAST(coalesce(sum(quantity), 0) AS bigint),
                   CAST(coalesce(sum(total), 0) AS text), 0
            FROM orders
            WHERE event_id = ?1 AND status = 'REFUNDED'
            ORDER BY 1, 2, 3, 4""";

    /** Live tickets sold in one time bucket that starts at {@code at}. */
    record Bucket(Instant at, long tickets, BigDecimal revenue) {
    }

    /*
     * Buckets of bucketMinutes from a fixed origin (2000-01-01T00:00Z), so a bucket's start does not move between
     * calls; only non-empty ones, the newest maxBuckets, returned oldest first.
     */
    private static final String TIMELINE = """
            SELECT CAST(extract(epoch FROM at) AS bigint), tickets, revenue FROM (
                SELECT date_bin(make_interval(mins => ?2), t.created_at, TIMESTAMPTZ '2000-01-01 00:00:00Z') AS at,
                       count(*) AS tickets, CAST(coalesce(sum(t.price), 0) AS text) AS revenue
                FROM ticket t
                WHERE t.event_id = ?1 AND t.status <> 'VOID'
                GROUP BY 1
                ORDER BY 1 DESC
                LIMIT ?3) newest
            ORDER BY at""";

    public Uni<List<Bucket>> timeline(UUID eventId, int bucketMinutes, int maxBuckets) {
        return Panache.getSession().chain(session -> session.<Object[]> createNativeQuery(TIMELINE)
                .setParameter(1, eventId).setParameter(2, bucketMinutes).setParameter(3, maxBuckets).getResultList())
                .map(rows -> rows.stream().map(row -> new Bucket(Instant.ofEpochSecond(((Number) row[0]).longValue()),
                        ((Number) row[1]).longValue(), new BigDecimal((String) row[2]))).toList());
    }

    public Uni<List<Aggregate>> aggregates(UUID eventId) {
        return Panache.getSession().chain(session -> session.<Object[]> createNativeQuery(AGGREGATES)
                .setParameter(1, eventId).getResultList())
                .map(rows -> rows.stream().map(SalesRepository::aggregate).toList());
    }

    private static Aggregate aggregate(Object[] row) {
        return new Aggregate(Kind.valueOf((String) row[0]), (String) row[1], (String) row[2],
                row[3] == null ? null : new BigDecimal((String) row[3]), ((Number) row[4]).longValue(),
                new BigDecimal((String) row[5]), ((Number) row[6]).longValue());
    }
}

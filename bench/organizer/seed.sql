-- Seeds :tickets tickets (2 per order) of event :'event' directly in PostgreSQL, for the organizer views benchmark.
-- Layout expected (OrganizerBench creates it): ORCH 100 rows R1..R100 x 100 seats at 49.00, PIT standing at 25.00.
-- One order in 5 is seated (up to 10,000 seats), the rest standing; 1 order in 20 refunded (tickets VOID);
-- 1 live ticket in 5 checked in; purchases spread one minute apart backwards from now; 10,000 distinct buyers.
\set ON_ERROR_STOP on
BEGIN;
CREATE TEMP TABLE bench_buyer ON COMMIT DROP AS
    SELECT gen_random_uuid() AS id, i FROM generate_series(0, 9999) i;
INSERT INTO app_user (id, email, password_hash, display_name, role, created_at)
    SELECT id, 'bench-' || i || '-' || left(:'event', 8) || '@example.test', 'x', 'Buyer ' || i, 'ATTENDEE', now()
    FROM bench_buyer;

CREATE TEMP TABLE bench_order ON COMMIT DROP AS
    SELECT gen_random_uuid() AS id, n, b.id AS buyer, n <= least(5000, (:tickets / 2) / 5) AS seated,
           n % 20 = 0 AS refunded, date_trunc('milliseconds', now()) - n * interval '1 minute' AS at
    FROM generate_series(1, :tickets / 2) n JOIN bench_buyer b ON b.i = n % 10000;

INSERT INTO orders (id, event_id, buyer_id, hold_id, status, seats, section, quantity, total, currency,
                    payment_provider, created_at, updated_at, confirmed_at)
    SELECT id, CAST(:'event' AS uuid), buyer, 'bench-' || id, CASE WHEN refunded THEN 'REFUNDED' ELSE 'CONFIRMED' END,
           CASE WHEN seated THEN '["ORCH-R' || ((2 * n - 2) / 100 + 1) || '-' || ((2 * n - 2) % 100 + 1)
                                 || '","ORCH-R' || ((2 * n - 1) / 100 + 1) || '-' || ((2 * n - 1) % 100 + 1) || '"]'
                ELSE '[]' END,
           CASE WHEN seated THEN NULL ELSE 'PIT' END, 2, CASE WHEN seated THEN 98.00 ELSE 50.00 END, 'EUR',
           'simulated', at, at, at
    FROM bench_order;

INSERT INTO ticket (id, order_id, event_id, holder_id, section, seat_id, price, status, created_at, checked_in_at)
    SELECT gen_random_uuid(), o.id, CAST(:'event' AS uuid), o.buyer,
           CASE WHEN o.seated THEN 'ORCH' ELSE 'PIT' END,
           CASE WHEN o.seated THEN 'ORCH-R' || ((2 * o.n - 2 + k) / 100 + 1) || '-' || ((2 * o.n - 2 + k) % 100 + 1) END,
           CASE WHEN o.seated THEN 49.00 ELSE 25.00 END,
           CASE WHEN o.refunded THEN 'VOID' WHEN (2 * o.n + k) % 5 = 0 THEN 'CHECKED_IN' ELSE 'VALID' END,
           o.at,
           CASE WHEN NOT o.refunded AND (2 * o.n + k) % 5 = 0 THEN o.at + interval '1 day' END
    FROM bench_order o CROSS JOIN generate_series(0, 1) k;

UPDATE event_area SET sold = (SELECT count(*) FROM ticket WHERE event_id = CAST(:'event' AS uuid)
                                                           AND section = 'PIT' AND status <> 'VOID')
    WHERE event_id = CAST(:'event' AS uuid) AND section = 'PIT';
COMMIT;
VACUUM ANALYZE app_user, orders, ticket, event_area;

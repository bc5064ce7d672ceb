package io.bookit.fault;

import io.bookit.support.Fixtures;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A small concurrent sale on one event of {@code rows x seatsPerRow} seats (section ORCH) and a general-admission
 * area PIT: each buyer, in turn, holds a random seat (or one or two GA places) and orders it, with an
 * Idempotency-Key and a retry of the same key while the answer is 503, as a well-behaved client does; every fifth hold
 * is abandoned (left to expire). Many buyers want the same seats, so holds race. What each call answered is recorded
 * for the checks afterwards ({@link Invariants}); a call that answered 500 fails the sale.
 */
final class FaultSale {

    final String eventId;
    final int rows;
    final int seatsPerRow;
    final int gaCapacity;
    /** Orders answered 201 (by the first call or a retry of the same key). */
    final Set<String> confirmed = ConcurrentHashMap.newKeySet();
    /** Every status any call answered -> how many times. */
    final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    /** The slowest answer of the calls made, in ms. */
    final AtomicInteger slowestMs = new AtomicInteger();
    /** The slowest answer per call ("hold", "order") and status, in ms: which call was slow. */
    final Map<String, Integer> slowest = new ConcurrentHashMap<>();
    /** Calls answered 503, with the Retry-After header and the problem type they carried. */
    final List<String> unavailable = java.util.Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger rounds = new AtomicInteger();
    private final List<Fixtures.Account> buyers;
    private volatile boolean stopping;
    private ExecutorService pool;
    private final List<Future<?>> running = new ArrayList<>();

    private FaultSale(String eventId, int rows, int seatsPerRow, int gaCapacity, List<Fixtures.Account> buyers) {
        this.eventId = eventId;
        this.rows = rows;
        this.seatsPerRow = seatsPerRow;
        this.gaCapacity = gaCapacity;
        this.buyers = buyers;
    }

    static FaultSale prepare(int buyerCount, int rows, int seatsPerRow, int gaCapacity) {
        String eventId = Fixtures.event(Fixtures.organizer()).rows(rows).seatsPerRow(seatsPerRow).standing(gaCapacity)
                .maxPerOrder(4).onSale();
        List<Fixtures.Account> buyers = new ArrayList<>();
        for (int i = 0; i < buyerCount; i++) {
            buyers.add(Fixtures.attendee());
        }
        return new FaultSale(eventId, rows, seatsPerRow, gaCapacity, buyers);
    }

    /** Every buyer starts buying in a loop of their own until {@link #stop()}. */
    FaultSale start() {
        pool = Executors.newFixedThreadPool(buyers.size());
        for (Fixtures.Account buyer : buyers) {
            running.add(pool.submit(() -> {
                while (!stopping) {
                    round(buyer);
                    rounds.incrementAndGet();
                }
                return null;
            }));
        }
        return this;
    }

    /** Lets the buyers finish their current round; fails if any call failed unexpectedly. */
    void stop() throws Exception {
        stopping = true;
        try {
            for (Future<?> buyer : running) {
                buyer.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    int count(int status) {
        AtomicInteger n = statuses.get(status);
        return n == null ? 0 : n.get();
    }

    private void round(Fixtures.Account buyer) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Map<String, Object> body = gaCapacity > 0 && random.nextInt(4) == 0
                ? Map.of("section", "PIT", "quantity", 1 + random.nextInt(2))
                : Map.of("seats", List.of("ORCH-" + Fixtures.rowLabel(random.nextInt(rows)) + "-"
                        + (1 + random.nextInt(seatsPerRow))));
        Response hold = timed("hold", () -> Fixtures.hold(buyer, eventId, body));
        if (hold.statusCode() != 201) {
            pause(); // taken, sold out or unavailable: try again a moment later
            return;
        }
        if (random.nextInt(5) == 0) {
            return; // abandoned: the sweeper frees it
        }
        String holdId = hold.path("id");
        String key = UUID.randomUUID().toString();
        long giveUpAt = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            Response order = timed("order", () -> buyer.as().header("Idempotency-Key", key).body(Map.of("holdId", holdId))
                    .post("/api/orders"));
            if (order.statusCode() == 201 || order.statusCode() == 200) {
                confirmed.add(order.path("id"));
                return;
            }
            if (order.statusCode() != 503 || System.nanoTime() > giveUpAt) {
                return; // 409/410: the hold was lost (expired while the service was away); nothing was charged
            }
            pause();
        }
    }

    private Response timed(String name, java.util.function.Supplier<Response> call) {
        long start = System.nanoTime();
        Response response = call.get();
        int ms = (int) ((System.nanoTime() - start) / 1_000_000);
        slowestMs.accumulateAndGet(ms, Math::max);
        slowest.merge(name + " " + response.statusCode(), ms, Math::max);
        statuses.computeIfAbsent(response.statusCode(), s -> new AtomicInteger()).incrementAndGet();
        if (response.statusCode() == 503) {
            unavailable.add(response.header("Retry-After") + " " + response.contentType() + " "
                    + response.path("type"));
        }
        if (response.statusCode() >= 500 && response.statusCode() != 503) {
            throw new AssertionError("Answered " + response.statusCode() + ": " + response.asString());
        }
        return response;
    }

    /** A client's back-off between two tries (a fraction of a second; not a test's wait for a condition). */
    private static void pause() {
        LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
    }
}

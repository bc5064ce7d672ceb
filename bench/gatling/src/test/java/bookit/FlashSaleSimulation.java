package bookit;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A realistic flash sale (issue 22): BUYERS buyers who want 1 or 2 seats each (odd buyers 1, even buyers 2), at most
 * CONCURRENCY of them at a time, each with a token of their own that the app has never seen; best-available hold,
 * then an order paid by the simulated provider; a 409 for a 2-seat hold makes the buyer try 1 seat, a 409 for 1
 * seat sends them home; 429 and 503 are answered by waiting Retry-After. Warm-up sales of the same shape run first
 * (events of their own; one set of warm-up buyers, who may buy in every event) so that the JIT has settled: after one
 * sale the per-order code has run ~1,300 times, below C2's thresholds, and the compiler threads still spend a third
 * of the app's CPU. Accounts and events are made through the public API before the sales.
 *
 * <p>Closed model by default (CONCURRENCY buyers at a time, as buyers let through a queue); with arrivalsPerSecond
 * above 0 the measured sale is an open model instead: a new buyer arrives at that rate whatever the app's latency,
 * which is how the latency goals at 70 % of capacity are measured.
 *
 * <p>System properties (defaults): baseUrl (http://127.0.0.1:8080), buyers (1500), concurrency (64),
 * arrivalsPerSecond (0: closed model), rows (40), seatsPerRow (50), warmupSales (8; 0 for none); appPid, redisPid,
 * rabbitPid and pgDb (bookit_bench) for the CPU figures read from /proc; out (target/sale) for
 * sale-result.properties, sale-timeline.csv and sale-requests.csv.
 */
public class FlashSaleSimulation extends Simulation {

    static final String BASE_URL = System.getProperty("baseUrl", "http://127.0.0.1:8080");
    static final int BUYERS = Integer.getInteger("buyers", 1500);
    static final int CONCURRENCY = Integer.getInteger("concurrency", 64);
    static final double ARRIVALS_PER_SECOND = Double.parseDouble(System.getProperty("arrivalsPerSecond", "0"));
    static final int ROWS = Integer.getInteger("rows", 40);
    static final int SEATS_PER_ROW = Integer.getInteger("seatsPerRow", 50);
    static final int WARMUP_SALES = Integer.getInteger("warmupSales", 8);
    static final String PASSWORD = "flash-sale-password";
    static final Path OUT = Path.of(System.getProperty("out", "target/sale"));
    static final String RUN = Long.toString(System.currentTimeMillis(), 36);

    final ProcCpu cpu = new ProcCpu(Long.getLong("appPid", 0), Long.getLong("redisPid", 0), Long.getLong("rabbitPid", 0),
            System.getProperty("pgDb", "bookit_bench"));

    /** One sale: its event, its buyers' tokens, what it sold. */
    static final class Sale {
        final String name;
        volatile String eventId;
        final Queue<String[]> buyers = new ConcurrentLinkedQueue<>();
        final AtomicInteger sold = new AtomicInteger();
        final AtomicInteger orders = new AtomicInteger();
        final AtomicInteger refusedHolds = new AtomicInteger();
        final AtomicInteger waits = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicInteger finishedBuyers = new AtomicInteger();

        Sale(String name) {
            this.name = name;
        }
    }

    final List<Sale> warmups = java.util.stream.IntStream.rangeClosed(1, WARMUP_SALES)
            .mapToObj(i -> new Sale("warmup" + i)).toList();
    final Sale sale = new Sale("sale");
    final AtomicInteger accountsMade = new AtomicInteger();
    final AtomicBoolean started = new AtomicBoolean();
    volatile ProcCpu.Snapshot start;
    volatile long startEpochMs;
    volatile ProcCpu.Snapshot saleEnd;
    volatile long saleEndNanos;
    final List<String> requests = java.util.Collections.synchronizedList(new ArrayList<>());
    final List<String> timeline = java.util.Collections.synchronizedList(new ArrayList<>());
    volatile boolean sampling = true;

    final HttpProtocolBuilder protocol = http.baseUrl(BASE_URL)
            .acceptHeader("application/json")
            .contentTypeHeader("application/json")
            .userAgentHeader("bookit-gatling");

    // ---- set-up: an organizer, a venue, two published events, the buyers' accounts and tokens

    static ChainBuilder account(String email, String role) {
        return exec(http("register").post("/api/auth/register")
                        .body(StringBody("{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD
                                + "\",\"displayName\":\"" + email + "\",\"role\":\"" + role + "\"}"))
                        .check(status().is(201)))
                .exec(http("login").post("/api/auth/login")
                        .body(StringBody("{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}"))
                        .check(status().is(200), jsonPath("$.accessToken").saveAs("token")));
    }

    static String venueBody() {
        StringBuilder rows = new StringBuilder();
        for (int r = 1; r <= ROWS; r++) {
            rows.append(r == 1 ? "" : ",").append("{\"label\":\"R").append(r).append("\",\"seats\":").append(SEATS_PER_ROW).append('}');
        }
        return "{\"name\":\"Flash sale hall " + RUN + "\",\"address\":\"1 Load St\",\"timezone\":\"UTC\","
                + "\"sections\":[{\"key\":\"ORCH\",\"name\":\"Orchestra\",\"kind\":\"SEATED\",\"rows\":[" + rows + "]}]}";
    }

    /** Creates and publishes the event of the session's "target" sale. */
    ChainBuilder event() {
        return exec(http("event").post("/api/events")
                        .header("Authorization", "Bearer #{token}")
                        .body(StringBody(session -> "{\"venueId\":\"" + session.getString("venueId") + "\",\"name\":\"Flash sale "
                                + session.<Sale>get("target").name + " " + RUN
                                + "\",\"description\":\"Gatling flash sale\",\"startsAt\":\"2030-01-01T19:00:00Z\","
                                + "\"endsAt\":\"2030-01-01T22:00:00Z\",\"currency\":\"EUR\","
                                + "\"prices\":[{\"section\":\"ORCH\",\"price\":\"49.00\"}],"
                                + "\"maxSeatsPerOrder\":4,\"maxSeatsPerUser\":4}"))
                        .check(status().is(201), jsonPath("$.id").saveAs("eventId")))
                .exec(http("publish").post("/api/events/#{eventId}/publish")
                        .header("Authorization", "Bearer #{token}")
                        .check(status().is(200)))
                .exec(session -> {
                    session.<Sale>get("target").eventId = session.getString("eventId");
                    return session;
                });
    }

    final ScenarioBuilder organizer = scenario("organizer")
            .exec(account("organizer-" + RUN + "@flash-sale.bookit.dev", "ORGANIZER"))
            .exec(http("venue").post("/api/venues")
                    .header("Authorization", "Bearer #{token}")
                    .body(StringBody(venueBody()))
                    .check(status().is(201), jsonPath("$.id").saveAs("venueId")))
            .foreach(warmups, "warmup").on(exec(session -> session.set("target", session.get("warmup"))).exec(event()))
            .exec(session -> session.set("target", sale)).exec(event());

    final ScenarioBuilder accounts = scenario("accounts")
            .asLongAs(session -> accountsMade.get() < accountsWanted()).on(
                    exec(session -> session.set("n", accountsMade.getAndIncrement()))
                            .doIf(session -> session.getInt("n") < accountsWanted()).then(
                                    exec(account("buyer#{n}-" + RUN + "@flash-sale.bookit.dev", "ATTENDEE"))
                                            .exec(session -> {
                                                int n = session.getInt("n");
                                                // odd buyers want 1 seat, even buyers 2: 1,500 buyers want 2,250 seats
                                                String[] buyer = {session.getString("token"), Integer.toString(1 + n % 2)};
                                                if (n < BUYERS) {
                                                    sale.buyers.add(buyer);
                                                } else {
                                                    warmups.forEach(warmup -> warmup.buyers.add(buyer));
                                                }
                                                return session;
                                            })));

    /** The measured sale's buyers, then one set of warm-up buyers (the same people buy in every warm-up event). */
    static int accountsWanted() {
        return (WARMUP_SALES > 0 ? 2 : 1) * BUYERS;
    }

    // ---- the sale: CONCURRENCY buyers at a time, until every buyer has had their turn

    /** 429 or 503: wait what Retry-After says (1 s when it says nothing), then try again. */
    ChainBuilder waitRetryAfter(Sale target) {
        return exec(session -> {
            target.waits.incrementAndGet();
            return session;
        }).pause(session -> Duration.ofSeconds(session.contains("retryAfter")
                ? Math.max(1, Long.parseLong(session.getString("retryAfter"))) : 1));
    }

    static boolean busy(Session session) {
        return session.contains("status") && (session.getInt("status") == 429 || session.getInt("status") == 503);
    }

    void record(Session session, String name, long nanos) {
        if (session.contains("status")) {
            requests.add(String.format(Locale.ROOT, "%.3f,%s,%d,%d", (nanos - start.nanos()) / 1e9, name,
                    session.getInt("rt"), session.getInt("status")));
        }
    }

    ChainBuilder hold(Sale target, boolean measured) {
        return exec(session -> session.remove("status").remove("holdId").remove("retryAfter"))
                .exec(http("hold").post("/api/events/" + "#{eventId}" + "/holds")
                        .header("Authorization", "Bearer #{token}")
                        .body(StringBody("{\"bestAvailable\":{\"quantity\":#{quantity}}}"))
                        .check(status().in(201, 409, 429, 503).saveAs("status"),
                                responseTimeInMillis().saveAs("rt"),
                                header("Retry-After").optional().saveAs("retryAfter"),
                                jsonPath("$.id").optional().saveAs("holdId")))
                .exec(session -> {
                    if (measured) {
                        record(session, "hold", System.nanoTime());
                    }
                    if (!session.contains("status")) {
                        target.failed.incrementAndGet();
                        return session.set("done", true);
                    }
                    int status = session.getInt("status");
                    if (status == 201) {
                        return session.set("held", true);
                    }
                    if (status == 409) {
                        target.refusedHolds.incrementAndGet();
                        // a buyer who wanted 2 seats settles for 1; a buyer refused 1 seat goes home
                        return "2".equals(session.getString("quantity")) ? session.set("quantity", "1")
                                : session.set("done", true);
                    }
                    return session;
                })
                .doIf(FlashSaleSimulation::busy).then(waitRetryAfter(target));
    }

    ChainBuilder order(Sale target, boolean measured) {
        return exec(session -> session.remove("status").remove("retryAfter").remove("orderStatus"))
                .exec(http("order").post("/api/orders")
                        .header("Authorization", "Bearer #{token}")
                        .body(StringBody("{\"holdId\":\"#{holdId}\"}"))
                        .check(status().in(201, 429, 503).saveAs("status"),
                                responseTimeInMillis().saveAs("rt"),
                                header("Retry-After").optional().saveAs("retryAfter"),
                                jsonPath("$.status").optional().saveAs("orderStatus"),
                                jsonPath("$.quantity").ofInt().optional().saveAs("orderQuantity")))
                .exec(session -> {
                    if (measured) {
                        record(session, "order", System.nanoTime());
                    }
                    if (!session.contains("status")) {
                        target.failed.incrementAndGet();
                        return session.set("ordered", true);
                    }
                    if (session.getInt("status") != 201) {
                        return session;
                    }
                    if ("CONFIRMED".equals(session.getString("orderStatus"))) {
                        target.sold.addAndGet(session.getInt("orderQuantity"));
                        target.orders.incrementAndGet();
                    } else {
                        target.failed.incrementAndGet();
                    }
                    return session.set("ordered", true);
                })
                .doIf(FlashSaleSimulation::busy).then(waitRetryAfter(target));
    }

    ChainBuilder buyer(Sale target, boolean measured) {
        return exec(session -> session.set("done", false).set("held", false).set("ordered", false))
                .asLongAs(session -> !session.getBoolean("done") && !session.getBoolean("held"))
                .on(hold(target, measured))
                .doIf(session -> session.getBoolean("held"))
                .then(asLongAs(session -> !session.getBoolean("ordered")).on(order(target, measured)));
    }

    /** Closed model: each virtual user serves buyers until none is left. Open model: one buyer a virtual user. */
    ScenarioBuilder saleScenario(Sale target, boolean measured, boolean open) {
        ChainBuilder nextBuyer = exec(session -> {
            String[] buyer = target.buyers.poll();
            return buyer == null ? session.set("token", "").set("quantity", "0")
                    : session.set("token", buyer[0]).set("quantity", buyer[1]);
        }).doIf(session -> !session.getString("token").isEmpty()).then(group("buyer").on(buyer(target, measured))
                .exec(session -> {
                    // the measured sale ends when its last buyer is done (in either model)
                    if (measured && target.finishedBuyers.incrementAndGet() == BUYERS) {
                        saleEnd = cpu.snapshot();
                        saleEndNanos = System.nanoTime();
                    }
                    return session;
                }));
        return scenario(target.name)
                .exec(session -> {
                    if (measured && started.compareAndSet(false, true)) {
                        start = cpu.snapshot();
                        startEpochMs = System.currentTimeMillis();
                        startSampler();
                    }
                    return session.set("eventId", target.eventId);
                })
                .exec(open ? nextBuyer : asLongAs(session -> !target.buyers.isEmpty()).on(nextBuyer));
    }

    void startSampler() {
        Thread sampler = new Thread(() -> {
            while (sampling) {
                ProcCpu.Snapshot now = cpu.snapshot();
                long[] ticks = now.since(start);
                timeline.add(String.format(Locale.ROOT, "%.3f,%d,%d,%d,%d,%d,%d", (now.nanos() - start.nanos()) / 1e9,
                        sale.sold.get(), ticks[0], ticks[1], ticks[2], ticks[3], ticks[4]));
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "cpu-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    {
        var accountsStep = accounts.injectOpen(atOnceUsers(8));
        var sales = ARRIVALS_PER_SECOND > 0
                // exactly BUYERS arrivals, evenly spread: ARRIVALS_PER_SECOND a second
                ? saleScenario(sale, true, true).injectOpen(rampUsers(BUYERS)
                        .during(Duration.ofMillis(Math.round(BUYERS * 1000 / ARRIVALS_PER_SECOND))))
                : saleScenario(sale, true, false).injectOpen(atOnceUsers(CONCURRENCY));
        if (!warmups.isEmpty()) {
            // the warm-ups' outbox rows and consumers finish before the measured sale starts: their work is not its
            sales = scenario("quiet").exec(session -> {
                awaitQuiet(Duration.ofMinutes(5));
                return session;
            }).injectOpen(atOnceUsers(1)).andThen(sales);
        }
        for (int i = warmups.size() - 1; i >= 0; i--) {
            sales = saleScenario(warmups.get(i), false, false).injectOpen(atOnceUsers(CONCURRENCY)).andThen(sales);
        }
        setUp(organizer.injectOpen(atOnceUsers(1)).andThen(accountsStep.andThen(sales)))
                .protocols(protocol);
    }

    /** After the sale: wait until the outbox and the consumers are done (their work is part of a sale). */
    @Override
    public void after() {
        ProcCpu.Snapshot drained = awaitQuiet(Duration.ofSeconds(120));
        sampling = false;
        try {
            write(drained);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Ticks a second that an idle app or broker stays under (the app's schedulers and the relay's polling). */
    static final long QUIET_TICKS = 5;

    /**
     * Waits until the outbox has no unpublished row and then the app and the broker spend at most QUIET_TICKS in a
     * second (the consumers are done: a published message may still sit in a queue); returns the snapshot taken at
     * the start of that quiet second, so that the idle second itself is not counted.
     */
    ProcCpu.Snapshot awaitQuiet(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        ProcCpu.Snapshot before = cpu.snapshot();
        while (System.nanoTime() < deadline) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            ProcCpu.Snapshot now = cpu.snapshot();
            long[] ticks = now.since(before);
            if (ticks[0] <= QUIET_TICKS && ticks[4] <= QUIET_TICKS && unpublished() == 0) {
                return before;
            }
            before = now;
        }
        return before;
    }

    long unpublished() {
        try {
            Process psql = new ProcessBuilder("psql", "-h", "127.0.0.1", "-U", "postgres", "-d",
                    System.getProperty("pgDb", "bookit_bench"), "-tAc",
                    "SELECT count(*) FROM outbox_message WHERE published_at IS NULL").redirectErrorStream(true).start();
            String out = new String(psql.getInputStream().readAllBytes()).trim();
            psql.waitFor();
            return Long.parseLong(out);
        } catch (IOException | NumberFormatException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    void write(ProcCpu.Snapshot drained) throws IOException {
        Files.createDirectories(OUT);
        if (start == null || saleEnd == null) {
            Files.writeString(OUT.resolve("sale-result.properties"), "complete=false\n");
            return;
        }
        long[] all = drained.since(start);
        long[] selling = saleEnd.since(start);
        int seats = Math.max(1, sale.sold.get());
        double ms = ProcCpu.MS_PER_TICK;
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(OUT.resolve("sale-result.properties")))) {
            out.println("eventId=" + sale.eventId);
            out.println("seatsSold=" + sale.sold.get());
            out.println("orders=" + sale.orders.get());
            out.println("refusedHolds=" + sale.refusedHolds.get());
            out.println("retryAfterWaits=" + sale.waits.get());
            out.println("failed=" + sale.failed.get());
            out.println("warmupSales=" + warmups.size());
            out.println("warmupSeatsSold=" + warmups.stream().mapToInt(warmup -> warmup.sold.get()).sum());
            out.println("startEpochMs=" + startEpochMs);
            out.printf(Locale.ROOT, "saleSeconds=%.3f%n", (saleEndNanos - start.nanos()) / 1e9);
            out.printf(Locale.ROOT, "drainSeconds=%.3f%n", (drained.nanos() - saleEndNanos) / 1e9);
            // app, PostgreSQL and Redis until the outbox is drained; the generator until its last answer
            out.printf(Locale.ROOT, "cpuMsPerSeat.app=%.3f%n", all[0] * ms / seats);
            out.printf(Locale.ROOT, "cpuMsPerSeat.postgres=%.3f%n", all[1] * ms / seats);
            out.printf(Locale.ROOT, "cpuMsPerSeat.redis=%.3f%n", all[2] * ms / seats);
            out.printf(Locale.ROOT, "cpuMsPerSeat.generator=%.3f%n", selling[3] * ms / seats);
            out.printf(Locale.ROOT, "cpuMsPerSeat.rabbitmq=%.3f%n", all[4] * ms / seats);
            // the app's CPU by thread kind (JIT compilers, GC, event loops, workers, other)
            long[] threads = drained.appThreadsSince(start);
            for (ProcCpu.ThreadKind kind : ProcCpu.ThreadKind.values()) {
                out.printf(Locale.ROOT, "appThreadsMsPerSeat.%s=%.3f%n", kind.key, threads[kind.ordinal()] * ms / seats);
            }
            // a process that ended during the sale (the app killed) reads 0: the figures would be nonsense
            out.println("complete=" + (drained.app() > 0 && sale.failed.get() == 0));
            out.printf(Locale.ROOT, "arrivalsPerSecond=%.1f%n", ARRIVALS_PER_SECOND);
            for (String request : List.of("hold", "order")) {
                double[] times = latencies(request);
                for (double percentile : new double[] {50, 95, 99}) {
                    out.printf(Locale.ROOT, "%sP%.0fMs=%.0f%n", request, percentile, times.length == 0 ? Double.NaN
                            : times[(int) Math.min(times.length - 1, Math.ceil(percentile / 100 * times.length) - 1)]);
                }
            }
        }
        Files.write(OUT.resolve("sale-requests.csv"), prepend("seconds,request,ms,status", requests));
        Files.write(OUT.resolve("sale-timeline.csv"),
                prepend("seconds,sold,app_ticks,postgres_ticks,redis_ticks,generator_ticks,rabbitmq_ticks", timeline));
    }

    /** Response times in ms of the measured sale's answered requests of one kind, sorted. */
    double[] latencies(String request) {
        synchronized (requests) {
            return requests.stream().map(line -> line.split(",")).filter(f -> f[1].equals(request))
                    .mapToDouble(f -> Double.parseDouble(f[2])).sorted().toArray();
        }
    }

    static List<String> prepend(String header, List<String> lines) {
        List<String> all = new ArrayList<>();
        all.add(header);
        synchronized (lines) {
            all.addAll(lines);
        }
        return all;
    }
}

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
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The soak run (issue 21, "Also"): mixed traffic for a long time at a steady rate, to see whether anything grows
 * (bench/soak.sh samples the app's RSS and heap after a full GC every minute). An open model: SHOPPERS_PER_SECOND
 * shoppers arrive each second for DURATION_MINUTES; each browses (the event list, one event, its seat map), then
 * half leave, a quarter hold 1-2 seats (best available) and release them, a quarter hold and order (simulated
 * payment). LIVE sockets watch the live seat map all along, each reconnecting every minute. Shoppers buy on one event
 * at a time and move to the next when it is sold out (EVENTS events of rows x seatsPerRow seats, the flash sale's hall).
 *
 * <p>System properties (defaults): baseUrl (http://127.0.0.1:8080), durationMinutes (20), shoppersPerSecond (40),
 * live (40), events (12), rows (40), seatsPerRow (50), accounts (1000), out (target/soak) for soak-requests.csv and
 * soak-minutes.csv (per minute and request: count, errors, p50, p99, max in ms).
 */
public class SoakSimulation extends Simulation {

    static final String BASE_URL = System.getProperty("baseUrl", "http://127.0.0.1:8080");
    static final int DURATION_MINUTES = Integer.getInteger("durationMinutes", 20);
    static final int SHOPPERS_PER_SECOND = Integer.getInteger("shoppersPerSecond", 40);
    static final int LIVE = Integer.getInteger("live", 40);
    static final int EVENTS = Integer.getInteger("events", 12);
    static final int ACCOUNTS = Integer.getInteger("accounts", 1000);
    static final Path OUT = Path.of(System.getProperty("out", "target/soak"));
    static final String RUN = Long.toString(System.currentTimeMillis(), 36);

    final List<String> events = new CopyOnWriteArrayList<>();
    final List<String> tokens = new CopyOnWriteArrayList<>();
    final AtomicInteger current = new AtomicInteger();
    final AtomicInteger accountsMade = new AtomicInteger();
    final AtomicInteger nextToken = new AtomicInteger();
    final ConcurrentLinkedQueue<String> requests = new ConcurrentLinkedQueue<>();
    volatile long startNanos;

    final HttpProtocolBuilder protocol = http.baseUrl(BASE_URL)
            .wsBaseUrl(BASE_URL.replaceFirst("^http", "ws"))
            .acceptHeader("application/json")
            .contentTypeHeader("application/json")
            .userAgentHeader("bookit-gatling-soak");

    // ---- set-up: an organizer, a venue, EVENTS published events, ACCOUNTS buyers with their tokens

    // accounts and the hall as the flash sale makes them (FlashSaleSimulation: same rows and seatsPerRow properties)

    final ScenarioBuilder organizer = scenario("organizer")
            .exec(FlashSaleSimulation.account("organizer-" + RUN + "@soak.bookit.dev", "ORGANIZER"))
            .exec(http("venue").post("/api/venues")
                    .header("Authorization", "Bearer #{token}")
                    .body(StringBody(FlashSaleSimulation.venueBody()))
                    .check(status().is(201), jsonPath("$.id").saveAs("venueId")))
            .repeat(EVENTS, "e").on(
                    exec(http("event").post("/api/events")
                            .header("Authorization", "Bearer #{token}")
                            .body(StringBody("{\"venueId\":\"#{venueId}\",\"name\":\"Soak #{e} " + RUN
                                    + "\",\"description\":\"Gatling soak\",\"startsAt\":\"2030-01-01T19:00:00Z\","
                                    + "\"endsAt\":\"2030-01-01T22:00:00Z\",\"currency\":\"EUR\","
                                    + "\"prices\":[{\"section\":\"ORCH\",\"price\":\"49.00\"}],"
                                    + "\"maxSeatsPerOrder\":4,\"maxSeatsPerUser\":4}"))
                            .check(status().is(201), jsonPath("$.id").saveAs("eventId")))
                            .exec(http("publish").post("/api/events/#{eventId}/publish")
                                    .header("Authorization", "Bearer #{token}")
                                    .check(status().is(200)))
                            .exec(session -> {
                                events.add(session.getString("eventId"));
                                return session;
                            }));

    final ScenarioBuilder accounts = scenario("accounts")
            .asLongAs(session -> accountsMade.get() < ACCOUNTS).on(
                    exec(session -> session.set("n", accountsMade.getAndIncrement()))
                            .doIf(session -> session.getInt("n") < ACCOUNTS).then(
                                    exec(FlashSaleSimulation.account("soak#{n}-" + RUN + "@soak.bookit.dev", "ATTENDEE"))
                                            .exec(session -> {
                                                tokens.add(session.getString("token"));
                                                return session;
                                            })));

    // ---- the soak

    /** Records the last call's answer time and status for the per-minute figures. */
    ChainBuilder recorded(String name, ChainBuilder call) {
        return exec(session -> session.remove("status").remove("rt"))
                .exec(call)
                .exec(session -> {
                    if (startNanos == 0) {
                        startNanos = System.nanoTime();
                    }
                    requests.add(String.format(Locale.ROOT, "%.3f,%s,%d,%d", (System.nanoTime() - startNanos) / 1e9,
                            name, session.contains("rt") ? session.getInt("rt") : -1,
                            session.contains("status") ? session.getInt("status") : 0));
                    return session;
                });
    }

    Session pickShopper(Session session) {
        String token = tokens.get(Math.floorMod(nextToken.getAndIncrement(), tokens.size()));
        int event = Math.min(current.get(), events.size() - 1);
        return session.set("token", token).set("eventIndex", event).set("eventId", events.get(event))
                .set("quantity", 1 + ThreadLocalRandom.current().nextInt(2));
    }

    ChainBuilder browse() {
        return recorded("list", exec(http("list").get("/api/events?size=20")
                        .check(status().saveAs("status"), responseTimeInMillis().saveAs("rt"))))
                .exec(recorded("event", exec(http("event").get("/api/events/#{eventId}")
                        .check(status().saveAs("status"), responseTimeInMillis().saveAs("rt")))))
                .exec(recorded("seatmap", exec(http("seatmap").get("/api/events/#{eventId}/seats")
                        .check(status().saveAs("status"), responseTimeInMillis().saveAs("rt")))));
    }

    ChainBuilder hold() {
        return recorded("hold", exec(http("hold").post("/api/events/#{eventId}/holds")
                .header("Authorization", "Bearer #{token}")
                .body(StringBody("{\"bestAvailable\":{\"quantity\":#{quantity}}}"))
                .check(status().in(201, 409, 429, 503).saveAs("status"), responseTimeInMillis().saveAs("rt"),
                        jsonPath("$.id").optional().saveAs("holdId"))))
                .exec(session -> {
                    // sold out (or this buyer's cap reached): the shoppers move on to the next event
                    if (session.getInt("status") == 409) {
                        current.compareAndSet(session.getInt("eventIndex"), session.getInt("eventIndex") + 1);
                    }
                    return session;
                });
    }

    final ScenarioBuilder shoppers = scenario("shoppers")
            .exec(this::pickShopper)
            .exec(browse())
            .randomSwitch().on(
                    percent(25).then(exec(hold()).doIf(session -> session.contains("holdId")).then(
                            recorded("release", exec(http("release").delete("/api/holds/#{holdId}")
                                    .header("Authorization", "Bearer #{token}")
                                    .check(status().in(204, 404, 410, 503).saveAs("status"),
                                            responseTimeInMillis().saveAs("rt")))))),
                    percent(25).then(exec(hold()).doIf(session -> session.contains("holdId")).then(
                            recorded("order", exec(http("order").post("/api/orders")
                                    .header("Authorization", "Bearer #{token}")
                                    .body(StringBody("{\"holdId\":\"#{holdId}\"}"))
                                    .check(status().in(201, 409, 410, 429, 503).saveAs("status"),
                                            responseTimeInMillis().saveAs("rt")))))));

    /** A live seat map watcher: a socket on the current event for a minute, then a new one, until the end. */
    final ScenarioBuilder live = scenario("live")
            .during(Duration.ofMinutes(DURATION_MINUTES)).on(
                    exec(session -> session.set("eventId", events.get(Math.min(current.get(), events.size() - 1))))
                            .exec(ws("live").connect("/api/events/#{eventId}/seats/live"))
                            .pause(Duration.ofSeconds(55), Duration.ofSeconds(65))
                            .exec(ws("live close").close()));

    {
        var soak = shoppers.injectOpen(rampUsersPerSec(1).to(SHOPPERS_PER_SECOND).during(Duration.ofSeconds(30)),
                constantUsersPerSec(SHOPPERS_PER_SECOND).during(Duration.ofMinutes(DURATION_MINUTES).minusSeconds(30)));
        setUp(organizer.injectOpen(atOnceUsers(1)).andThen(accounts.injectOpen(atOnceUsers(8))
                        .andThen(soak, live.injectOpen(rampUsers(LIVE).during(Duration.ofSeconds(30))))))
                .protocols(protocol);
    }

    @Override
    public void after() {
        try {
            write();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** soak-requests.csv (every call) and soak-minutes.csv (per minute and request: count, errors, p50/p99/max). */
    void write() throws IOException {
        Files.createDirectories(OUT);
        List<String> all = new ArrayList<>(requests);
        List<String> lines = new ArrayList<>();
        lines.add("seconds,request,ms,status");
        lines.addAll(all);
        Files.write(OUT.resolve("soak-requests.csv"), lines);
        Map<String, List<int[]>> byMinute = new TreeMap<>();
        for (String line : all) {
            String[] f = line.split(",");
            int minute = (int) (Double.parseDouble(f[0]) / 60);
            byMinute.computeIfAbsent(String.format(Locale.ROOT, "%03d,%s", minute, f[1]), k -> new ArrayList<>())
                    .add(new int[] {Integer.parseInt(f[2]), Integer.parseInt(f[3])});
        }
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(OUT.resolve("soak-minutes.csv")))) {
            out.println("minute,request,count,errors,p50_ms,p99_ms,max_ms");
            byMinute.forEach((key, calls) -> {
                int[] ms = calls.stream().mapToInt(c -> c[0]).sorted().toArray();
                long errors = calls.stream().filter(c -> c[1] == 0 || c[1] >= 500).count();
                out.printf(Locale.ROOT, "%s,%d,%d,%d,%d,%d%n", key, ms.length, errors, ms[ms.length / 2],
                        ms[Math.min(ms.length - 1, (int) Math.ceil(ms.length * 0.99) - 1)], ms[ms.length - 1]);
            });
        }
    }
}

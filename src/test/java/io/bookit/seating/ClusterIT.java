package io.bookit.seating;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bookit.support.AppInstance;
import io.bookit.support.Fixtures;
import io.bookit.support.Haproxy;
import io.bookit.support.PackagedApp;
import io.bookit.support.Parallel;
import io.bookit.support.RedisClusterNodes;
import io.bookit.support.TestBroker;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bookit past one machine, with local processes in the topology of src/main/docker/compose-cluster.yml: a real Redis
 * Cluster (six nodes, three shards, on ports 7100-7105 and their bus ports 17100-17105, {@link RedisClusterNodes};
 * another build beside this one gives {@code -Dbookit.test.cluster-ports=FIRST}), two instances of the packaged app on
 * it and one PostgreSQL database of the build's own, and HAProxy in front with the compose file's haproxy.cfg (the
 * instances and HAProxy on ports the kernel picked). Only documented settings: {@code QUARKUS_REDIS_CLIENT_TYPE=cluster},
 * {@code QUARKUS_REDIS_HOSTS}, the proxy settings of docs/OPERATIONS.md.
 * <p>
 * Holds, a sale and the live seat map work across the two, the live map's feed travels by sharded pub/sub, no
 * request meets a cross-slot or redirect error, and a rolling restart under a steady sale fails no request while
 * live maps catch up within two seconds. About two minutes.
 */
class ClusterIT {

    static final String DATABASE = PackagedApp.database("cluster");
    static final int FIRST_REDIS_PORT = Integer.getInteger("bookit.test.cluster-ports", 7100);

    static RedisClusterNodes redis;
    static AppInstance a;
    static AppInstance b;
    static Haproxy balancer;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisClusterNodes.start(FIRST_REDIS_PORT);
        PackagedApp.recreateDatabase(DATABASE);
        TestBroker.ensureVhost();
        a = AppInstance.start("cluster-a", PackagedApp.freePort(), PackagedApp.freePort(), services()); // migrates the schema first
        b = AppInstance.start("cluster-b", PackagedApp.freePort(), PackagedApp.freePort(), services());
        balancer = Haproxy.start(PackagedApp.freePort(), PackagedApp.freePort(), a, b);
        RestAssured.port = balancer.port;
    }

    /** The documented cluster configuration: client type and the nodes; nothing else about Redis. Behind HAProxy. */
    static Map<String, String> services() {
        Map<String, String> env = new HashMap<>(PackagedApp.services(DATABASE, redis.hosts()));
        env.put("QUARKUS_REDIS_CLIENT_TYPE", "cluster");
        env.put("QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING", "true");
        env.put("QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED", "true");
        env.put("QUARKUS_HTTP_PROXY_TRUSTED_PROXIES", "127.0.0.1");
        return env;
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[] {balancer, a, b, redis}) {
            if (closeable != null) {
                closeable.close();
            }
        }
        RestAssured.reset();
    }

    @Test
    void changesThroughEitherInstanceReachLiveMapsOnBothByShardedPubSubWithoutGaps() throws Exception {
        Fixtures.Account buyer = Fixtures.attendee();
        String eventId = Fixtures.event(Fixtures.organizer()).rows(2).seatsPerRow(6).standing(50).maxPerOrder(6)
                .onSale();
        String channel = EventKeys.of(UUID.fromString(eventId)).feed();
        LiveView onA = new LiveView();
        LiveView onB = new LiveView();
        List<WebSocket> sockets = List.of(connect(a.port, eventId, onA), connect(b.port, eventId, onB));
        await().atMost(Duration.ofSeconds(20)).until(() -> onA.snapshots() == 1 && onB.snapshots() == 1);
        // one sharded subscription per instance, on the shard of the event's slot; nothing on plain pub/sub
        assertThat(redis.subscribers("SHARDNUMSUB", channel)).isEqualTo(2);
        assertThat(redis.subscribers("NUMSUB", channel)).isZero();

        String first = buyer.as().port(a.port).body(Map.of("seats", List.of("ORCH-A-1", "ORCH-A-2")))
                .post("/api/events/" + eventId + "/holds").then().statusCode(201).extract().path("id"); // through A
        await().atMost(Duration.ofSeconds(10)).until(() -> "HELD".equals(onB.seat("ORCH-A-2")));
        given().port(b.port).header("Authorization", "Bearer " + buyer.token()).contentType("application/json")
                .body(Map.of("section", "PIT", "quantity", 2))
                .post("/api/events/" + eventId + "/holds").then().statusCode(201); // through B
        buyer.as().port(b.port).delete("/api/holds/" + first).then().statusCode(204); // through B, A's hold
        Fixtures.order(buyer, Fixtures.holdSeats(buyer, eventId, "ORCH-B-6")).then().statusCode(201); // balancer

        long version = given().get("/api/events/" + eventId + "/seats").then().extract().jsonPath().getLong("version");
        for (LiveView view : List.of(onA, onB)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> view.version() == version);
            SeatMapSocketTest.assertViewEqualsRestSeatMap(eventId, view);
            assertThat(view.problems()).isEmpty();
        }
        assertThat(onB.seat("ORCH-B-6")).isEqualTo("SOLD");
        assertThat(onA.seat("ORCH-A-1")).isEqualTo("AVAILABLE");
        assertThat(onA.area("PIT")).isEqualTo(48);
        for (WebSocket socket : sockets) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> redis.subscribers("SHARDNUMSUB", channel) == 0);
    }

    @Test
    void aSaleRacedThroughTheBalancerSellsEverySeatOnce() throws Exception {
        String eventId = Fixtures.event(Fixtures.organizer()).rows(1).seatsPerRow(8).maxPerOrder(4).onSale();
        int buyers = 24;
        List<Fixtures.Account> accounts = new ArrayList<>();
        for (int i = 0; i < buyers; i++) {
            accounts.add(Fixtures.attendee());
        }
        // buyer i wants seats i and i+1 (mod 8), through the balancer: every seat is wanted by six buyers
        List<List<String>> sold = Parallel.run(buyers, i -> {
            List<String> seats = List.of("ORCH-A-" + (i % 8 + 1), "ORCH-A-" + ((i + 1) % 8 + 1));
            Response hold = Fixtures.hold(accounts.get(i), eventId, Map.of("seats", seats));
            if (hold.statusCode() != 201) {
                assertThat(hold.statusCode()).isEqualTo(409);
                return List.<String>of();
            }
            Fixtures.order(accounts.get(i), hold.path("id")).then().statusCode(201);
            return seats;
        });
        List<String> allSold = sold.stream().flatMap(List::stream).toList();
        assertThat(allSold).doesNotHaveDuplicates().isNotEmpty();
        Map<String, String> statuses = Fixtures.seatStatuses(eventId);
        assertThat(statuses.entrySet().stream().filter(seat -> seat.getValue().equals("SOLD")).map(Map.Entry::getKey))
                .containsExactlyInAnyOrderElementsOf(allSold);
    }

    @Test
    void noRequestMetACrossSlotOrRedirectError() throws Exception {
        // after the other tests have run (or on their own: the start-up touches Redis too)
        for (AppInstance instance : List.of(a, b)) {
            String log = Files.readString(PackagedApp.log(instance.name).toPath());
            assertThat(log).doesNotContain("CROSSSLOT").doesNotContain("MOVED").doesNotContain("non local key");
        }
    }

    /**
     * A rolling deploy: while buyers keep buying through the balancer and live maps watch through it, each instance
     * in turn gets SIGTERM, drains, exits and starts again. No request fails; every live socket of the leaving
     * instance is closed with 1012 and its client, reconnecting at once, has a snapshot from the other instance
     * within two seconds; at the end every live map equals the REST seat map. The figures go to the test's output
     * and target/it-rolling-restart.log (docs/SCALING.md).
     */
    @Test
    void aRollingRestartUnderASteadySaleFailsNoRequestAndLiveMapsCatchUpWithinTwoSeconds() throws Exception {
        String eventId = Fixtures.event(Fixtures.organizer()).standing(100_000).maxPerOrder(10).maxPerUser(0).onSale();
        List<LiveWatcher> watchers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            watchers.add(new LiveWatcher(eventId));
        }
        for (LiveWatcher watcher : watchers) {
            watcher.connect();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> watchers.stream().allMatch(w -> w.view.snapshots() == 1));
        try {
            rollBothInstancesDuringASteadySale(eventId, watchers);
        } finally {
            watchers.forEach(LiveWatcher::close);
        }
    }

    private static void rollBothInstancesDuringASteadySale(String eventId, List<LiveWatcher> watchers) throws Exception {
        long restartStarted;
        long restartEnded;
        List<String> drains = new ArrayList<>();
        try (SteadySale sale = new SteadySale(eventId, 4, Duration.ofMillis(100))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> sale.requests() >= 100);
            restartStarted = System.nanoTime();
            for (Map.Entry<String, AppInstance> server : List.of(Map.entry("a", a), Map.entry("b", b))) {
                AppInstance instance = server.getValue();
                long signalled = System.nanoTime();
                instance.stop(60);
                drains.add(server.getKey() + " " + (System.nanoTime() - signalled) / 1_000_000 + " ms");
                assertThat(balancer.status(server.getKey())).startsWith("DOWN");
                instance.start();
                balancer.awaitStatus(server.getKey(), "UP");
            }
            restartEnded = System.nanoTime();
            int before = sale.requests();
            await().atMost(Duration.ofSeconds(20)).until(() -> sale.requests() >= before + 100); // both serve again
        }
        SteadySale.Result result = SteadySale.last;
        List<Integer> codes = watchers.stream().flatMap(w -> w.closeCodes.stream()).toList();
        List<Long> gaps = watchers.stream().flatMap(w -> w.gapsMs.stream()).sorted().toList();
        String figures = String.format(
                "rolling restart of 2 instances: %d requests (holds and orders) in %.1f s, %d failed%n"
                        + "restart window %.1f s; drain (SIGTERM to exit): %s%n"
                        + "live sockets closed by the restarts: %d (codes %s); resync gaps ms: %s (max %d)%n",
                result.requests(), result.seconds(), result.failures().size(),
                (restartEnded - restartStarted) / 1e9, drains, codes.size(), new TreeSet<>(codes), gaps,
                gaps.isEmpty() ? 0 : gaps.get(gaps.size() - 1));
        System.out.print(figures);
        Files.writeString(PackagedApp.log("rolling-restart").toPath(), figures);

        assertThat(result.failures()).as("failed requests").isEmpty();
        assertThat(codes).as("every socket of a leaving instance was closed with 1012").isNotEmpty()
                .allMatch(code -> code == 1012);
        assertThat(gaps).hasSameSizeAs(codes).allMatch(gap -> gap < 2_000);
        long version = given().get("/api/events/" + eventId + "/seats").then().extract().jsonPath().getLong("version");
        for (LiveWatcher watcher : watchers) {
            await().atMost(Duration.ofSeconds(10)).until(() -> watcher.view.version() == version);
            SeatMapSocketTest.assertViewEqualsRestSeatMap(eventId, watcher.view);
            assertThat(watcher.view.problems()).isEmpty();
        }
    }

    /**
     * A live seat map client through the balancer that reconnects as soon as the server closes its socket (the web
     * app waits up to half a second more after a 1012), recording each close code and the time from the close to
     * the snapshot of the new socket.
     */
    static final class LiveWatcher {
        final String eventId;
        final LiveView view = new LiveView();
        final List<Integer> closeCodes = new CopyOnWriteArrayList<>();
        final List<Long> gapsMs = new CopyOnWriteArrayList<>();
        final ExecutorService reconnects = Executors.newSingleThreadExecutor();
        volatile boolean closing;
        volatile WebSocket socket;

        LiveWatcher(String eventId) {
            this.eventId = eventId;
        }

        void connect() throws Exception {
            socket = view.open(URI.create("http://127.0.0.1:" + balancer.port), eventId, () -> true, this::closed);
        }

        private void closed(int code) {
            if (closing) {
                return;
            }
            long closedAt = System.nanoTime();
            closeCodes.add(code);
            reconnects.execute(() -> {
                try {
                    connect();
                    await().atMost(Duration.ofSeconds(10)).until(() -> view.lastSnapshotAt() > closedAt);
                    gapsMs.add((view.lastSnapshotAt() - closedAt) / 1_000_000);
                } catch (Exception e) {
                    gapsMs.add(Long.MAX_VALUE); // never caught up
                }
            });
        }

        void close() {
            closing = true;
            reconnects.shutdown();
            try {
                reconnects.awaitTermination(15, TimeUnit.SECONDS);
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                // already closed
            }
        }
    }

    /**
     * Buyers who each place a one-place general-admission hold and order it, every {@code every}, through the
     * balancer over kept-alive connections (as browsers do), until closed. A request fails when it meets a 5xx, any
     * answer other than the expected 201, or an I/O error.
     */
    static final class SteadySale implements AutoCloseable {
        record Result(int requests, double seconds, List<String> failures) {
        }

        static Result last;

        final String eventId;
        final HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        final ScheduledExecutorService buyers;
        final AtomicInteger requests = new AtomicInteger();
        final List<String> failures = new CopyOnWriteArrayList<>();
        final long started = System.nanoTime();

        SteadySale(String eventId, int count, Duration every) {
            this.eventId = eventId;
            this.buyers = Executors.newScheduledThreadPool(count);
            for (int i = 0; i < count; i++) {
                Fixtures.Account buyer = Fixtures.attendee();
                buyers.scheduleWithFixedDelay(() -> buy(buyer), 0, every.toMillis(), TimeUnit.MILLISECONDS);
            }
        }

        int requests() {
            return requests.get();
        }

        private void buy(Fixtures.Account buyer) {
            String hold = post(buyer, "/api/events/" + eventId + "/holds", "{\"section\":\"PIT\",\"quantity\":1}");
            if (hold != null) {
                String holdId = new JsonObject(hold).getString("id");
                post(buyer, "/api/orders", "{\"holdId\":\"" + holdId + "\"}");
            }
        }

        /** The answer's body when it is the expected 201, else null (and a failure recorded). */
        private String post(Fixtures.Account buyer, String path, String body) {
            requests.incrementAndGet();
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + balancer.port + path)).timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + buyer.token()).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 201) {
                    return response.body();
                }
                failures.add(path + " -> " + response.statusCode() + " " + response.body());
            } catch (Exception e) {
                failures.add(path + " -> " + e);
            }
            return null;
        }

        @Override
        public void close() throws InterruptedException {
            buyers.shutdown();
            buyers.awaitTermination(30, TimeUnit.SECONDS);
            last = new Result(requests.get(), (System.nanoTime() - started) / 1e9, List.copyOf(failures));
        }
    }

    static WebSocket connect(int port, String eventId, LiveView view) throws Exception {
        return view.open(URI.create("http://127.0.0.1:" + port), eventId, () -> true);
    }
}

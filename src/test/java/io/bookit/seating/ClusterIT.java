package io.bookit.seating;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bookit.support.AppInstance;
import io.bookit.support.Fixtures;
import io.bookit.support.PackagedApp;
import io.bookit.support.Parallel;
import io.bookit.support.RedisClusterNodes;
import io.bookit.support.TestBroker;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bookit past one machine, with local processes: a real Redis Cluster (six nodes, three shards, on ports
 * 7100-7105, {@link RedisClusterNodes}) and two instances of the packaged app on it and one PostgreSQL database,
 * configured with the documented settings only ({@code QUARKUS_REDIS_CLIENT_TYPE=cluster},
 * {@code QUARKUS_REDIS_HOSTS}). Holds, a sale and the live seat map work across the two, the live map's feed
 * travels by sharded pub/sub, and no request meets a cross-slot or redirect error.
 */
class ClusterIT {

    static final String DATABASE = "bookit_it_cluster";
    static final int FIRST_REDIS_PORT = 7100;

    static RedisClusterNodes redis;
    static AppInstance a;
    static AppInstance b;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisClusterNodes.start(FIRST_REDIS_PORT);
        PackagedApp.recreateDatabase(DATABASE);
        TestBroker.ensureVhost();
        a = AppInstance.start("cluster-a", 18510, 18520, services()); // migrates the schema first
        b = AppInstance.start("cluster-b", 18511, 18521, services());
        RestAssured.port = a.port;
    }

    /** The documented cluster configuration: client type and the nodes; nothing else about Redis. */
    static Map<String, String> services() {
        Map<String, String> env = new HashMap<>(PackagedApp.services(DATABASE, redis.hosts()));
        env.put("QUARKUS_REDIS_CLIENT_TYPE", "cluster");
        return env;
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[] {a, b, redis}) {
            if (closeable != null) {
                closeable.close();
            }
        }
        RestAssured.reset();
    }

    @Test
    void changesThroughEitherInstanceReachLiveMapsOnBothByShardedPubSubWithoutGaps() throws Exception {
        Fixtures.Account buyer = Fixtures.attendee();
        String eventId = Fixtures.onSaleEvent(Fixtures.organizer(), 2, 6, 50, 6);
        String channel = EventKeys.of(UUID.fromString(eventId)).feed();
        LiveView onA = new LiveView();
        LiveView onB = new LiveView();
        List<WebSocket> sockets = List.of(connect(a.port, eventId, onA), connect(b.port, eventId, onB));
        await().atMost(Duration.ofSeconds(20)).until(() -> onA.snapshots() == 1 && onB.snapshots() == 1);
        // one sharded subscription per instance, on the shard of the event's slot; nothing on plain pub/sub
        assertThat(redis.subscribers("SHARDNUMSUB", channel)).isEqualTo(2);
        assertThat(redis.subscribers("NUMSUB", channel)).isZero();

        String first = Fixtures.holdSeats(buyer, eventId, "ORCH-A-1", "ORCH-A-2"); // through A
        await().atMost(Duration.ofSeconds(10)).until(() -> "HELD".equals(onB.seat("ORCH-A-2")));
        given().port(b.port).header("Authorization", "Bearer " + buyer.token()).contentType("application/json")
                .body(Map.of("section", "PIT", "quantity", 2))
                .post("/api/events/" + eventId + "/holds").then().statusCode(201); // through B
        buyer.as().port(b.port).delete("/api/holds/" + first).then().statusCode(204); // through B, A's hold
        Fixtures.order(buyer, Fixtures.holdSeats(buyer, eventId, "ORCH-B-6")).then().statusCode(201);

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
    void aSaleRacedThroughBothInstancesSellsEverySeatOnce() throws Exception {
        String eventId = Fixtures.onSaleEvent(Fixtures.organizer(), 1, 8, 0, 4);
        int buyers = 24;
        List<Fixtures.Account> accounts = new ArrayList<>();
        for (int i = 0; i < buyers; i++) {
            accounts.add(Fixtures.attendee());
        }
        // buyer i wants seats i and i+1 (mod 8) through instance A or B: every seat is wanted by six buyers
        List<List<String>> sold = Parallel.run(buyers, i -> {
            int port = i % 2 == 0 ? a.port : b.port;
            List<String> seats = List.of("ORCH-A-" + (i % 8 + 1), "ORCH-A-" + ((i + 1) % 8 + 1));
            Response hold = accounts.get(i).as().port(port).body(Map.of("seats", seats))
                    .post("/api/events/" + eventId + "/holds");
            if (hold.statusCode() != 201) {
                assertThat(hold.statusCode()).isEqualTo(409);
                return List.<String>of();
            }
            accounts.get(i).as().port(port).body(Map.of("holdId", hold.path("id")))
                    .post("/api/orders").then().statusCode(201);
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

    static WebSocket connect(int port, String eventId, LiveView view) throws Exception {
        return view.open(URI.create("http://127.0.0.1:" + port), eventId, () -> true);
    }
}

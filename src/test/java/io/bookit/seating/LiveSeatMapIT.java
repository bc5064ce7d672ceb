package io.bookit.seating;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bookit.support.Fixtures;
import io.restassured.RestAssured;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.io.File;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two instances of the packaged app (ports 8094 and 8095) on one PostgreSQL database and one Redis: a change made
 * through one is seen, with no version gap, by live subscribers of the other.
 * <p>
 * Why processes and not a second Quarkus app in the test JVM: a {@code @QuarkusTest} JVM runs one application, and
 * {@code java -jar target/quarkus-app/quarkus-run.jar} is exactly what production runs, two of which share nothing
 * but the database and Redis. Both get the same test JWT keys, so a token minted by one is accepted by the other.
 * Runs in failsafe ({@code ./mvnw verify}) after packaging; about 15 s here.
 */
class LiveSeatMapIT {

    static final int PORT_A = 8094;
    static final int PORT_B = 8095;
    static final String DATABASE = "bookit_it_live";
    static final String REDIS = "redis://127.0.0.1:6379/4";

    static final List<Process> instances = new ArrayList<>();
    static Vertx vertx;
    static Redis redis;

    @BeforeAll
    static void startTwoInstances() throws Exception {
        recreateDatabase();
        instances.add(start(PORT_A, "a"));
        awaitReady(PORT_A, instances.get(0)); // one at a time: the first one migrates the schema
        instances.add(start(PORT_B, "b"));
        awaitReady(PORT_B, instances.get(1));
        RestAssured.port = PORT_A;
        vertx = Vertx.vertx();
        redis = Redis.createClient(vertx, REDIS);
    }

    @AfterAll
    static void stopInstances() throws Exception {
        for (Process instance : instances) {
            instance.destroy();
            if (!instance.waitFor(10, TimeUnit.SECONDS)) {
                instance.destroyForcibly();
            }
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        RestAssured.reset();
    }

    @Test
    void holdsThroughOneInstanceReachSubscribersOfTheOtherWithoutGaps() throws Exception {
        Fixtures.Account buyer = Fixtures.attendee();
        String eventId = Fixtures.onSaleEvent(Fixtures.organizer(), 2, 6, 50, 6);
        LiveView onB = new LiveView();
        LiveView alsoOnB = new LiveView();
        LiveView onA = new LiveView();
        List<WebSocket> sockets = List.of(connect(PORT_B, eventId, onB), connect(PORT_B, eventId, alsoOnB),
                connect(PORT_A, eventId, onA));
        await().atMost(Duration.ofSeconds(20)).until(() -> onB.snapshots() == 1 && alsoOnB.snapshots() == 1
                && onA.snapshots() == 1);
        // one subscription per instance, whatever the number of local sockets
        assertEquals(2, subscribers(EventKeys.of(UUID.fromString(eventId)).feed()));

        String first = Fixtures.holdSeats(buyer, eventId, "ORCH-A-1", "ORCH-A-2"); // through A
        await().atMost(Duration.ofSeconds(10)).until(() -> "HELD".equals(onB.seat("ORCH-A-2")));
        given().port(PORT_B).header("Authorization", "Bearer " + buyer.token()).contentType("application/json")
                .body(Map.of("section", "PIT", "quantity", 2))
                .post("/api/events/" + eventId + "/holds").then().statusCode(201); // through B
        buyer.as().delete("/api/holds/" + first).then().statusCode(204); // through A
        Fixtures.order(buyer, Fixtures.holdSeats(buyer, eventId, "ORCH-B-6")).then().statusCode(201);

        long version = given().get("/api/events/" + eventId + "/seats").then().extract().jsonPath().getLong("version");
        for (LiveView view : List.of(onB, alsoOnB, onA)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> view.version() == version);
            SeatMapSocketTest.assertViewEqualsRestSeatMap(eventId, view);
            assertTrue(view.problems().isEmpty(), view.problems().toString());
        }
        assertEquals("SOLD", onB.seat("ORCH-B-6"));
        assertEquals(48, onB.area("PIT"));
        for (WebSocket socket : sockets) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> subscribers(EventKeys.of(UUID.fromString(eventId)).feed()) == 0);
    }

    static WebSocket connect(int port, String eventId, LiveView view) throws Exception {
        return view.open(URI.create("http://127.0.0.1:" + port), eventId, () -> true);
    }

    static long subscribers(String channel) throws Exception {
        return redis.send(Request.cmd(Command.PUBSUB).arg("NUMSUB").arg(channel)).toCompletionStage()
                .toCompletableFuture().get(5, TimeUnit.SECONDS).get(1).toLong();
    }

    static void recreateDatabase() throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + DATABASE);
        }
    }

    static Process start(int port, String name) throws Exception {
        Path base = Path.of(System.getProperty("user.dir"));
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-jar", base.resolve("target/quarkus-app/quarkus-run.jar").toString());
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://127.0.0.1:5432/" + DATABASE);
        env.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/" + DATABASE);
        env.put("QUARKUS_REDIS_HOSTS", REDIS);
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", base.resolve("src/test/resources/jwt/test-public.pem").toString());
        env.put("SMALLRYE_JWT_SIGN_KEY_LOCATION", base.resolve("src/test/resources/jwt/test-private.pem").toString());
        // The packaged app carries the inline key pair EphemeralJwtKeys made at build time as a default, and an
        // inline key wins over a key location (SRJWT03007): override the inline keys with the same test keys too.
        env.put("MP_JWT_VERIFY_PUBLICKEY", Files.readString(base.resolve("src/test/resources/jwt/test-public.pem")));
        env.put("SMALLRYE_JWT_SIGN_KEY", Files.readString(base.resolve("src/test/resources/jwt/test-private.pem")));
        env.put("BOOKIT_AUTH_BCRYPT_COST", "4");
        File log = base.resolve("target/it-live-" + name + ".log").toFile();
        return builder.redirectErrorStream(true).redirectOutput(log).start();
    }

    static void awaitReady(int port, Process instance) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .failFast("instance on port " + port + " exited; see target/it-live-*.log", () -> !instance.isAlive())
                .until(() -> given().port(port).get("/q/health/ready").statusCode() == 200);
    }
}

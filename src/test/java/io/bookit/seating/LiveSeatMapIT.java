package io.bookit.seating;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bookit.support.Fixtures;
import io.bookit.support.TwoInstances;
import io.restassured.RestAssured;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.net.URI;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two instances of the packaged app (see {@link TwoInstances}) on one PostgreSQL database and
 * one Redis: a change made through one is seen, with no version gap, by live subscribers of the other. About 15 s.
 */
class LiveSeatMapIT {

    static TwoInstances instances;
    static Vertx vertx;
    static Redis redis;

    @BeforeAll
    static void startTwoInstances() throws Exception {
        instances = TwoInstances.start("live", Map.of());
        RestAssured.port = instances.portA;
        vertx = Vertx.vertx();
        redis = Redis.createClient(vertx, instances.redisUrl);
    }

    @AfterAll
    static void stopInstances() throws Exception {
        if (instances != null) {
            instances.close();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        RestAssured.reset();
    }

    @Test
    void holdsThroughOneInstanceReachSubscribersOfTheOtherWithoutGaps() throws Exception {
        Fixtures.Account buyer = Fixtures.attendee();
        String eventId = Fixtures.event(Fixtures.organizer()).rows(2).seatsPerRow(6).standing(50).maxPerOrder(6)
                .onSale();
        LiveView onB = new LiveView();
        LiveView alsoOnB = new LiveView();
        LiveView onA = new LiveView();
        List<WebSocket> sockets = List.of(connect(instances.portB, eventId, onB), connect(instances.portB, eventId, alsoOnB),
                connect(instances.portA, eventId, onA));
        await().atMost(Duration.ofSeconds(20)).until(() -> onB.snapshots() == 1 && alsoOnB.snapshots() == 1
                && onA.snapshots() == 1);
        // one subscription per instance, whatever the number of local sockets
        assertEquals(2, subscribers(EventKeys.of(UUID.fromString(eventId)).feed()));

        String first = Fixtures.holdSeats(buyer, eventId, "ORCH-A-1", "ORCH-A-2"); // through A
        await().atMost(Duration.ofSeconds(10)).until(() -> "HELD".equals(onB.seat("ORCH-A-2")));
        given().port(instances.portB).header("Authorization", "Bearer " + buyer.token()).contentType("application/json")
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
}

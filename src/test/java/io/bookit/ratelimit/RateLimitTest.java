package io.bookit.ratelimit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.bookit.support.Fixtures;
import io.bookit.support.Parallel;
import io.bookit.support.TightLimits;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(TightLimits.class)
class RateLimitTest {

    @Inject
    RedisDataSource redis;

    @Test
    void wrongPasswordsPerAccountAndAddressAreLimitedWithRetryAfterAndRecover() {
        String email = "limited-" + UUID.randomUUID() + "@example.test";
        for (int i = 0; i < 3; i++) {
            login(email).statusCode(401);
        }
        // 12 a minute: the next token comes 5 s after the first attempt
        int retryAfter = login(email).statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("type", equalTo("https://bookit.dev/problems/rate-limited"))
                .extract().path("retryAfterSeconds");
        assertThat(retryAfter).isBetween(1, 5);
        login("other-" + email).statusCode(401); // another account is not affected

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> login(email).statusCode(401));
    }

    @Test
    void someoneElsesWrongPasswordsFromAnotherAddressDoNotRefuseTheOwnersRightPassword() {
        Fixtures.Account owner = Fixtures.attendee();
        for (int i = 0; i < 10; i++) {
            loginFrom("127.0.0.1", "203.0.113.10", owner.email(), "wrong-password");
        }
        assertThat(loginFrom("127.0.0.1", "203.0.113.10", owner.email(), "wrong-password")).isEqualTo(429);
        assertThat(loginFrom("127.0.0.1", "198.51.100.20", owner.email(), Fixtures.PASSWORD)).isEqualTo(200);
        // the guesser's address is still refused, even with the right password
        assertThat(loginFrom("127.0.0.1", "203.0.113.10", owner.email(), Fixtures.PASSWORD)).isEqualTo(429);
    }

    @Test
    void aRightPasswordDoesNotCountAgainstTheAccountAtItsAddress() {
        Fixtures.Account owner = Fixtures.attendee();
        for (int i = 0; i < 6; i++) {
            assertThat(loginFrom("127.0.0.1", "198.51.100.30", owner.email(), Fixtures.PASSWORD)).isEqualTo(200);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(loginFrom("127.0.0.1", "198.51.100.30", owner.email(), "wrong-password")).isEqualTo(401);
        }
        assertThat(loginFrom("127.0.0.1", "198.51.100.30", owner.email(), "wrong-password")).isEqualTo(429);
    }

    @Test
    void xForwardedForIsHonouredFromTheTrustedProxyOnlyAndAForgedOneFromElsewhereIsIgnored() {
        // through the trusted proxy (127.0.0.1) every forwarded client has buckets of its own
        String email = "forwarded-" + UUID.randomUUID() + "@example.test";
        for (int i = 0; i < 3; i++) {
            assertThat(loginFrom("127.0.0.1", "203.0.113.30", email, "wrong-password")).isEqualTo(401);
        }
        assertThat(loginFrom("127.0.0.1", "203.0.113.30", email, "wrong-password")).isEqualTo(429);
        assertThat(loginFrom("127.0.0.1", "203.0.113.31", email, "wrong-password")).isEqualTo(401);

        // 127.0.0.2 is no trusted proxy: whatever it forges, it is one client, 127.0.0.2
        String other = "forged-" + UUID.randomUUID() + "@example.test";
        for (int i = 0; i < 3; i++) {
            assertThat(loginFrom("127.0.0.2", "198.51.100." + i, other, "wrong-password")).isEqualTo(401);
        }
        assertThat(loginFrom("127.0.0.2", "198.51.100.99", other, "wrong-password")).isEqualTo(429);
        assertThat(loginFrom("127.0.0.1", "198.51.100.99", other, "wrong-password")).isEqualTo(401);
    }

    @Test
    void anEmptyBucketIsKnownFromTheCallThatTookItsLastTokenUntilItCouldRefillEvenIfRedisForgetsIt() {
        Fixtures.Account organizer = Fixtures.organizer();
        Fixtures.Account shopper = Fixtures.attendee();
        String queueId = shopper.as().post("/api/events/" + roomEvent(organizer) + "/queue").then().statusCode(201)
                .extract().path("queueId");
        // polls: 2 at once, then one every 3 s; the second takes the last token
        poll(shopper, queueId).statusCode(200);
        poll(shopper, queueId).statusCode(200);
        redis.key().del("bk:rl:{queue_polls:user:" + shopper.id() + "}");

        // Redis would start a full bucket now, but the instance knows when this one can have a token again and
        // answers in front of the REST layer until then
        int retryAfter = poll(shopper, queueId).statusCode(429).contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("type", equalTo("https://bookit.dev/problems/rate-limited"))
                .extract().path("retryAfterSeconds");
        assertThat(retryAfter).isBetween(1, 3);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> poll(shopper, queueId).statusCode(200));
    }

    @Test
    void holdsPerUserAreLimitedAndALimitedCallChangesNothing() {
        String eventId = Fixtures.event(Fixtures.organizer()).rows(1).seatsPerRow(10).maxPerOrder(4).onSale();
        Fixtures.Account buyer = Fixtures.attendee();
        Fixtures.holdSeats(buyer, eventId, "ORCH-A-1");
        Fixtures.holdSeats(buyer, eventId, "ORCH-A-2");
        Fixtures.hold(buyer, eventId, Map.of("seats", List.of("ORCH-A-3"))).then().statusCode(429)
                .header("Retry-After", notNullValue());
        assertThat(Fixtures.seatStatuses(eventId)).containsEntry("ORCH-A-3", "AVAILABLE");
        Fixtures.holdSeats(Fixtures.attendee(), eventId, "ORCH-A-3");
    }

    @Test
    void transferOffersPerUserAreLimitedBecauseEachMailsAnAddressOfTheCallersChoice() {
        Fixtures.Account buyer = Fixtures.attendee();
        String eventId = Fixtures.event(Fixtures.organizer()).rows(1).seatsPerRow(10).maxPerOrder(4).onSale();
        String ticketId = Fixtures.buySeats(buyer, eventId, "ORCH-A-1").get(0);
        for (int i = 0; i < 2; i++) {
            String transferId = buyer.as().body(Map.of("email", "friend-" + UUID.randomUUID() + "@example.test"))
                    .post("/api/tickets/" + ticketId + "/transfers").then().statusCode(201).extract().path("id");
            buyer.as().delete("/api/transfers/" + transferId).then().statusCode(204);
        }
        buyer.as().body(Map.of("email", "friend-" + UUID.randomUUID() + "@example.test"))
                .post("/api/tickets/" + ticketId + "/transfers").then().statusCode(429)
                .contentType("application/problem+json").header("Retry-After", notNullValue())
                .body("type", equalTo("https://bookit.dev/problems/rate-limited"));
        buyer.as().get("/api/me/transfers").then().body("outgoing.status", equalTo(List.of("CANCELLED", "CANCELLED")));
    }

    @Test
    void queueJoinsPerUserAreLimitedAndRecover() {
        String eventId = roomEvent(Fixtures.organizer());
        Fixtures.Account shopper = Fixtures.attendee();
        String queueId = shopper.as().post("/api/events/" + eventId + "/queue").then().statusCode(201)
                .extract().path("queueId");
        shopper.as().post("/api/events/" + eventId + "/queue").then().statusCode(201);
        shopper.as().post("/api/events/" + eventId + "/queue").then().statusCode(429)
                .contentType("application/problem+json").header("Retry-After", "1")
                .body("type", equalTo("https://bookit.dev/problems/rate-limited"));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> shopper.as().post("/api/events/" + eventId + "/queue")
                .then().statusCode(201).body("queueId", equalTo(queueId)));
    }

    @Test
    void queueCallsBeyondWhatTheInstanceServesAtOnceAreShedWithRetryAfterAndNothingElseIs() throws Exception {
        String eventId = roomEvent(Fixtures.organizer());
        List<Fixtures.Account> shoppers = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            shoppers.add(Fixtures.attendee());
        }
        // first joins of 40 different shoppers at once, with at most 2 queue calls in progress on the instance
        List<io.restassured.response.Response> joins = Parallel.run(40, i -> shoppers.get(i).as()
                .post("/api/events/" + eventId + "/queue"));
        List<Integer> statuses = joins.stream().map(io.restassured.response.Response::statusCode).toList();
        assertThat(statuses).contains(201, 429).containsOnly(201, 429);
        joins.stream().filter(join -> join.statusCode() == 429).forEach(join -> join.then()
                .contentType("application/problem+json").header("Retry-After", "1")
                .body("type", equalTo("https://bookit.dev/problems/busy")));

        // the calls in progress were counted back down: one at a time, everyone gets in
        for (Fixtures.Account shopper : shoppers) {
            shopper.as().post("/api/events/" + eventId + "/queue").then().statusCode(201);
        }
    }

    private static String roomEvent(Fixtures.Account organizer) {
        String venueId = Fixtures.venue(organizer, 1, 10, 0);
        Map<String, Object> body = Fixtures.eventBody(venueId, true, false, 2);
        body.put("waitingRoom", Map.of("enabled", true));
        String eventId = organizer.as().body(body).post("/api/events").then().statusCode(201).extract().path("id");
        organizer.as().post("/api/events/" + eventId + "/publish").then().statusCode(200);
        return eventId;
    }

    private static io.restassured.response.ValidatableResponse poll(Fixtures.Account shopper, String queueId) {
        return shopper.as().get("/api/queue/" + queueId).then();
    }

    /**
     * The status of a login sent from local address {@code from} with {@code X-Forwarded-For: forwardedFor}, over a
     * plain socket (an HTTP client cannot choose its source address).
     */
    static int loginFrom(String from, String forwardedFor, String email, String password) {
        String body = new JsonObject().put("email", email).put("password", password).encode();
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", RestAssured.port), 5_000);
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("POST /api/auth/login HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nX-Forwarded-For: " + forwardedFor + "\r\n"
                    + "Connection: close\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length
                    + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            return Integer.parseInt(status.split(" ")[1]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static io.restassured.response.ValidatableResponse login(String email) {
        return given().contentType(ContentType.JSON).body(Map.of("email", email, "password", "wrong-password"))
                .post("/api/auth/login").then();
    }
}

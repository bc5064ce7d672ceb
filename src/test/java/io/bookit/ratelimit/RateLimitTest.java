package io.bookit.ratelimit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.bookit.support.Fixtures;
import io.bookit.support.Parallel;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(RateLimitTest.TightLimits.class)
class RateLimitTest {

    @Inject
    RedisDataSource redis;

    public static class TightLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.ofEntries(Map.entry("bookit.rate-limits.enabled", "true"),
                    Map.entry("bookit.rate-limits.max-queue-calls-in-flight", "2"),
                    Map.entry("bookit.rate-limits.login.per-user.capacity", "3"),
                    Map.entry("bookit.rate-limits.login.per-user.per-minute", "12"),
                    // every test account logs in from this one address
                    Map.entry("bookit.rate-limits.login.per-address.capacity", "1000"),
                    Map.entry("bookit.rate-limits.login.per-address.per-minute", "6000"),
                    Map.entry("bookit.rate-limits.holds.per-user.capacity", "2"),
                    Map.entry("bookit.rate-limits.holds.per-user.per-minute", "6"),
                    Map.entry("bookit.rate-limits.queue-joins.per-user.capacity", "2"),
                    Map.entry("bookit.rate-limits.queue-joins.per-user.per-minute", "60"),
                    Map.entry("bookit.rate-limits.queue-polls.per-user.capacity", "2"),
                    Map.entry("bookit.rate-limits.queue-polls.per-user.per-minute", "20"),
                    Map.entry("bookit.rate-limits.register.per-address.capacity", "1000"),
                    Map.entry("bookit.rate-limits.register.per-address.per-minute", "6000"));
        }
    }

    @Test
    void loginAttemptsPerAccountAreLimitedWithRetryAfterAndRecover() {
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
        String eventId = Fixtures.onSaleEvent(Fixtures.organizer(), 1, 10, 0, 4);
        Fixtures.Account buyer = Fixtures.attendee();
        Fixtures.holdSeats(buyer, eventId, "ORCH-A-1");
        Fixtures.holdSeats(buyer, eventId, "ORCH-A-2");
        Fixtures.hold(buyer, eventId, Map.of("seats", List.of("ORCH-A-3"))).then().statusCode(429)
                .header("Retry-After", notNullValue());
        assertThat(Fixtures.seatStatuses(eventId)).containsEntry("ORCH-A-3", "AVAILABLE");
        Fixtures.holdSeats(Fixtures.attendee(), eventId, "ORCH-A-3");
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

    private static io.restassured.response.ValidatableResponse login(String email) {
        return given().contentType(ContentType.JSON).body(Map.of("email", email, "password", "wrong-password"))
                .post("/api/auth/login").then();
    }
}

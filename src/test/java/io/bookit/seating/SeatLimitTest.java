package io.bookit.seating;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.bookit.support.Fixtures;
import io.bookit.support.Parallel;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The per-user cap on places per event counts every live hold and paid order of the buyer (issue 7). */
@QuarkusTest
class SeatLimitTest {

    private static final String SEAT_LIMIT = "https://bookit.dev/problems/seat-limit-reached";

    @Inject
    RedisDataSource redis;

    @Test
    void holdsUpToTheCapSucceedAndTheNextIsRefusedWithTheLimit() {
        String eventId = cappedEvent(Fixtures.organizer(), 5);
        Fixtures.Account buyer = Fixtures.attendee();
        Fixtures.holdSeats(buyer, eventId, "ORCH-A-1", "ORCH-A-2", "ORCH-A-3");
        Fixtures.hold(buyer, eventId, Map.of("section", "PIT", "quantity", 2)).then().statusCode(201);

        Fixtures.hold(buyer, eventId, Map.of("bestAvailable", Map.of("quantity", 1))).then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo(SEAT_LIMIT))
                .body("maxSeatsPerUser", equalTo(5))
                .body("heldOrBought", equalTo(5));
        // the per-order maximum is still its own, earlier answer
        Fixtures.hold(buyer, eventId, Map.of("section", "PIT", "quantity", 5)).then().statusCode(422)
                .body("type", equalTo("https://bookit.dev/problems/too-many-seats"));
        // the refused hold took nothing, and the cap is per user
        assertThat(Fixtures.seatStatuses(eventId)).containsEntry("ORCH-A-4", "AVAILABLE");
        Fixtures.holdSeats(Fixtures.attendee(), eventId, "ORCH-A-4", "ORCH-A-5", "ORCH-A-6");
        assertThat(placesOf(eventId, buyer)).isEqualTo(5);
    }

    @Test
    void releasingOrExpiringAHoldGivesItsPlacesBackToTheAllowance() {
        String eventId = cappedEvent(Fixtures.organizer(), 2);
        Fixtures.Account buyer = Fixtures.attendee();
        String first = Fixtures.holdSeats(buyer, eventId, "ORCH-A-1", "ORCH-A-2");
        Fixtures.hold(buyer, eventId, Map.of("seats", List.of("ORCH-A-3"))).then().statusCode(409)
                .body("type", equalTo(SEAT_LIMIT));

        buyer.as().delete("/api/holds/" + first).then().statusCode(204);
        String second = Fixtures.holdSeats(buyer, eventId, "ORCH-A-3", "ORCH-A-4");

        // make the hold due now: the sweeper (every second) expires it like any other
        redis.sortedSet(String.class).zadd(EventKeys.of(UUID.fromString(eventId)).expiry(), 0, second);
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> buyer.as().get("/api/holds/" + second).then().body("status", equalTo("EXPIRED")));
        assertThat(placesOf(eventId, buyer)).isZero();
        Fixtures.holdSeats(buyer, eventId, "ORCH-A-5", "ORCH-A-6");
    }

    @Test
    void boughtPlacesCountAndARefundGivesThemBack() {
        String eventId = cappedEvent(Fixtures.organizer(), 3);
        Fixtures.Account buyer = Fixtures.attendee();
        String order = Fixtures.order(buyer, Fixtures.holdSeats(buyer, eventId, "ORCH-A-1", "ORCH-A-2"))
                .then().statusCode(201).extract().path("id");
        Fixtures.holdSeats(buyer, eventId, "ORCH-A-3");
        assertThat(placesOf(eventId, buyer)).isEqualTo(3); // the order took its hold's places, not more

        Fixtures.hold(buyer, eventId, Map.of("section", "PIT", "quantity", 1)).then().statusCode(409)
                .body("type", equalTo(SEAT_LIMIT)).body("heldOrBought", equalTo(3));

        buyer.as().post("/api/orders/" + order + "/cancel").then().statusCode(200).body("status", equalTo("REFUNDED"));
        Fixtures.hold(buyer, eventId, Map.of("section", "PIT", "quantity", 2)).then().statusCode(201);
        assertThat(placesOf(eventId, buyer)).isEqualTo(3);
    }

    @Test
    void fiftyConcurrentHoldsFromOneUserNeverExceedTheCap() throws Exception {
        String eventId = Fixtures.event(Fixtures.organizer()).rows(1).seatsPerRow(60).maxPerOrder(4).maxPerUser(6)
                .onSale();
        Fixtures.Account buyer = Fixtures.attendee();

        // fifty different seats: without the cap every request would succeed
        List<Response> answers = Parallel.run(50, i -> Fixtures.hold(buyer, eventId,
                Map.of("seats", List.of("ORCH-A-" + (i + 1)))));

        List<Response> placed = answers.stream().filter(a -> a.statusCode() == 201).toList();
        assertThat(placed).hasSize(6);
        for (Response answer : answers) {
            if (answer.statusCode() != 201) {
                assertThat(answer.statusCode()).isEqualTo(409);
                assertThat(answer.jsonPath().getString("type")).isEqualTo(SEAT_LIMIT);
                assertThat(answer.jsonPath().getInt("heldOrBought")).isEqualTo(6);
            }
        }
        List<String> granted = placed.stream().map(a -> a.jsonPath().getString("seats[0]")).toList();
        assertThat(HoldConcurrencyTest.heldSeats(eventId)).containsExactlyInAnyOrderElementsOf(granted);
        assertThat(placesOf(eventId, buyer)).isEqualTo(6);
    }

    @Test
    void aRebuildFromPostgresCountsWhatEachBuyerBought() {
        String eventId = cappedEvent(Fixtures.organizer(), 4);
        Fixtures.Account buyer = Fixtures.attendee();
        Fixtures.buySeats(buyer, eventId, "ORCH-A-1", "ORCH-A-2");
        String ga = Fixtures.hold(buyer, eventId, Map.of("section", "PIT", "quantity", 1)).then().statusCode(201)
                .extract().path("id");
        Fixtures.order(buyer, ga).then().statusCode(201);
        Fixtures.holdSeats(buyer, eventId, "ORCH-A-5"); // a live hold: lost with the state

        forgetEvent(eventId);

        Fixtures.hold(buyer, eventId, Map.of("seats", List.of("ORCH-A-6", "ORCH-A-7"))).then().statusCode(409)
                .body("type", equalTo(SEAT_LIMIT)).body("heldOrBought", equalTo(3));
        assertThat(placesOf(eventId, buyer)).isEqualTo(3);
        Fixtures.holdSeats(buyer, eventId, "ORCH-A-6");
    }

    @Test
    void theOwnerSetsLowersAndRemovesTheCap() {
        Fixtures.Account organizer = Fixtures.organizer();
        String eventId = Fixtures.event(organizer).rows(1).seatsPerRow(10).maxPerOrder(4).maxPerUser(0).onSale();
        given().get("/api/events/" + eventId).then().statusCode(200).body("maxSeatsPerUser", nullValue());
        Fixtures.Account buyer = Fixtures.attendee();
        Fixtures.holdSeats(buyer, eventId, "ORCH-A-1", "ORCH-A-2", "ORCH-A-3");

        // places held before the cap was set count against it
        patch(organizer, eventId, 4).then().statusCode(200).body("maxSeatsPerUser", equalTo(4));
        Fixtures.hold(buyer, eventId, Map.of("seats", List.of("ORCH-A-4", "ORCH-A-5"))).then().statusCode(409)
                .body("heldOrBought", equalTo(3));

        // lowering it below what someone holds takes nothing away, it only refuses more
        String held = Fixtures.holdSeats(buyer, eventId, "ORCH-A-4");
        patch(organizer, eventId, 2).then().statusCode(200).body("maxSeatsPerUser", equalTo(2));
        buyer.as().get("/api/holds/" + held).then().body("status", equalTo("HELD"));
        Fixtures.hold(buyer, eventId, Map.of("seats", List.of("ORCH-A-5"))).then().statusCode(409)
                .body("maxSeatsPerUser", equalTo(2)).body("heldOrBought", equalTo(4));
        Fixtures.order(buyer, held).then().statusCode(201);

        // 0 removes it; an absent field leaves it as it is
        patch(organizer, eventId, 0).then().statusCode(200).body("maxSeatsPerUser", nullValue());
        organizer.as().body(Map.of("name", "Renamed")).patch("/api/events/" + eventId).then().statusCode(200)
                .body("maxSeatsPerUser", nullValue());
        Fixtures.holdSeats(buyer, eventId, "ORCH-A-5", "ORCH-A-6", "ORCH-A-7", "ORCH-A-8");
    }

    @Test
    void withoutACapOnCreateOneBuyerGetsTwoOrdersWorthOfPlaces() {
        Fixtures.Account organizer = Fixtures.organizer();
        String eventId = Fixtures.event(organizer).rows(1).seatsPerRow(10).standing(20).maxPerOrder(3).onSale();
        given().get("/api/events/" + eventId).then().statusCode(200).body("maxSeatsPerUser", equalTo(6));
        Fixtures.Account buyer = Fixtures.attendee();
        Fixtures.order(buyer, Fixtures.holdSeats(buyer, eventId, "ORCH-A-1", "ORCH-A-2", "ORCH-A-3"))
                .then().statusCode(201);
        Fixtures.hold(buyer, eventId, Map.of("section", "PIT", "quantity", 3)).then().statusCode(201);
        Fixtures.hold(buyer, eventId, Map.of("section", "PIT", "quantity", 1)).then().statusCode(409)
                .body("type", equalTo(SEAT_LIMIT)).body("maxSeatsPerUser", equalTo(6))
                .body("heldOrBought", equalTo(6));

        // the default follows maxSeatsPerOrder's own default (10), and 0 still means no cap at all
        String venueId = Fixtures.venue(organizer, 1, 5, 0);
        Map<String, Object> body = Fixtures.eventBody(venueId, true, false, 4);
        body.remove("maxSeatsPerOrder");
        organizer.as().body(body).post("/api/events").then().statusCode(201)
                .body("maxSeatsPerOrder", equalTo(10)).body("maxSeatsPerUser", equalTo(20));
        body.put("maxSeatsPerUser", 0);
        organizer.as().body(body).post("/api/events").then().statusCode(201).body("maxSeatsPerUser", nullValue());
    }

    @Test
    void anInvalidCapIsAValidationProblem() {
        Fixtures.Account organizer = Fixtures.organizer();
        String eventId = cappedEvent(organizer, 3);
        for (Object invalid : List.of(-1, 1001)) {
            patch(organizer, eventId, invalid).then().statusCode(400)
                    .contentType(startsWith("application/problem+json"))
                    .body("type", equalTo("https://bookit.dev/problems/validation"))
                    .body("errors.field", hasItem("maxSeatsPerUser"));
        }
        patch(organizer, eventId, "many").then().statusCode(400).contentType(startsWith("application/problem+json"));
        Map<String, Object> body = Fixtures.eventBody(Fixtures.venue(organizer, 1, 5, 0), true, false, 4);
        body.put("maxSeatsPerUser", 1001);
        organizer.as().body(body).post("/api/events").then().statusCode(400)
                .body("errors.field", hasItem("maxSeatsPerUser"));
        given().get("/api/events/" + eventId).then().body("maxSeatsPerUser", equalTo(3));
    }

    /** 20 seats in row A and a 10-place pit, at most 4 a hold, at most {@code cap} a buyer. */
    private static String cappedEvent(Fixtures.Account organizer, int cap) {
        return Fixtures.event(organizer).rows(1).seatsPerRow(20).standing(10).maxPerOrder(4).maxPerUser(cap).onSale();
    }

    private static Response patch(Fixtures.Account organizer, String eventId, Object cap) {
        return organizer.as().body(Map.of("maxSeatsPerUser", cap)).patch("/api/events/" + eventId);
    }

    /** What the hold script counts for the buyer: places held or bought (0 when none). */
    private int placesOf(String eventId, Fixtures.Account buyer) {
        Integer places = redis.hash(Integer.class).hget(EventKeys.of(UUID.fromString(eventId)).users(), buyer.id());
        return places == null ? 0 : places;
    }

    /** Loses one event's whole Redis state, as a flush or failover would. */
    private void forgetEvent(String eventId) {
        redis.key().del(redis.key().keys("bk:{ev:" + eventId + "}:*").toArray(String[]::new));
    }
}

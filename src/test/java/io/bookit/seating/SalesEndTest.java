package io.bookit.seating;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.bookit.support.Fixtures;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** After {@code salesEndAt} nothing more is held or ordered, and the seat map says so. */
@QuarkusTest
class SalesEndTest {

    @Inject
    RedisDataSource redis;

    @Test
    void afterTheSalesEndHoldsAreRefusedAndTheSeatMapSaysSo() {
        Fixtures.Account organizer = Fixtures.organizer();
        String eventId = Fixtures.event(organizer).rows(1).seatsPerRow(5).standing(10).maxPerOrder(4).onSale();
        String startsAt = given().get("/api/events/" + eventId).then().extract().path("startsAt");
        given().get("/api/events/" + eventId + "/seats").then().statusCode(200)
                .body("onSale", equalTo(true)).body("salesEndAt", equalTo(startsAt));

        Instant end = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Fixtures.endSalesAt(organizer, eventId, end);

        Fixtures.Account buyer = Fixtures.attendee();
        assertSalesEnded(Fixtures.hold(buyer, eventId, Map.of("seats", List.of("ORCH-A-1"))).then(), end);
        assertSalesEnded(Fixtures.hold(buyer, eventId, Map.of("section", "PIT", "quantity", 2)).then(), end);
        assertSalesEnded(Fixtures.hold(buyer, eventId, Map.of("bestAvailable", Map.of("quantity", 2))).then(), end);
        given().get("/api/events/" + eventId + "/seats").then().statusCode(200)
                .body("onSale", equalTo(false)).body("salesEndAt", equalTo(end.toString()))
                .body("areas[0].available", equalTo(10));
        assertThat(Fixtures.seatStatuses(eventId).values()).containsOnly("AVAILABLE");

        // the owner may reopen the sale
        Fixtures.endSalesAt(organizer, eventId, Instant.parse(startsAt));
        Fixtures.holdSeats(buyer, eventId, "ORCH-A-1");
        assertThat(Fixtures.onSale(eventId)).isTrue();
    }

    @Test
    void aHoldTakenBeforeTheSalesEndIsNotOrderedAfterItAndItsPlacesAreFreed() {
        Fixtures.Account organizer = Fixtures.organizer();
        Fixtures.Account buyer = Fixtures.attendee();
        String eventId = Fixtures.event(organizer).rows(1).seatsPerRow(5).standing(10).maxPerOrder(4).onSale();
        String seatsHold = Fixtures.holdSeats(buyer, eventId, "ORCH-A-1", "ORCH-A-2");
        String areaHold = Fixtures.hold(buyer, eventId, Map.of("section", "PIT", "quantity", 3)).then().statusCode(201)
                .extract().path("id");

        // sales end a moment from now, by the clock alone
        Instant end = Instant.now().plusMillis(3_000).truncatedTo(ChronoUnit.MILLIS);
        Fixtures.endSalesAt(organizer, eventId, end);
        assertThat(Fixtures.onSale(eventId)).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> !Fixtures.onSale(eventId));

        assertSalesEnded(Fixtures.order(buyer, seatsHold).then(), end);
        assertSalesEnded(Fixtures.order(buyer, areaHold).then(), end);
        assertSalesEnded(Fixtures.hold(buyer, eventId, Map.of("seats", List.of("ORCH-A-3"))).then(), end);

        assertThat(Fixtures.seatStatuses(eventId)).containsEntry("ORCH-A-1", "AVAILABLE")
                .containsEntry("ORCH-A-2", "AVAILABLE");
        given().get("/api/events/" + eventId + "/seats").then().body("areas[0].available", equalTo(10));
        buyer.as().get("/api/holds/" + seatsHold).then().body("status", equalTo("RELEASED"));
        buyer.as().get("/api/holds/" + areaHold).then().body("status", equalTo("RELEASED"));
        buyer.as().get("/api/me/orders").then().body("total", equalTo(0));
    }

    @Test
    void aRebuildFromPostgresKeepsTheSalesEnd() {
        Fixtures.Account organizer = Fixtures.organizer();
        String eventId = Fixtures.event(organizer).rows(1).seatsPerRow(5).maxPerOrder(4).onSale();
        Instant end = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Fixtures.endSalesAt(organizer, eventId, end);

        redis.execute("FLUSHDB");

        assertSalesEnded(Fixtures.hold(Fixtures.attendee(), eventId, Map.of("seats", List.of("ORCH-A-1"))).then(), end);
        given().get("/api/events/" + eventId + "/seats").then()
                .body("onSale", equalTo(false)).body("salesEndAt", equalTo(end.toString()));

        // a state written by a version of the app without sales ends learns the end at its first use
        String meta = EventKeys.of(UUID.fromString(eventId)).meta();
        redis.hash(String.class).hdel(meta, "salesEnd");
        assertSalesEnded(Fixtures.hold(Fixtures.attendee(), eventId, Map.of("seats", List.of("ORCH-A-1"))).then(), end);
        assertThat(redis.hash(String.class).hget(meta, "salesEnd")).isEqualTo(Long.toString(end.toEpochMilli()));
    }

    static void assertSalesEnded(ValidatableResponse response, Instant salesEndAt) {
        response.statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("https://bookit.dev/problems/event-not-on-sale"))
                .body("salesEndAt", equalTo(salesEndAt.toString()));
    }
}

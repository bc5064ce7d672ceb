package io.bookit.seating;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.bookit.support.Fixtures;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** PostgreSQL is the source of truth: lost or wrong Redis state never sells a seat twice. */
@QuarkusTest
class InventoryRecoveryTest {

    @Inject
    RedisDataSource redis;

    @Test
    void afterRedisLosesEverythingTheStateIsRebuiltFromPostgres() {
        Fixtures.Account buyer = Fixtures.attendee();
        String eventId = Fixtures.event(Fixtures.organizer()).rows(1).seatsPerRow(10).standing(10).maxPerOrder(4)
                .onSale();
        Fixtures.order(buyer, Fixtures.holdSeats(buyer, eventId, "ORCH-A-1", "ORCH-A-2")).then().statusCode(201);
        String gaHold = Fixtures.hold(buyer, eventId, Map.of("section", "PIT", "quantity", 3)).then().statusCode(201)
                .extract().path("id");
        Fixtures.order(buyer, gaHold).then().statusCode(201);
        String lostHold = Fixtures.holdSeats(buyer, eventId, "ORCH-A-5");

        redis.execute("FLUSHDB");

        Map<String, String> statuses = Fixtures.seatStatuses(eventId);
        assertThat(statuses).containsEntry("ORCH-A-1", "SOLD").containsEntry("ORCH-A-2", "SOLD")
                .containsEntry("ORCH-A-5", "AVAILABLE");
        io.restassured.RestAssured.given().get("/api/events/" + eventId + "/seats").then()
                .body("areas[0].available", equalTo(7));
        Fixtures.order(buyer, lostHold).then().statusCode(404);

        Fixtures.Account other = Fixtures.attendee();
        Fixtures.hold(other, eventId, Map.of("seats", List.of("ORCH-A-1"))).then().statusCode(409)
                .body("unavailableSeats", equalTo(List.of("ORCH-A-1")));
        Fixtures.order(other, Fixtures.holdSeats(other, eventId, "ORCH-A-5")).then().statusCode(201);
    }

    @Test
    void whenRedisWronglyShowsASoldSeatFreePostgresRefusesTheSecondSaleAndRedisIsRepaired() {
        Fixtures.Account first = Fixtures.attendee();
        String eventId = Fixtures.event(Fixtures.organizer()).rows(1).seatsPerRow(10).maxPerOrder(4).onSale();
        Fixtures.order(first, Fixtures.holdSeats(first, eventId, "ORCH-A-3")).then().statusCode(201);

        // corrupt Redis: seat index 2 (ORCH-A-3) back to free
        redis.value(String.class).setrange(EventKeys.of(UUID.fromString(eventId)).seats(), 2, "0");
        assertThat(Fixtures.seatStatuses(eventId)).containsEntry("ORCH-A-3", "AVAILABLE");

        Fixtures.Account second = Fixtures.attendee();
        String holdId = Fixtures.holdSeats(second, eventId, "ORCH-A-3", "ORCH-A-4");
        Fixtures.order(second, holdId).then().statusCode(409)
                .body("type", equalTo("https://bookit.dev/problems/seats-unavailable"))
                .body("unavailableSeats", equalTo(List.of("ORCH-A-3")));

        assertThat(Fixtures.seatStatuses(eventId)).containsEntry("ORCH-A-3", "SOLD").containsEntry("ORCH-A-4", "AVAILABLE");
        second.as().get("/api/me/orders").then().body("total", equalTo(0));
    }
}

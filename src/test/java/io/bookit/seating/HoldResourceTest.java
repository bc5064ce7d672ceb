package io.bookit.seating;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import io.bookit.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class HoldResourceTest {

    @Test
    void holdingExplicitSeatsMarksThemHeldAndPricesTheHold() {
        Fixtures.Account organizer = Fixtures.organizer();
        Fixtures.Account buyer = Fixtures.attendee();
        String eventId = Fixtures.event(organizer).rows(2).seatsPerRow(10).maxPerOrder(6).onSale();

        Instant before = Instant.now();
        String expiresAt = Fixtures.hold(buyer, eventId, Map.of("seats", List.of("ORCH-A-1", "ORCH-B-2")))
                .then().statusCode(201)
                .body("id", notNullValue())
                .body("eventId", equalTo(eventId))
                .body("seats", equalTo(List.of("ORCH-A-1", "ORCH-B-2")))
                .body("quantity", equalTo(2))
                .body("total", equalTo("98.00"))
                .body("currency", equalTo("EUR"))
                .extract().path("expiresAt");
        assertThat(Instant.parse(expiresAt)).isBetween(before.plus(9, ChronoUnit.MINUTES), before.plus(11, ChronoUnit.MINUTES));

        Map<String, String> statuses = Fixtures.seatStatuses(eventId);
        assertThat(statuses).containsEntry("ORCH-A-1", "HELD").containsEntry("ORCH-B-2", "HELD")
                .containsEntry("ORCH-A-2", "AVAILABLE");
    }

    @Test
    void aHoldIsAllOrNothing() {
        Fixtures.Account organizer = Fixtures.organizer();
        String eventId = Fixtures.event(organizer).rows(1).seatsPerRow(10).maxPerOrder(6).onSale();
        Fixtures.holdSeats(Fixtures.attendee(), eventId, "ORCH-A-3");

        Fixtures.hold(Fixtures.attendee(), eventId, Map.of("seats", List.of("ORCH-A-2", "ORCH-A-3", "ORCH-A-4")))
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("https://bookit.dev/problems/seats-unavailable"))
                .body("unavailableSeats", equalTo(List.of("ORCH-A-3")));
        assertThat(Fixtures.seatStatuses(eventId)).containsEntry("ORCH-A-2", "AVAILABLE")
                .containsEntry("ORCH-A-4", "AVAILABLE");
    }

    @Test
    void unknownSeatsTooManySeatsAndIllFormedRequestsAre422() {
        Fixtures.Account organizer = Fixtures.organizer();
        Fixtures.Account buyer = Fixtures.attendee();
        String eventId = Fixtures.event(organizer).rows(1).seatsPerRow(10).standing(20).maxPerOrder(3).onSale();

        Fixtures.hold(buyer, eventId, Map.of("seats", List.of("ORCH-A-1", "ORCH-Z-9")))
                .then().statusCode(422).body("type", equalTo("https://bookit.dev/problems/unknown-seats"))
                .body("unknownSeats", equalTo(List.of("ORCH-Z-9")));
        Fixtures.hold(buyer, eventId, Map.of("seats", List.of("ORCH-A-1", "ORCH-A-2", "ORCH-A-3", "ORCH-A-4")))
                .then().statusCode(422).body("type", equalTo("https://bookit.dev/problems/too-many-seats"));
        Fixtures.hold(buyer, eventId, Map.of("section", "PIT", "quantity", 4))
                .then().statusCode(422).body("maxSeatsPerOrder", equalTo(3));
        Fixtures.hold(buyer, eventId, Map.of("seats", List.of("ORCH-A-1"), "section", "PIT", "quantity", 1))
                .then().statusCode(422).body("type", equalTo("https://bookit.dev/problems/invalid-request"));
        Fixtures.hold(buyer, eventId, Map.of("section", "ORCH", "quantity", 1)).then().statusCode(422);
        Fixtures.hold(buyer, eventId, Map.of("seats", List.of("ORCH-A-1", "ORCH-A-1"))).then().statusCode(422);
        Fixtures.hold(buyer, eventId, Map.of("bestAvailable", Map.of("quantity", 0))).then().statusCode(400)
                .body("errors.field", hasItem("bestAvailable.quantity"));
        buyer.as().body("{}").post("/api/events/" + eventId + "/holds").then().statusCode(422);
        assertThat(Fixtures.seatStatuses(eventId).values()).containsOnly("AVAILABLE");
    }

    @Test
    void generalAdmissionHoldsCountDownTheArea() {
        Fixtures.Account organizer = Fixtures.organizer();
        String eventId = Fixtures.event(organizer).standing(5).maxPerOrder(4).onSale();
        Fixtures.Account buyer = Fixtures.attendee();
        Fixtures.hold(buyer, eventId, Map.of("section", "PIT", "quantity", 3)).then().statusCode(201)
                .body("section", equalTo("PIT")).body("quantity", equalTo(3)).body("seats", hasSize(0))
                .body("total", equalTo("75.00"));
        Fixtures.hold(buyer, eventId, Map.of("section", "PIT", "quantity", 3)).then().statusCode(409)
                .body("type", equalTo("https://bookit.dev/problems/seats-unavailable"))
                .body("available", equalTo(2));
        given().get("/api/events/" + eventId + "/seats").then()
                .body("areas[0].section", equalTo("PIT"))
                .body("areas[0].capacity", equalTo(5))
                .body("areas[0].available", equalTo(2))
                .body("areas[0].price", equalTo("25.00"));
    }

    @Test
    void bestAvailableTakesAdjacentSeatsWithoutLeavingASingleOrphan() {
        Fixtures.Account organizer = Fixtures.organizer();
        String eventId = Fixtures.event(organizer).rows(2).seatsPerRow(6).maxPerOrder(6).onSale();
        Fixtures.holdSeats(Fixtures.attendee(), eventId, "ORCH-A-1");

        List<String> seats = Fixtures.hold(Fixtures.attendee(), eventId, Map.of("bestAvailable", Map.of("quantity", 3)))
                .then().statusCode(201).extract().path("seats");
        assertThat(seats).containsExactly("ORCH-A-2", "ORCH-A-3", "ORCH-A-4");

        // row A now has free: a party of 3 goes to row B rather than splitting
        List<String> next = Fixtures.hold(Fixtures.attendee(), eventId,
                Map.of("bestAvailable", Map.of("quantity", 3, "section", "ORCH"))).then().statusCode(201)
                .extract().path("seats");
        assertThat(next).allMatch(id -> id.startsWith("ORCH-B-"));
        assertNoSingleOrphanInRows(Fixtures.seatStatuses(eventId), 2, 6);

        // 2 + 3 seats left in two rows: a party of 4 still gets the nearest free seats
        List<String> scattered = Fixtures.hold(Fixtures.attendee(), eventId, Map.of("bestAvailable", Map.of("quantity", 4)))
                .then().statusCode(201).extract().path("seats");
        assertThat(scattered).hasSize(4);
        Fixtures.hold(Fixtures.attendee(), eventId, Map.of("bestAvailable", Map.of("quantity", 2)))
                .then().statusCode(409).body("type", equalTo("https://bookit.dev/problems/seats-unavailable"));
    }

    @Test
    void onlyTheHolderReadsOrReleasesAHoldAndReleaseFreesSeatsAtOnce() {
        Fixtures.Account organizer = Fixtures.organizer();
        Fixtures.Account holder = Fixtures.attendee();
        Fixtures.Account stranger = Fixtures.attendee();
        String eventId = Fixtures.event(organizer).rows(1).seatsPerRow(10).maxPerOrder(6).onSale();
        String holdId = Fixtures.holdSeats(holder, eventId, "ORCH-A-1", "ORCH-A-2");

        holder.as().get("/api/holds/" + holdId).then().statusCode(200)
                .body("seats", equalTo(List.of("ORCH-A-1", "ORCH-A-2"))).body("status", equalTo("HELD"));
        stranger.as().get("/api/holds/" + holdId).then().statusCode(404);
        stranger.as().delete("/api/holds/" + holdId).then().statusCode(404);
        holder.as().get("/api/holds/garbage").then().statusCode(404).contentType("application/problem+json");
        given().get("/api/holds/" + holdId).then().statusCode(401);

        holder.as().delete("/api/holds/" + holdId).then().statusCode(204);
        assertThat(Fixtures.seatStatuses(eventId)).containsEntry("ORCH-A-1", "AVAILABLE");
        holder.as().get("/api/holds/" + holdId).then().statusCode(200).body("status", equalTo("RELEASED"));
        holder.as().delete("/api/holds/" + holdId).then().statusCode(409)
                .body("type", equalTo("https://bookit.dev/problems/hold-expired"));
        Fixtures.holdSeats(stranger, eventId, "ORCH-A-1");
    }

    @Test
    void holdsWaitForTheSalesStartAndSkipDrafts() {
        Fixtures.Account organizer = Fixtures.organizer();
        String venueId = Fixtures.venue(organizer, 1, 5, 0);
        Map<String, Object> body = Fixtures.eventBody(venueId, true, false, 4);
        body.put("salesStartAt", Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString());
        String eventId = organizer.as().body(body).post("/api/events").then().statusCode(201).extract().path("id");

        Fixtures.hold(Fixtures.attendee(), eventId, Map.of("seats", List.of("ORCH-A-1"))).then().statusCode(404);
        organizer.as().post("/api/events/" + eventId + "/publish").then().statusCode(200);
        Fixtures.hold(Fixtures.attendee(), eventId, Map.of("seats", List.of("ORCH-A-1"))).then().statusCode(409)
                .body("type", equalTo("https://bookit.dev/problems/sales-not-started"))
                .body("salesStartAt", notNullValue());
        Fixtures.hold(Fixtures.attendee(), "00000000-0000-0000-0000-000000000000", Map.of("seats", List.of("ORCH-A-1")))
                .then().statusCode(404);
    }

    static void assertNoSingleOrphanInRows(Map<String, String> statuses, int rows, int seatsPerRow) {
        for (int r = 0; r < rows; r++) {
            String row = Fixtures.rowLabel(r);
            for (int n = 1; n <= seatsPerRow; n++) {
                boolean free = "AVAILABLE".equals(statuses.get("ORCH-" + row + "-" + n));
                boolean leftTaken = n == 1 || !"AVAILABLE".equals(statuses.get("ORCH-" + row + "-" + (n - 1)));
                boolean rightTaken = n == seatsPerRow || !"AVAILABLE".equals(statuses.get("ORCH-" + row + "-" + (n + 1)));
                boolean rowEmpty = statuses.entrySet().stream()
                        .filter(e -> e.getKey().startsWith("ORCH-" + row + "-")).allMatch(e -> e.getValue().equals("AVAILABLE"));
                assertThat(free && leftTaken && rightTaken && !rowEmpty)
                        .as("single orphan seat at ORCH-%s-%d", row, n).isFalse();
            }
        }
    }
}

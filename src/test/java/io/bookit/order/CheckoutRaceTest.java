package io.bookit.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.bookit.support.Fixtures;
import io.bookit.support.Fixtures.Account;
import io.bookit.support.Parallel;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Requests that race for one hold, released together: whatever the keys, one order is placed and the losers are told
 * why; a release racing the order ends either way, never both. (Idempotent retries with one key: OrderResourceTest.)
 */
@QuarkusTest
class CheckoutRaceTest {

    private static final String PROBLEMS = "https://bookit.dev/problems/";
    private static final Set<String> LOST_TO_ANOTHER_ORDER = Set.of(PROBLEMS + "hold-in-checkout",
            PROBLEMS + "hold-already-ordered");

    @Test
    void parallelOrdersOfOneHoldWithoutAKeyPlaceOneOrder() throws Exception {
        Account buyer = Fixtures.attendee();
        String eventId = Fixtures.event(Fixtures.organizer()).rows(1).seatsPerRow(10).maxPerOrder(4).onSale();
        String holdId = Fixtures.holdSeats(buyer, eventId, "ORCH-A-1", "ORCH-A-2");

        List<Response> answers = Parallel.run(8, i -> Fixtures.order(buyer, holdId));

        assertOneOrderPlaced(buyer, answers, 2);
        assertThat(Fixtures.seatStatuses(eventId)).containsEntry("ORCH-A-1", "SOLD").containsEntry("ORCH-A-2", "SOLD");
    }

    @Test
    void parallelOrdersOfOneHoldWithDifferentKeysPlaceOneOrder() throws Exception {
        Account buyer = Fixtures.attendee();
        String eventId = Fixtures.event(Fixtures.organizer()).rows(1).seatsPerRow(10).maxPerOrder(4).onSale();
        String holdId = Fixtures.holdSeats(buyer, eventId, "ORCH-A-3");

        List<Response> answers = Parallel.run(8, i -> buyer.as().header("Idempotency-Key", "key-" + i)
                .body(Map.of("holdId", holdId)).post("/api/orders"));

        assertOneOrderPlaced(buyer, answers, 1);
        // the winner's key replays the winner's order; a loser's key placed nothing and cannot order the hold again
        String winnerKey = "key-" + answers.indexOf(answers.stream().filter(a -> a.statusCode() == 201)
                .findFirst().orElseThrow());
        buyer.as().header("Idempotency-Key", winnerKey).body(Map.of("holdId", holdId)).post("/api/orders").then()
                .statusCode(201).header("Idempotent-Replayed", "true").body("id", equalTo(placedId(answers)));
        String loserKey = winnerKey.equals("key-0") ? "key-1" : "key-0";
        buyer.as().header("Idempotency-Key", loserKey).body(Map.of("holdId", holdId)).post("/api/orders").then()
                .statusCode(409).body("type", equalTo(PROBLEMS + "hold-already-ordered"));
    }

    @Test
    void aReleaseRacingTheOrderEitherSellsTheSeatOrFreesItNeverBoth() throws Exception {
        Account buyer = Fixtures.attendee();
        String eventId = Fixtures.event(Fixtures.organizer()).rows(1).seatsPerRow(10).maxPerOrder(4).onSale();
        for (int round = 1; round <= 5; round++) {
            String seat = "ORCH-A-" + round;
            String holdId = Fixtures.holdSeats(buyer, eventId, seat);

            List<Response> answers = Parallel.run(2, i -> i == 0 ? Fixtures.order(buyer, holdId)
                    : buyer.as().delete("/api/holds/" + holdId));

            Response order = answers.get(0);
            Response release = answers.get(1);
            if (order.statusCode() == 201) {
                assertThat(release.statusCode()).as("release after the order took the hold").isEqualTo(409);
                assertThat(release.jsonPath().getString("type")).isIn(LOST_TO_ANOTHER_ORDER);
                assertThat(Fixtures.seatStatuses(eventId)).containsEntry(seat, "SOLD");
            } else {
                assertThat(release.statusCode()).as("the order lost, so the release won").isEqualTo(204);
                assertThat(order.statusCode()).isEqualTo(409);
                assertThat(order.jsonPath().getString("type")).isEqualTo(PROBLEMS + "hold-expired");
                assertThat(Fixtures.seatStatuses(eventId)).containsEntry(seat, "AVAILABLE");
            }
        }
    }

    private static void assertOneOrderPlaced(Account buyer, List<Response> answers, int places) {
        assertThat(answers).filteredOn(a -> a.statusCode() == 201).hasSize(1);
        assertThat(answers).filteredOn(a -> a.statusCode() != 201).allSatisfy(a -> {
            assertThat(a.statusCode()).isEqualTo(409);
            assertThat(a.contentType()).startsWith("application/problem+json");
            assertThat(a.jsonPath().getString("type")).isIn(LOST_TO_ANOTHER_ORDER);
        });
        buyer.as().get("/api/me/orders").then().body("total", equalTo(1));
        buyer.as().get("/api/orders/" + placedId(answers)).then().statusCode(200)
                .body("status", equalTo("CONFIRMED"))
                .body("tickets.size()", equalTo(places));
    }

    private static String placedId(List<Response> answers) {
        return answers.stream().filter(a -> a.statusCode() == 201).findFirst().orElseThrow().jsonPath().getString("id");
    }
}

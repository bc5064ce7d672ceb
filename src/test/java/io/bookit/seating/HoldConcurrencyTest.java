package io.bookit.seating;

import static org.assertj.core.api.Assertions.assertThat;

import io.bookit.support.Fixtures;
import io.bookit.support.Parallel;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Real parallel requests against the running app; the assertions are the invariants, not timings. */
@QuarkusTest
class HoldConcurrencyTest {

    @Test
    void fiftyBuyersForOneSeatMakeExactlyOneHold() throws Exception {
        String eventId = Fixtures.event(Fixtures.organizer()).rows(1).seatsPerRow(10).maxPerOrder(4).onSale();
        List<Fixtures.Account> buyers = Parallel.run(50, i -> Fixtures.attendee());

        List<Integer> statuses = Parallel.run(50, i -> Fixtures.hold(buyers.get(i), eventId,
                Map.of("seats", List.of("ORCH-A-5"))).statusCode());

        assertThat(statuses).containsOnly(201, 409);
        assertThat(statuses.stream().filter(s -> s == 201)).hasSize(1);
        assertThat(Fixtures.seatStatuses(eventId)).containsEntry("ORCH-A-5", "HELD");
    }

    @Test
    void bestAvailableUnderLoadNeverHoldsASeatTwiceNorMoreThanExist() throws Exception {
        String eventId = Fixtures.event(Fixtures.organizer()).rows(10).seatsPerRow(10).maxPerOrder(4).onSale();
        List<Fixtures.Account> buyers = Parallel.run(20, i -> Fixtures.attendee());

        List<Response> answers = Parallel.run(200, i -> Fixtures.hold(buyers.get(i % 20), eventId,
                Map.of("bestAvailable", Map.of("quantity", 1 + i % 3))));

        List<String> held = new ArrayList<>();
        for (Response answer : answers) {
            assertThat(answer.statusCode()).isIn(201, 409);
            if (answer.statusCode() == 201) {
                held.addAll(answer.jsonPath().getList("seats"));
            }
        }
        assertThat(held).doesNotHaveDuplicates().hasSizeLessThanOrEqualTo(100);
        Set<String> mapHeld = heldSeats(eventId);
        assertThat(mapHeld).containsExactlyInAnyOrderElementsOf(held);
        assertThat(held).hasSizeGreaterThan(96); // only parties that no longer fit may fail
    }

    @Test
    void overlappingMultiSeatHoldsNeverHalfSucceed() throws Exception {
        String eventId = Fixtures.event(Fixtures.organizer()).rows(1).seatsPerRow(30).maxPerOrder(4).onSale();
        List<Fixtures.Account> buyers = Parallel.run(29, i -> Fixtures.attendee());

        // hold i wants seats i and i+1: neighbours overlap
        List<Response> answers = Parallel.run(29, i -> Fixtures.hold(buyers.get(i), eventId,
                Map.of("seats", List.of("ORCH-A-" + (i + 1), "ORCH-A-" + (i + 2)))));

        Set<String> granted = new HashSet<>();
        for (Response answer : answers) {
            if (answer.statusCode() == 201) {
                List<String> seats = answer.jsonPath().getList("seats");
                assertThat(seats).hasSize(2);
                for (String seat : seats) {
                    assertThat(granted.add(seat)).as("%s granted twice", seat).isTrue();
                }
            } else {
                assertThat(answer.statusCode()).isEqualTo(409);
            }
        }
        assertThat(heldSeats(eventId)).isEqualTo(granted);
    }

    @Test
    void generalAdmissionNeverOversellsUnderParallelHoldsAndOrders() throws Exception {
        String eventId = Fixtures.event(Fixtures.organizer()).standing(30).maxPerOrder(4).onSale();
        List<Fixtures.Account> buyers = Parallel.run(40, i -> Fixtures.attendee());

        List<Integer> orders = Parallel.run(40, i -> {
            Response hold = Fixtures.hold(buyers.get(i), eventId, Map.of("section", "PIT", "quantity", 1));
            if (hold.statusCode() != 201) {
                return hold.statusCode();
            }
            return Fixtures.order(buyers.get(i), hold.jsonPath().getString("id")).statusCode();
        });

        assertThat(orders.stream().filter(s -> s == 201)).hasSize(30);
        assertThat(orders).containsOnly(201, 409);
        io.restassured.RestAssured.given().get("/api/events/" + eventId + "/seats").then()
                .body("areas[0].available", org.hamcrest.Matchers.equalTo(0));
    }

    static Set<String> heldSeats(String eventId) {
        Set<String> held = new HashSet<>();
        Fixtures.seatStatuses(eventId).forEach((id, status) -> {
            if (status.equals("HELD")) {
                held.add(id);
            }
        });
        return held;
    }
}

package io.bookit.seating;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.bookit.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(HoldExpiryTest.ShortHolds.class)
class HoldExpiryTest {

    public static class ShortHolds implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("bookit.holds.ttl", "2s");
        }
    }

    @Test
    void expiredHoldsGiveTheirSeatsBackAndCannotBeOrdered() {
        Fixtures.Account buyer = Fixtures.attendee();
        String eventId = Fixtures.event(Fixtures.organizer()).rows(1).seatsPerRow(10).standing(10).maxPerOrder(4)
                .onSale();
        String seats = Fixtures.holdSeats(buyer, eventId, "ORCH-A-1", "ORCH-A-2");
        Fixtures.hold(buyer, eventId, Map.of("section", "PIT", "quantity", 4)).then().statusCode(201);
        assertThat(Fixtures.seatStatuses(eventId)).containsEntry("ORCH-A-1", "HELD");

        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            assertThat(Fixtures.seatStatuses(eventId)).containsEntry("ORCH-A-1", "AVAILABLE")
                    .containsEntry("ORCH-A-2", "AVAILABLE");
            io.restassured.RestAssured.given().get("/api/events/" + eventId + "/seats").then()
                    .body("areas[0].available", equalTo(10));
        });
        buyer.as().get("/api/holds/" + seats).then().statusCode(200).body("status", equalTo("EXPIRED"));
        Fixtures.order(buyer, seats).then().statusCode(409)
                .body("type", equalTo("https://bookit.dev/problems/hold-expired"));
        Fixtures.holdSeats(Fixtures.attendee(), eventId, "ORCH-A-1");
    }
}

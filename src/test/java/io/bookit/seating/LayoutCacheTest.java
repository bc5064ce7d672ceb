package io.bookit.seating;

import static org.assertj.core.api.Assertions.assertThat;

import io.bookit.support.Fixtures;
import io.bookit.support.Metrics;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(LayoutCacheTest.SmallLayoutCache.class)
class LayoutCacheTest {

    static final int MAX_PLACES = 150;

    public static class SmallLayoutCache implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("bookit.seating.layout-cache-places", Integer.toString(MAX_PLACES));
        }
    }

    @Test
    void layoutsBeyondTheBoundAreDroppedAndReadAgainWhenAsked() {
        Fixtures.Account organizer = Fixtures.organizer();
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 4; i++) { // 4 x 60 seats: more than the cache holds
            events.add(Fixtures.event(organizer).rows(1).seatsPerRow(60).maxPerOrder(4).onSale());
        }
        String larger = Fixtures.event(organizer).rows(4).seatsPerRow(50).maxPerOrder(4).onSale(); // never fits
        for (String event : events) {
            assertThat(Fixtures.seatStatuses(event)).hasSize(60);
        }
        assertThat(Fixtures.seatStatuses(larger)).hasSize(200);
        assertThat(cachedPlaces()).isBetween(60.0, (double) MAX_PLACES);

        // every event, cached or dropped, still sells its seats
        Fixtures.Account buyer = Fixtures.attendee();
        for (String event : events) {
            Fixtures.holdSeats(buyer, event, "ORCH-A-7");
            assertThat(Fixtures.seatStatuses(event)).containsEntry("ORCH-A-7", "HELD").containsEntry("ORCH-A-8",
                    "AVAILABLE");
        }
        Fixtures.holdSeats(buyer, larger, "ORCH-D-50");
        assertThat(Fixtures.seatStatuses(larger)).containsEntry("ORCH-D-50", "HELD");
        assertThat(cachedPlaces()).isLessThanOrEqualTo(MAX_PLACES);
    }

    private static double cachedPlaces() {
        return Metrics.sum("bookit_layout_cache_places");
    }
}

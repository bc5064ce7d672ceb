package io.bookit.seating;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

final class SeatMapDtos {

    private SeatMapDtos() {
    }

    record SeatView(String id, String section, String row, int number, String price, SeatStatus status) {
    }

    record AreaView(String section, int capacity, int available, String price) {
    }

    /** {@code onSale}: holds are taken now (the event is on sale and inside its sales window). */
    record SeatMap(UUID eventId, long version, Instant salesEndAt, boolean onSale, List<SeatView> seats,
            List<AreaView> areas) {
    }
}

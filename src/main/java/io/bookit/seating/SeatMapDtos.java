package io.bookit.seating;

import java.util.List;
import java.util.UUID;

final class SeatMapDtos {

    private SeatMapDtos() {
    }

    record SeatView(String id, String section, String row, int number, String price, SeatStatus status) {
    }

    record AreaView(String section, int capacity, int available, String price) {
    }

    record SeatMap(UUID eventId, long version, List<SeatView> seats, List<AreaView> areas) {
    }
}

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

    /** A seat of the layout: what never changes once the event is published. */
    record LayoutSeat(String id, String section, String row, int number, String price) {
    }

    record LayoutArea(String section, int capacity, String price) {
    }

    /** {@code GET /api/events/{id}/layout}: seats in layout order, the order of the compact statuses. */
    record Layout(UUID eventId, List<LayoutSeat> seats, List<LayoutArea> areas) {
    }

    record CompactArea(String section, int available) {
    }

    /** {@code GET /api/events/{id}/seats?view=compact}: see {@link CompactStatuses}. */
    record CompactSeatMap(UUID eventId, long version, String encoding, String statuses, List<CompactArea> areas) {
    }
}

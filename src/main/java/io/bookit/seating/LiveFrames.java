package io.bookit.seating;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What the live seat map sends, and what it reads from the Redis change feed (see lua/lib.lua, publish_change). */
final class LiveFrames {

    private LiveFrames() {
    }

    record Snapshot(String type, UUID eventId, long version, Instant salesEndAt, boolean onSale,
            List<SeatMapDtos.SeatView> seats, List<SeatMapDtos.AreaView> areas) {

        static Snapshot of(SeatMapDtos.SeatMap map) {
            return new Snapshot("snapshot", map.eventId(), map.version(), map.salesEndAt(), map.onSale(), map.seats(),
                    map.areas());
        }
    }

    /** The snapshot of {@code ?view=compact}: {@code statuses} (see {@link CompactStatuses}) instead of {@code seats}. */
    record CompactSnapshot(String type, UUID eventId, long version, Instant salesEndAt, boolean onSale, String encoding,
            String statuses, List<SeatMapDtos.AreaView> areas) {

        static CompactSnapshot of(EventLayout layout, SeatInventory.Snapshot snapshot) {
            return new CompactSnapshot("snapshot", layout.eventId(), snapshot.version(), snapshot.salesEndAt(),
                    snapshot.onSale(), CompactStatuses.ENCODING, SeatMapService.statuses(layout, snapshot),
                    SeatMapService.areaViews(layout, snapshot));
        }
    }

    /** Covers the feed versions {@code fromVersion..version}; one change per seat and per area, the latest. */
    record Delta(String type, long fromVersion, long version, List<SeatChange> changes, List<AreaChange> areas) {
    }

    record SeatChange(String id, SeatStatus status) {
    }

    record AreaChange(String section, int available) {
    }

    record Error(String type, String code, String message) {

        static Error of(String code, String message) {
            return new Error("error", code, message);
        }
    }

    /**
     * One feed message: {@code {"v":42,"seats":{"1":[3,4]},"ga":{"PIT":497}}} or {@code {"v":..,"reset":true}}.
     * Unknown fields are ignored, so the Lua side may add some.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record FeedMessage(long v, boolean reset, Map<String, List<Integer>> seats, Map<String, Integer> ga) {
    }

    /** Merges consecutive feed messages into one delta; a later message wins for the same seat or area. */
    static Delta delta(EventLayout layout, List<FeedMessage> messages) {
        Map<String, SeatStatus> seats = new LinkedHashMap<>();
        Map<String, Integer> areas = new LinkedHashMap<>();
        for (FeedMessage message : messages) {
            if (message.seats() != null) {
                message.seats().forEach((code, indices) -> {
                    SeatStatus status = SeatStatus.of(code.charAt(0));
                    for (int index : indices) {
                        if (index >= 0 && index < layout.seats().size()) {
                            seats.put(layout.seat(index).id(), status);
                        }
                    }
                });
            }
            if (message.ga() != null) {
                areas.putAll(message.ga());
            }
        }
        List<SeatChange> changes = new ArrayList<>(seats.size());
        seats.forEach((id, status) -> changes.add(new SeatChange(id, status)));
        List<AreaChange> available = new ArrayList<>(areas.size());
        areas.forEach((section, count) -> available.add(new AreaChange(section, Math.max(0, count))));
        return new Delta("delta", messages.get(0).v(), messages.get(messages.size() - 1).v(), changes, available);
    }
}

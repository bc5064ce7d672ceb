package io.bookit.demo;

import io.bookit.event.EventDtos;
import io.bookit.event.WaitingRoom;
import io.bookit.venue.SectionKind;
import io.bookit.venue.VenueDtos;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The demo venue and event. */
final class DemoLayouts {

    private DemoLayouts() {
    }

    /** 10 orchestra rows and 5 balcony rows of 20 seats (300 seats), and a 200-place standing pit. */
    static VenueDtos.CreateVenue arena() {
        return new VenueDtos.CreateVenue("Bookit Arena", "1 Demo Street, Berlin", "Europe/Berlin", List.of(
                new VenueDtos.SectionSpec("ORCH", "Orchestra", SectionKind.SEATED, rows("ABCDEFGHJK", 20), null),
                new VenueDtos.SectionSpec("BALC", "Balcony", SectionKind.SEATED, rows("LMNOP", 20), null),
                new VenueDtos.SectionSpec("PIT", "Standing pit", SectionKind.GENERAL_ADMISSION, null, 200)));
    }

    static EventDtos.CreateEvent openingNight(UUID venueId) {
        Instant start = Instant.now().plus(60, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
        return new EventDtos.CreateEvent(venueId, "Opening Night", "The season opens with a night of strings and light. Pick your seats on the live map: "
                        + "seats others take turn grey as it happens.",
                start, start.plus(3, ChronoUnit.HOURS), "EUR", List.of(
                        new EventDtos.PriceSpec("ORCH", new BigDecimal("79.00")),
                        new EventDtos.PriceSpec("BALC", new BigDecimal("49.00")),
                        new EventDtos.PriceSpec("PIT", new BigDecimal("35.00"))),
                null, null, 8, null, null, null, null);
    }

    /**
     * A big on-sale behind a waiting room, in the same arena: join the queue, get admitted, hold with the token. At
     * most 4 places a hold and 6 a buyer in all, so nobody hoards the sale with many holds or orders.
     */
    static EventDtos.CreateEvent flashSale(UUID venueId) {
        Instant start = Instant.now().plus(90, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
        return new EventDtos.CreateEvent(venueId, "Flash Sale Night",
                "The big one. So many fans want in that tickets sell through a waiting room: join the queue, wait for your "
                        + "turn, then pick your seats. At most 4 tickets per order and 6 per person.",
                start, start.plus(3, ChronoUnit.HOURS), "EUR", List.of(
                        new EventDtos.PriceSpec("ORCH", new BigDecimal("99.00")),
                        new EventDtos.PriceSpec("BALC", new BigDecimal("59.00")),
                        new EventDtos.PriceSpec("PIT", new BigDecimal("45.00"))),
                null, null, 4, 6, new WaitingRoom(true, 60, 100, 15, null), null, null);
    }

    private static List<VenueDtos.RowSpec> rows(String labels, int seats) {
        List<VenueDtos.RowSpec> rows = new ArrayList<>();
        for (char label : labels.toCharArray()) {
            rows.add(new VenueDtos.RowSpec(String.valueOf(label), seats));
        }
        return rows;
    }
}

package io.bookit.seating;

import io.bookit.common.Money;
import io.bookit.event.Event;
import io.bookit.event.EventStatus;
import io.bookit.venue.Section;
import io.bookit.venue.Venue;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An event's places in a fixed order: every numbered seat has an index (its byte in Redis), every seated row a
 * range of indices, every general-admission area a capacity. Built once from the venue and the event's prices;
 * immutable, since venue and prices cannot change once an event is published.
 */
public final class EventLayout {

    public record Seat(int index, String id, String section, String row, int number, String price) {
    }

    record Row(String label, int start, int length) {
    }

    record SeatedSection(String key, List<Row> rows) {
    }

    public record Area(String section, int capacity, String price) {
    }

    private final UUID eventId;
    private final UUID ownerId;
    private final EventStatus statusAtLoad;
    private final Instant salesEndAtLoad;
    private final String currency;
    private final List<Seat> seats = new ArrayList<>();
    private final Map<String, Seat> seatsById = new HashMap<>();
    private final Map<String, SeatedSection> seated = new LinkedHashMap<>();
    private final Map<String, Area> areas = new LinkedHashMap<>();
    private final Map<String, BigDecimal> prices = new HashMap<>();

    EventLayout(Event event, Venue venue) {
        this.eventId = event.id;
        this.ownerId = event.ownerId;
        this.statusAtLoad = event.status;
        this.salesEndAtLoad = event.salesEndAt;
        this.currency = event.currency;
        for (Section section : venue.sections) {
            BigDecimal price = event.priceOf(section.key());
            String shown = Money.format(price, currency);
            prices.put(section.key(), price);
            if (section.seated()) {
                List<Row> rows = new ArrayList<>();
                for (Section.Row row : section.rows()) {
                    rows.add(new Row(row.label(), seats.size(), row.seats()));
                    for (int number = 1; number <= row.seats(); number++) {
                        String id = section.key() + "-" + row.label() + "-" + number;
                        Seat seat = new Seat(seats.size(), id, section.key(), row.label(), number, shown);
                        seats.add(seat);
                        seatsById.put(id, seat);
                    }
                }
                seated.put(section.key(), new SeatedSection(section.key(), List.copyOf(rows)));
            } else {
                areas.put(section.key(), new Area(section.key(), section.capacity(), shown));
            }
        }
    }

    public UUID eventId() {
        return eventId;
    }

    public UUID ownerId() {
        return ownerId;
    }

    public String currency() {
        return currency;
    }

    /** Whether the event was a draft when this layout was built (drafts are never cached). */
    public boolean draft() {
        return statusAtLoad == EventStatus.DRAFT;
    }

    /**
     * When sales end, as the event said when this layout was built: current for a draft (drafts are never cached);
     * a published event's sale rules live in Redis and change without its layout.
     */
    Instant draftSalesEndAt() {
        return salesEndAtLoad;
    }

    public List<Seat> seats() {
        return seats;
    }

    /** Numbered seats plus general-admission areas: what this layout weighs in memory. */
    public int places() {
        return seats.size() + areas.size();
    }

    public Seat seat(String id) {
        return seatsById.get(id);
    }

    public Seat seat(int index) {
        return seats.get(index);
    }

    /** The seat indices (as the Redis scripts take them) of these seat ids. */
    public List<Integer> indices(List<String> seatIds) {
        return seatIds.stream().map(id -> seatsById.get(id).index()).toList();
    }

    public Area area(String section) {
        return areas.get(section);
    }

    public Iterable<Area> areas() {
        return areas.values();
    }

    public boolean isSeatedSection(String key) {
        return seated.containsKey(key);
    }

    public BigDecimal price(String section) {
        return prices.get(section);
    }

    /** The price of an order's places. */
    public BigDecimal total(Places places) {
        return total(places.seats(), places.section(), places.count());
    }

    /** The price of a hold or order: its seats' prices, or a general-admission area's price times the count. */
    public BigDecimal total(List<Integer> seatIndices, String gaSection, int count) {
        if (seatIndices.isEmpty() && gaSection != null && !gaSection.isEmpty()) {
            return price(gaSection).multiply(BigDecimal.valueOf(count));
        }
        return seatIndices.stream().map(i -> price(seat(i).section())).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** Rows to search for best-available seats, in preference order: the section's rows, or every seated row. */
    List<Row> candidateRows(String section) {
        if (section != null) {
            return seated.get(section).rows();
        }
        return seated.values().stream().flatMap(s -> s.rows().stream()).toList();
    }

    /** The seated rows, front first, as the waiting list's offers read them: {@code SECTION:start:length,...}. */
    String rowsForOffers() {
        StringBuilder rows = new StringBuilder();
        seated.forEach((key, section) -> section.rows().forEach(row -> {
            if (rows.length() > 0) {
                rows.append(',');
            }
            rows.append(key).append(':').append(row.start()).append(':').append(row.length());
        }));
        return rows.toString();
    }

    /** Whether the event has a seated section or general-admission area with this key. */
    public boolean hasSection(String section) {
        return seated.containsKey(section) || areas.containsKey(section);
    }
}

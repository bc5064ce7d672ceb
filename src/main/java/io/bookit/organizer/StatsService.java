package io.bookit.organizer;

import io.bookit.auth.Caller;
import io.bookit.common.Money;
import io.bookit.event.Event;
import io.bookit.event.EventService;
import io.bookit.event.Price;
import io.bookit.seating.EventLayout;
import io.bookit.seating.LayoutCache;
import io.bookit.seating.SeatInventory;
import io.bookit.waitlist.WaitlistService;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An event's figures for its organizer: sales from PostgreSQL aggregates, held and available places from the live
 * Redis state, so the figures stay right while a sale runs.
 */
@ApplicationScoped
public class StatsService {

    static final int MAX_BUCKETS = 500;

    private final EventService events;
    private final SalesRepository sales;
    private final LayoutCache layouts;
    private final SeatInventory inventory;
    private final WaitlistService waitlist;

    StatsService(EventService events, SalesRepository sales, LayoutCache layouts, SeatInventory inventory,
            WaitlistService waitlist) {
        this.waitlist = waitlist;
        this.events = events;
        this.sales = sales;
        this.layouts = layouts;
        this.inventory = inventory;
    }

    /** What PostgreSQL says, read in one session before Redis is asked. */
    record Sales(Event event, List<SalesRepository.Aggregate> aggregates, long waitingList) {
    }

    /** Places that are held or free right now, per Redis. */
    record Live(long held, long available) {
    }

    public Uni<OrganizerDtos.Stats> stats(Caller caller, UUID eventId) {
        return sales(caller, eventId).chain(figures -> layouts.get(eventId)
                .chain(layout -> live(layout).map(live -> build(figures, layout, live))));
    }

    @WithSession
    Uni<Sales> sales(Caller caller, UUID eventId) {
        return events.getOwned(caller, eventId)
                .chain(event -> sales.aggregates(eventId).chain(aggregates -> waitlist.waitingCount(eventId)
                        .map(waiting -> new Sales(event, aggregates, waiting))));
    }

    /** Sales over time in buckets of {@code bucketMinutes}: the newest {@link #MAX_BUCKETS} non-empty ones. */
    @WithSession
    public Uni<OrganizerDtos.Timeline> timeline(Caller caller, UUID eventId, int bucketMinutes) {
        return events.getOwned(caller, eventId).chain(event -> sales.timeline(eventId, bucketMinutes, MAX_BUCKETS)
                .map(buckets -> new OrganizerDtos.Timeline(eventId, bucketMinutes, event.currency, buckets.stream()
                        .map(b -> point(b, event.currency)).toList())));
    }

    private static OrganizerDtos.SalesPoint point(SalesRepository.Bucket bucket, String currency) {
        return new OrganizerDtos.SalesPoint(bucket.at(), bucket.tickets(), Money.format(bucket.revenue(), currency));
    }

    /** A draft has no live state: everything is available. Otherwise count seat states and GA areas. */
    private Uni<Live> live(EventLayout layout) {
        if (layout.draft()) {
            return Uni.createFrom().item(new Live(0, capacity(layout)));
        }
        return inventory.snapshot(layout.eventId()).map(snapshot -> {
            long held = 0;
            long available = 0;
            String states = snapshot.seatStates();
            for (int i = 0; i < states.length(); i++) {
                char state = states.charAt(i);
                if (state == '1') {
                    held++;
                } else if (state == '0') {
                    available++;
                }
            }
            for (EventLayout.Area area : layout.areas()) {
                int free = Math.max(0, snapshot.available().getOrDefault(area.section(), 0));
                int sold = snapshot.sold().getOrDefault(area.section(), 0);
                available += free;
                held += Math.max(0, area.capacity() - free - sold);
            }
            return new Live(held, available);
        });
    }

    private static long capacity(EventLayout layout) {
        long capacity = layout.seats().size();
        for (EventLayout.Area area : layout.areas()) {
            capacity += area.capacity();
        }
        return capacity;
    }

    static OrganizerDtos.Stats build(Sales figures, EventLayout layout, Live live) {
        String currency = figures.event().currency;
        long sold = 0;
        long checkedIn = 0;
        BigDecimal revenue = BigDecimal.ZERO;
        OrganizerDtos.Refunded refunded = new OrganizerDtos.Refunded(0, Money.format(BigDecimal.ZERO, currency));
        List<OrganizerDtos.DaySales> days = new ArrayList<>();
        Map<String, OrganizerDtos.TierSales> tiers = new LinkedHashMap<>();
        for (Price price : figures.event().prices) {
            tiers.put(tierKey(price.section(), price.price()), new OrganizerDtos.TierSales(price.section(),
                    Money.format(price.price(), currency), 0, Money.format(BigDecimal.ZERO, currency)));
        }
        for (SalesRepository.Aggregate row : figures.aggregates()) {
            switch (row.kind()) {
                case ALL -> {
                    sold = row.tickets();
                    checkedIn = row.checkedIn();
                    revenue = row.revenue();
                }
                case DAY -> days.add(new OrganizerDtos.DaySales(row.date(), row.tickets(),
                        Money.format(row.revenue(), currency)));
                case TIER -> tiers.put(tierKey(row.section(), row.price()), new OrganizerDtos.TierSales(row.section(),
                        Money.format(row.price(), currency), row.tickets(), Money.format(row.revenue(), currency)));
                case REFUND -> refunded = new OrganizerDtos.Refunded(row.tickets(), Money.format(row.revenue(), currency));
            }
        }
        return new OrganizerDtos.Stats(capacity(layout), sold, live.held(), live.available(),
                Money.format(revenue, currency), currency, checkedIn,
                refunded, days,
                List.copyOf(tiers.values()), figures.waitingList());
    }

    private static String tierKey(String section, BigDecimal price) {
        return section + "@" + price.stripTrailingZeros().toPlainString();
    }
}

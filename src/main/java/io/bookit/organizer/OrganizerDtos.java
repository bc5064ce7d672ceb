package io.bookit.organizer;

import io.bookit.order.OrderStatus;
import io.bookit.ticket.TicketStatus;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

final class OrganizerDtos {

    private OrganizerDtos() {
    }

    /** One ticket of the event as its organizer sees it. {@code seat} is the seat id, or the GA section. */
    record AttendeeView(UUID ticketId, String seat, String section, String holderName, String holderEmail,
            UUID orderId, OrderStatus orderStatus, TicketStatus ticketStatus, String price, String currency,
            Instant purchasedAt, Instant checkedInAt) {
    }

    record Refunded(long tickets, String amount) {
    }

    /** Live tickets sold on one day of the venue's calendar ({@code date} is {@code YYYY-MM-DD}). */
    record DaySales(String date, long tickets, String revenue) {
    }

    record TierSales(String section, String price, long sold, String revenue) {
    }

    /**
     * Sold, revenue and checked-in count live tickets (VALID or CHECKED_IN) in PostgreSQL; held and available are the
     * live Redis state. While a checkout is committing, its places may briefly count as held and sold at once.
     */
    record Stats(long capacity, long sold, long held, long available, String revenue, String currency, long checkedIn,
            Refunded refunded, List<DaySales> salesByDay, List<TierSales> byPriceTier, long waitingList) {
    }

    /** Live tickets sold in the bucket that starts at {@code at} (and lasts the timeline's {@code bucketMinutes}). */
    record SalesPoint(Instant at, long tickets, String revenue) {
    }

    /** Sales over time: non-empty buckets only, oldest first, at most the newest {@code StatsService.MAX_BUCKETS}. */
    record Timeline(UUID eventId, int bucketMinutes, String currency, List<SalesPoint> points) {
    }
}

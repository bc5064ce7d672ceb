package io.bookit.order;

import io.bookit.common.JsonColumn;
import io.bookit.seating.EventLayout;
import io.bookit.seating.Places;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@Entity
@Table(name = "orders")
public class Order {

    @Id
    public UUID id;

    @Column(name = "event_id")
    public UUID eventId;

    @Column(name = "buyer_id")
    public UUID buyerId;

    @Column(name = "hold_id")
    public String holdId;

    @Enumerated(EnumType.STRING)
    public OrderStatus status;

    /** Seat ids, empty for a general-admission order. */
    @Convert(converter = JsonColumn.StringList.class)
    public List<String> seats;

    /** The general-admission area, null for numbered seats. */
    public String section;

    public int quantity;

    public BigDecimal total;

    /** What the payment provider has given back; below {@link #total} on a REFUNDED order, a refund is still owed. */
    @Column(name = "refunded_amount")
    public BigDecimal refundedAmount = BigDecimal.ZERO;

    /** When the provider was last asked for the money owed (the refund job waits until that attempt has ended). */
    @Column(name = "refund_attempted_at")
    public Instant refundAttemptedAt;

    public String currency;

    @Column(name = "payment_provider")
    public String paymentProvider;

    @Column(name = "payment_ref")
    public String paymentRef;

    @Column(name = "client_secret")
    public String clientSecret;

    @Column(name = "idempotency_key")
    public String idempotencyKey;

    @Column(name = "status_reason")
    public String statusReason;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "confirmed_at")
    public Instant confirmedAt;

    /** A pending payment is awaited until then; the order expires after it. */
    @Column(name = "payment_deadline")
    public Instant paymentDeadline;

    public boolean generalAdmission() {
        return section != null;
    }

    /** The order's places, as the seat state in Redis and the tickets count them. */
    public Places places(EventLayout layout) {
        return generalAdmission() ? Places.area(section, quantity) : Places.seats(layout.indices(seats));
    }

    /** Money the buyer is still owed: a refunded order whose refund the provider has not confirmed yet. */
    public BigDecimal refundOwed() {
        return status == OrderStatus.REFUNDED ? total.subtract(refundedAmount).max(BigDecimal.ZERO) : BigDecimal.ZERO;
    }
}

package io.bookit.order;

/** PENDING_PAYMENT → CONFIRMED (paid, tickets issued) | EXPIRED | CANCELLED; CONFIRMED → REFUNDED. */
public enum OrderStatus {
    PENDING_PAYMENT,
    CONFIRMED,
    EXPIRED,
    CANCELLED,
    REFUNDED
}

package io.bookit.ticket;

/** PENDING → ACCEPTED (the ticket changed holder, its code rotated) | CANCELLED (by the sender, or the ticket was voided) | EXPIRED. */
public enum TransferStatus {
    PENDING,
    ACCEPTED,
    CANCELLED,
    EXPIRED
}

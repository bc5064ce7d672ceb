package io.bookit.ticket;

public enum TicketStatus {
    VALID,
    CHECKED_IN,
    VOID
}

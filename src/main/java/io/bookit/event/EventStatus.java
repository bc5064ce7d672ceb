package io.bookit.event;

/** DRAFT (owner only) → ON_SALE (published) → CANCELLED. */
public enum EventStatus {
    DRAFT,
    ON_SALE,
    CANCELLED
}

package io.bookit.waitlist;

/** Where a waiting-list entry stands (docs/WAITING_LIST.md). */
public enum WaitlistStatus {
    /** On the list, by position. */
    WAITING,
    /** Places are held in the entry's name until {@code offerExpiresAt}; the user orders the hold like any other. */
    OFFERED,
    /** The offer was bought. */
    DONE,
    /** An offer not taken (expired or released); the user may join again, at the back. */
    EXPIRED,
    /** The user left the list. */
    LEFT
}

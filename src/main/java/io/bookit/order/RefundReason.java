package io.bookit.order;

/**
 * Why a paid order is refunded, which decides the rules: a buyer cannot take back an order once one of its tickets
 * was scanned at the door or transferred to someone else; the organizer (one order, or the whole event) always can;
 * when the provider reports the money back, nothing is owed any more.
 */
enum RefundReason {

    BUYER("Cancelled by the buyer"),
    ORGANIZER("Cancelled by the organizer"),
    EVENT_CANCELLED(OrderEvent.EVENT_CANCELLED_REASON),
    /** The whole amount was refunded at the payment provider (e.g. from its dashboard). */
    PROVIDER("Refunded at the payment provider");

    final String text;

    RefundReason(String text) {
        this.text = text;
    }

    /** Whether a checked-in (or transferred) ticket stops the refund. */
    boolean refusedAfterCheckIn() {
        return this == BUYER;
    }
}

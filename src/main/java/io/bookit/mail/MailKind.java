package io.bookit.mail;

/** The mails a buyer gets about an order, one a message: which one follows from the order event. */
enum MailKind {
    /** The order is paid: tickets (PDF) and a calendar entry. */
    CONFIRMATION,
    /** The order was refunded (by the buyer, the organizer, or a payment that came too late). */
    REFUND,
    /** The event was cancelled, so the order was refunded: the refund mail worded for that. */
    CANCELLATION
}

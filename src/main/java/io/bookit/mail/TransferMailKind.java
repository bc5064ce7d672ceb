package io.bookit.mail;

/** The mails about a ticket transfer; one transfer event may call for two (the sender's and the recipient's). */
enum TransferMailKind {
    /** To the recipient, when a ticket is offered (transfer.offered): who sends what, and how to accept it. */
    OFFER,
    /** To the sender, once the recipient accepted (ticket.transferred): the ticket and its code are no longer theirs. */
    SENT,
    /** To the recipient, once accepted (ticket.transferred): the ticket with its new code as a PDF. */
    RECEIVED
}

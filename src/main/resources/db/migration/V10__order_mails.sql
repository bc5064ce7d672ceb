-- Mails to buyers about their orders (package mail): one row per order event that was mailed, under the id of its
-- message (the outbox row), written in the transaction that sends the mail so that a redelivered message sends
-- nothing. See docs/TICKETS.md.
CREATE TABLE order_mail (
    message_id uuid PRIMARY KEY,
    order_id   uuid        NOT NULL REFERENCES orders (id),
    kind       text        NOT NULL CHECK (kind IN ('CONFIRMATION', 'REFUND', 'CANCELLATION')),
    recipient  text        NOT NULL,
    sent_at    timestamptz NOT NULL
);
CREATE INDEX order_mail_order_idx ON order_mail (order_id);

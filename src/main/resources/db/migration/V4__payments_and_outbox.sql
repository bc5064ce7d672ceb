-- Payments that settle later (Stripe) and the transactional outbox of order events.

-- When a pending payment stops being awaited: the claimed hold lives until then, the order expires after it.
ALTER TABLE orders ADD COLUMN payment_deadline timestamptz;
CREATE INDEX orders_pending_deadline_idx ON orders (payment_deadline) WHERE status = 'PENDING_PAYMENT';
CREATE INDEX orders_payment_ref_idx ON orders (payment_ref);

-- Events that must reach other parts reliably, written in the transaction that made them true.
CREATE TABLE outbox_message (
    id            uuid PRIMARY KEY,
    topic         text        NOT NULL,
    payload       text        NOT NULL,
    created_at    timestamptz NOT NULL,
    claimed_until timestamptz,
    published_at  timestamptz
);
CREATE INDEX outbox_unpublished_idx ON outbox_message (created_at) WHERE published_at IS NULL;

-- Stripe webhook events already handled (replays are answered 200 without effect).
CREATE TABLE payment_webhook_event (
    id          text PRIMARY KEY,
    type        text        NOT NULL,
    received_at timestamptz NOT NULL
);

-- Refunds: what the payment provider has given back of each order. A REFUNDED order whose refunded_amount is below
-- its total is still owed money: the refund job retries it until the provider confirms, once the last attempt
-- (refund_attempted_at) is old enough to have ended.
ALTER TABLE orders ADD COLUMN refunded_amount numeric(12, 2) NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN refund_attempted_at timestamptz;
-- Orders refunded before this column existed had their money back when they were marked.
UPDATE orders SET refunded_amount = total WHERE status = 'REFUNDED';
ALTER TABLE orders ADD CONSTRAINT orders_refund_within_total CHECK (refunded_amount BETWEEN 0 AND total);
CREATE INDEX orders_refund_owed_idx ON orders (refund_attempted_at) WHERE status = 'REFUNDED' AND refunded_amount < total;

-- Stripe webhook events are claimed before they act: the delivery whose insert wins handles the event, a parallel
-- duplicate is told to come back later, a failed one gives its claim back, a claim left by a crash goes stale.
ALTER TABLE payment_webhook_event
    ADD COLUMN status text NOT NULL DEFAULT 'DONE' CHECK (status IN ('PROCESSING', 'DONE')),
    ADD COLUMN claimed_at timestamptz;

-- A pending order that the payment provider failed to start is CANCELLED and its hold handed back to the buyer
-- (issue 29). The hold must then be orderable again: only orders that are not CANCELLED own their hold for good.
ALTER TABLE orders DROP CONSTRAINT orders_one_per_hold;
CREATE UNIQUE INDEX orders_one_per_hold ON orders (hold_id) WHERE status <> 'CANCELLED';

-- Per-user cap on places per event, across all of a buyer's holds and orders (see docs/API-OVERVIEW.md); NULL = none
-- beyond max_seats_per_order. V5 is intentionally unused.
ALTER TABLE event ADD COLUMN max_seats_per_user int CHECK (max_seats_per_user BETWEEN 1 AND 1000);

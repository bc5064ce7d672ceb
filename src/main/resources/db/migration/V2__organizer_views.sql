-- Organizer views (attendee list, CSV export, stats) on events with tens of thousands of tickets.

-- The attendee list's stable order (purchase time, ticket id): pages, keyset chunks of the CSV export, and the stats
-- scan of one event's tickets all walk this index.
CREATE INDEX ticket_event_purchase_idx ON ticket (event_id, created_at, id);

-- Organizer views (attendee list, CSV export, stats) on events with tens of thousands of tickets.

-- The attendee list's stable order (purchase time, ticket id): pages, counts and the keyset chunks of the CSV export
-- walk it; the included columns let the stats aggregate read an event's tickets from the index alone.
CREATE INDEX ticket_event_purchase_idx ON ticket (event_id, created_at, id) INCLUDE (status, section, price);

-- Attendee search by holder name or email is a substring match ('%q%'): trigram indexes answer it without reading
-- every user. pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX app_user_name_trgm_idx ON app_user USING gin (lower(display_name) gin_trgm_ops);
CREATE INDEX app_user_email_trgm_idx ON app_user USING gin (email gin_trgm_ops);

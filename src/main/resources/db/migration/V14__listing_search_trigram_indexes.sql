-- The public listing's search (GET /api/events?q=): lower(name) LIKE '%q%' OR lower(description) LIKE '%q%' keeps
-- its substring meaning, and trigram GIN indexes answer it instead of a read of every event. pg_trgm ships with
-- PostgreSQL (Debian: postgresql-15, contrib); it is a trusted extension since PostgreSQL 13, so the database owner
-- may create it without superuser (docs/OPERATIONS.md).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX event_name_trgm_idx ON event USING gin (lower(name) gin_trgm_ops);
CREATE INDEX event_description_trgm_idx ON event USING gin (lower(description) gin_trgm_ops);

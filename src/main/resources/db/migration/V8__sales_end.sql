-- When sales close (see docs/API-OVERVIEW.md, "Sales window"): from then on holds and new orders are refused.
-- The default is the event's start; an event whose sales open only after its start sells until it ends.
ALTER TABLE event ADD COLUMN sales_end_at timestamptz;

UPDATE event SET sales_end_at = CASE WHEN sales_start_at < starts_at THEN starts_at ELSE ends_at END;

ALTER TABLE event ALTER COLUMN sales_end_at SET NOT NULL,
    ADD CONSTRAINT event_sales_window CHECK (sales_end_at > sales_start_at AND sales_end_at <= ends_at);

-- The app always writes the column. During a rolling deploy an instance of the previous version does not know it:
-- its inserts get the default here rather than failing on NOT NULL.
CREATE FUNCTION event_default_sales_end() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.sales_end_at IS NULL THEN
        NEW.sales_end_at := CASE WHEN NEW.sales_start_at < NEW.starts_at THEN NEW.starts_at ELSE NEW.ends_at END;
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER event_default_sales_end BEFORE INSERT ON event
    FOR EACH ROW EXECUTE FUNCTION event_default_sales_end();

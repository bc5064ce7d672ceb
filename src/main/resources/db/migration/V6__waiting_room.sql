-- The event's virtual waiting room for big on-sales (JSON, see io.bookit.event.WaitingRoom); NULL = none.
ALTER TABLE event ADD COLUMN waiting_room text;

-- The waiting list of sold-out events (issue 27, docs/WAITING_LIST.md). PostgreSQL is the durable record; the entries
-- that wait are also kept in Redis beside the seat state (lua/lib.lua), rebuilt from here when Redis lost them.
CREATE SEQUENCE waitlist_position;

CREATE TABLE waitlist_entry (
    id               uuid PRIMARY KEY,
    event_id         uuid        NOT NULL REFERENCES event (id),
    user_id          uuid        NOT NULL REFERENCES app_user (id),
    position         bigint      NOT NULL DEFAULT nextval('waitlist_position'),
    quantity         int         NOT NULL CHECK (quantity BETWEEN 1 AND 100),
    section          text,
    together         boolean     NOT NULL,
    status           text        NOT NULL CHECK (status IN ('WAITING', 'OFFERED', 'DONE', 'EXPIRED', 'LEFT')),
    hold_id          text,
    offer_expires_at timestamptz,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    CHECK ((status = 'OFFERED') <= (hold_id IS NOT NULL))
);
-- One live entry (waiting or offered) per user and event, whatever races.
CREATE UNIQUE INDEX waitlist_entry_one_live ON waitlist_entry (event_id, user_id) WHERE status IN ('WAITING', 'OFFERED');
CREATE INDEX waitlist_entry_event_idx ON waitlist_entry (event_id, position) WHERE status IN ('WAITING', 'OFFERED');
CREATE INDEX waitlist_entry_user_idx ON waitlist_entry (user_id, created_at);

-- Offer mails (package mail), one row per outbox message, written in the transaction that sends it.
CREATE TABLE waitlist_mail (
    message_id uuid PRIMARY KEY,
    entry_id   uuid        NOT NULL REFERENCES waitlist_entry (id),
    recipient  text        NOT NULL,
    sent_at    timestamptz NOT NULL
);

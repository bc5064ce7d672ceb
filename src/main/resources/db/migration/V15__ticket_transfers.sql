-- Ticket transfers (issue 26, docs/TICKETS.md "Transfers"): a holder passes a ticket to someone else by e-mail; on
-- acceptance the ticket changes holder and its code rotates (a new code generation), so the old code stops working.

-- Per-event settings. Defaults for events created before (and by an instance of the previous version meanwhile).
ALTER TABLE event
    ADD COLUMN transfers_allowed boolean NOT NULL DEFAULT true,
    ADD COLUMN max_transfers_per_ticket int NOT NULL DEFAULT 3 CHECK (max_transfers_per_ticket BETWEEN 0 AND 100);

-- The generation of the ticket's code: 0 for the code issued with the ticket, one more per accepted transfer. A code
-- of an older generation is refused at check-in (reason superseded); the check-in bundle lists the tickets above 0.
ALTER TABLE ticket ADD COLUMN code_generation int NOT NULL DEFAULT 0 CHECK (code_generation >= 0);
CREATE INDEX ticket_rotated_idx ON ticket (event_id, id) INCLUDE (code_generation) WHERE code_generation > 0;

CREATE TABLE ticket_transfer (
    id           uuid PRIMARY KEY,
    ticket_id    uuid        NOT NULL REFERENCES ticket (id),
    event_id     uuid        NOT NULL REFERENCES event (id),
    order_id     uuid        NOT NULL REFERENCES orders (id),
    from_user_id uuid        NOT NULL REFERENCES app_user (id),
    from_email   text        NOT NULL,
    to_email     text        NOT NULL CHECK (to_email = lower(to_email)),
    status       text        NOT NULL CHECK (status IN ('PENDING', 'ACCEPTED', 'CANCELLED', 'EXPIRED')),
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    accepted_by  uuid REFERENCES app_user (id),
    ended_at     timestamptz, -- accepted, cancelled or expired at
    CHECK ((status = 'ACCEPTED') = (accepted_by IS NOT NULL))
);
-- At most one pending transfer per ticket, whatever races.
CREATE UNIQUE INDEX ticket_transfer_one_pending ON ticket_transfer (ticket_id) WHERE status = 'PENDING';
CREATE INDEX ticket_transfer_ticket_idx ON ticket_transfer (ticket_id, status);
CREATE INDEX ticket_transfer_to_idx ON ticket_transfer (to_email, created_at);
CREATE INDEX ticket_transfer_from_idx ON ticket_transfer (from_user_id, created_at);
CREATE INDEX ticket_transfer_due_idx ON ticket_transfer (expires_at) WHERE status = 'PENDING';

-- Mails about transfers (package mail), one row per mail of a message (an outbox row can call for two mails: the
-- sender's and the recipient's), written in the transaction that sends it: a redelivered message sends nothing twice.
CREATE TABLE transfer_mail (
    message_id  uuid        NOT NULL,
    kind        text        NOT NULL CHECK (kind IN ('OFFER', 'SENT', 'RECEIVED')),
    transfer_id uuid        NOT NULL REFERENCES ticket_transfer (id),
    recipient   text        NOT NULL,
    sent_at     timestamptz NOT NULL,
    PRIMARY KEY (message_id, kind)
);
CREATE INDEX transfer_mail_transfer_idx ON transfer_mail (transfer_id);

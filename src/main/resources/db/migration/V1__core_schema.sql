-- Bookit core schema. PostgreSQL is the source of truth: the constraints below make a second sale of a seat,
-- or a sale past a general-admission capacity, impossible whatever the Redis hold state says.

CREATE TABLE app_user (
    id            uuid PRIMARY KEY,
    email         text        NOT NULL,
    password_hash text        NOT NULL,
    display_name  text        NOT NULL,
    role          text        NOT NULL CHECK (role IN ('ATTENDEE', 'ORGANIZER', 'STAFF', 'ADMIN')),
    created_at    timestamptz NOT NULL,
    CONSTRAINT app_user_email_key UNIQUE (email),
    CONSTRAINT app_user_email_lower CHECK (email = lower(email))
);

CREATE TABLE venue (
    id         uuid PRIMARY KEY,
    owner_id   uuid        NOT NULL REFERENCES app_user (id),
    name       text        NOT NULL,
    address    text        NOT NULL,
    timezone   text        NOT NULL,
    sections   text        NOT NULL, -- JSON: [{key, name, kind, rows: [{label, seats}], capacity}]
    seat_count int         NOT NULL CHECK (seat_count >= 0),
    capacity   int         NOT NULL CHECK (capacity > 0),
    created_at timestamptz NOT NULL
);
CREATE INDEX venue_owner_idx ON venue (owner_id, created_at);

CREATE TABLE event (
    id                  uuid PRIMARY KEY,
    owner_id            uuid        NOT NULL REFERENCES app_user (id),
    venue_id            uuid        NOT NULL REFERENCES venue (id),
    name                text        NOT NULL,
    description         text        NOT NULL DEFAULT '',
    starts_at           timestamptz NOT NULL,
    ends_at             timestamptz NOT NULL,
    sales_start_at      timestamptz NOT NULL,
    currency            char(3)     NOT NULL,
    prices              text        NOT NULL, -- JSON: [{section, price}]
    max_seats_per_order int         NOT NULL CHECK (max_seats_per_order BETWEEN 1 AND 100),
    status              text        NOT NULL CHECK (status IN ('DRAFT', 'ON_SALE', 'CANCELLED')),
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    version             int         NOT NULL DEFAULT 0,
    CHECK (ends_at > starts_at)
);
CREATE INDEX event_on_sale_idx ON event (starts_at, id) WHERE status = 'ON_SALE';
CREATE INDEX event_owner_idx ON event (owner_id, starts_at);

-- General-admission inventory: the CHECK makes overselling an area impossible.
CREATE TABLE event_area (
    event_id uuid NOT NULL REFERENCES event (id),
    section  text NOT NULL,
    capacity int  NOT NULL CHECK (capacity > 0),
    sold     int  NOT NULL DEFAULT 0,
    PRIMARY KEY (event_id, section),
    CONSTRAINT event_area_not_oversold CHECK (sold >= 0 AND sold <= capacity)
);

CREATE TABLE orders (
    id               uuid PRIMARY KEY,
    event_id         uuid          NOT NULL REFERENCES event (id),
    buyer_id         uuid          NOT NULL REFERENCES app_user (id),
    hold_id          text          NOT NULL,
    status           text          NOT NULL
        CHECK (status IN ('PENDING_PAYMENT', 'CONFIRMED', 'EXPIRED', 'CANCELLED', 'REFUNDED')),
    seats            text          NOT NULL, -- JSON: [seat id, ...]; [] for general admission
    section          text,
    quantity         int           NOT NULL CHECK (quantity > 0),
    total            numeric(12, 2) NOT NULL CHECK (total >= 0),
    currency         char(3)       NOT NULL,
    payment_provider text          NOT NULL,
    payment_ref      text,
    client_secret    text,
    idempotency_key  text,
    status_reason    text,
    created_at       timestamptz   NOT NULL,
    updated_at       timestamptz   NOT NULL,
    confirmed_at     timestamptz,
    CONSTRAINT orders_one_per_hold UNIQUE (hold_id),
    CONSTRAINT orders_idempotency_key UNIQUE (buyer_id, idempotency_key)
);
CREATE INDEX orders_buyer_idx ON orders (buyer_id, created_at);
CREATE INDEX orders_event_idx ON orders (event_id, status);

CREATE TABLE ticket (
    id            uuid PRIMARY KEY,
    order_id      uuid           NOT NULL REFERENCES orders (id),
    event_id      uuid           NOT NULL REFERENCES event (id),
    holder_id     uuid           NOT NULL REFERENCES app_user (id),
    section       text           NOT NULL,
    seat_id       text,
    price         numeric(12, 2) NOT NULL,
    status        text           NOT NULL CHECK (status IN ('VALID', 'CHECKED_IN', 'VOID')),
    created_at    timestamptz    NOT NULL,
    checked_in_at timestamptz
);
-- The rule that matters most: one live ticket per seat and event.
CREATE UNIQUE INDEX ticket_seat_sold_once ON ticket (event_id, seat_id) WHERE seat_id IS NOT NULL AND status <> 'VOID';
CREATE INDEX ticket_order_idx ON ticket (order_id);
CREATE INDEX ticket_holder_idx ON ticket (holder_id, created_at);
CREATE INDEX ticket_event_idx ON ticket (event_id, status);

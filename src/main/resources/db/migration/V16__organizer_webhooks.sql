-- Organizer webhooks (package webhook, docs/WEBHOOKS.md): endpoints an organizer subscribed, and one delivery row per
-- (event, endpoint) with its attempts. Deliveries are sent by a claiming job, each on its own schedule, so a failing
-- delivery never holds back later ones.
CREATE TABLE webhook_endpoint (
    id                          uuid PRIMARY KEY,
    owner_id                    uuid        NOT NULL REFERENCES app_user (id),
    url                         text        NOT NULL,
    description                 text,
    events                      text        NOT NULL, -- JSON: ["order.confirmed", ...]
    secret                      text        NOT NULL,
    -- after a rotation the previous secret keeps signing (a second v1=) until previous_secret_until
    previous_secret             text,
    previous_secret_until       timestamptz,
    enabled                     boolean     NOT NULL DEFAULT true,
    disabled_reason             text,
    -- deliveries that ended FAILED since the last one that succeeded; at bookit.webhooks.disable-after the endpoint
    -- is disabled
    failed_in_a_row             int         NOT NULL DEFAULT 0,
    created_at                  timestamptz NOT NULL,
    updated_at                  timestamptz NOT NULL
);
CREATE INDEX webhook_endpoint_owner_idx ON webhook_endpoint (owner_id, created_at);

CREATE TABLE webhook_delivery (
    id                 uuid PRIMARY KEY,
    endpoint_id        uuid        NOT NULL REFERENCES webhook_endpoint (id) ON DELETE CASCADE,
    event_id           uuid        NOT NULL, -- the outbox message's id: the body's "id", the same for every attempt
    type               text        NOT NULL,
    body               text        NOT NULL, -- the exact bytes sent (signed anew with a fresh t= at each attempt)
    status             text        NOT NULL CHECK (status IN ('PENDING', 'SUCCEEDED', 'FAILED')),
    attempts           int         NOT NULL DEFAULT 0,
    last_response_code int,
    last_duration_ms   int,
    last_response_body text,
    last_error         text,
    created_at         timestamptz NOT NULL,
    -- retries stop at retry_from + bookit.webhooks.retry.max-age; a redelivery starts a new window
    retry_from         timestamptz NOT NULL,
    next_attempt_at    timestamptz,
    claimed_until      timestamptz,
    delivered_at       timestamptz,
    CONSTRAINT webhook_delivery_once UNIQUE (event_id, endpoint_id)
);
CREATE INDEX webhook_delivery_due_idx ON webhook_delivery (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX webhook_delivery_endpoint_idx ON webhook_delivery (endpoint_id, created_at DESC);

-- event.sold_out is told once: the first time an event's confirmed orders fill its venue (package event owns this).
ALTER TABLE event ADD COLUMN sold_out_at timestamptz;

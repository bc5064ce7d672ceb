-- Tickets (issue 5): per-event signing keys, event staff, stored ticket files, event images.

-- Ed25519 keys that sign ticket codes, per event. The private key is AES-GCM encrypted with the configured
-- key-encryption key; key ids count up per event so that keys can rotate while older codes stay verifiable.
CREATE TABLE ticket_key (
    event_id    uuid        NOT NULL REFERENCES event (id),
    key_id      int         NOT NULL CHECK (key_id > 0),
    public_key  bytea       NOT NULL, -- X.509 SubjectPublicKeyInfo (DER)
    private_key bytea       NOT NULL, -- AES-GCM(PKCS#8 DER): 12-byte nonce || ciphertext+tag
    created_at  timestamptz NOT NULL,
    retired_at  timestamptz,          -- no longer signs; still verifies until removed
    PRIMARY KEY (event_id, key_id)
);

-- Users who may check tickets in at one event (besides its owner).
CREATE TABLE event_staff (
    event_id   uuid        NOT NULL REFERENCES event (id),
    user_id    uuid        NOT NULL REFERENCES app_user (id),
    granted_by uuid        NOT NULL REFERENCES app_user (id),
    created_at timestamptz NOT NULL,
    PRIMARY KEY (event_id, user_id)
);
CREATE INDEX event_staff_user_idx ON event_staff (user_id);

-- When the ticket's QR file reached object storage; NULL until then (the upload job retries).
ALTER TABLE ticket ADD COLUMN file_stored_at timestamptz;
CREATE INDEX ticket_file_missing_idx ON ticket (created_at) WHERE file_stored_at IS NULL AND status <> 'VOID';

-- The event's image in object storage (the key, not a URL: URLs are presigned or built per configuration).
ALTER TABLE event ADD COLUMN image_key text;

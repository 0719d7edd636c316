-- Upload to the cloud (sync/src/upload): the appliance's credential, how far the cloud has
-- acknowledged the outbox, and the dead-letter list of ops the cloud refused.

-- Filled by enrollment (a pairing code traded for a credential). One row: one cloud per appliance.
CREATE TABLE sync_credentials (
  id           INTEGER PRIMARY KEY CHECK (id = 1),
  cloud_url    TEXT NOT NULL,
  appliance_id TEXT NOT NULL,
  tenant_id    TEXT NOT NULL,
  store_id     TEXT NOT NULL,
  -- The appliance's bearer token (moa_…). It lives in the same file as the sales it uploads.
  token        TEXT NOT NULL,
  name         TEXT NOT NULL,
  enrolled_at  TEXT NOT NULL
) STRICT;

-- acked_seq: every outbox row with seq <= acked_seq is applied in the cloud (or parked below).
-- Advanced only after the cloud answered 2xx, in one transaction with parking; a crash before that
-- resends the batch, which the cloud's applied_ops turns into a no-op.
CREATE TABLE sync_state (
  id              INTEGER PRIMARY KEY CHECK (id = 1),
  acked_seq       INTEGER NOT NULL DEFAULT 0 CHECK (acked_seq >= 0),
  last_sync_at    TEXT,
  last_attempt_at TEXT,
  -- Why the last attempt failed (Spanish, for the till), NULL when it succeeded.
  last_error      TEXT,
  last_error_code TEXT
) STRICT;
INSERT INTO sync_state (id) VALUES (1);

-- Ops the cloud refused (422): kept, visible at the till, retried only on request.
CREATE TABLE outbox_parked (
  op_id           TEXT PRIMARY KEY REFERENCES outbox (id),
  seq             INTEGER NOT NULL UNIQUE,
  reason          TEXT NOT NULL,
  parked_at       TEXT NOT NULL,
  retry_requested INTEGER NOT NULL DEFAULT 0 CHECK (retry_requested IN (0, 1))
) STRICT;

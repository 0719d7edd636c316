-- Foundation: shop settings, terminals, staff, audit log and the outbox.
-- Times are ISO-8601 UTC text ('2026-11-21T10:55:00.000Z'); money is integer centavos.

CREATE TABLE shop_settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL CHECK (json_valid(value))
) STRICT;

-- A till (or tablet) that sells. `code` is its punto de venta number; sale numbers are per terminal,
-- so two tills selling offline never produce the same number.
CREATE TABLE terminals (
  id                 TEXT PRIMARY KEY,
  code               INTEGER NOT NULL UNIQUE CHECK (code BETWEEN 1 AND 9999),
  name               TEXT NOT NULL,
  next_sale_number   INTEGER NOT NULL DEFAULT 1 CHECK (next_sale_number >= 1),
  next_return_number INTEGER NOT NULL DEFAULT 1 CHECK (next_return_number >= 1),
  created_at         TEXT NOT NULL
) STRICT;

CREATE TABLE staff (
  id              TEXT PRIMARY KEY,
  name            TEXT NOT NULL,
  role            TEXT NOT NULL CHECK (role IN ('cashier', 'manager', 'owner')),
  -- scrypt$<log2 N>$<r>$<p>$<salt>$<hash> (staff/pins.ts); never the PIN itself.
  pin_hash        TEXT NOT NULL,
  -- Wrong PINs in a row; reaching the shop's pinMaxAttempts sets locked_until and starts again at 0.
  failed_attempts INTEGER NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
  locked_until    TEXT,
  active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
) STRICT;

-- Only a hash of the bearer token is stored: a copied database file does not hand out sessions.
CREATE TABLE staff_sessions (
  token_hash  TEXT PRIMARY KEY,
  staff_id    TEXT NOT NULL REFERENCES staff (id),
  terminal_id TEXT REFERENCES terminals (id),
  created_at  TEXT NOT NULL,
  expires_at  TEXT NOT NULL,
  revoked_at  TEXT
) STRICT;
CREATE INDEX staff_sessions_staff ON staff_sessions (staff_id);

CREATE TABLE audit_log (
  id          TEXT PRIMARY KEY,
  at          TEXT NOT NULL,
  staff_id    TEXT REFERENCES staff (id),
  terminal_id TEXT REFERENCES terminals (id),
  action      TEXT NOT NULL,
  entity      TEXT,
  entity_id   TEXT,
  details     TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(details))
) STRICT;
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_staff ON audit_log (staff_id, at);

-- Transactional outbox: written in the same transaction as the change it describes; drained by sync/.
CREATE TABLE outbox (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  id         TEXT NOT NULL UNIQUE,
  entity     TEXT NOT NULL,
  entity_id  TEXT NOT NULL,
  op         TEXT NOT NULL,
  payload    TEXT NOT NULL CHECK (json_valid(payload)),
  created_at TEXT NOT NULL
) STRICT;

-- Mercado Pago at the till (desktop/src/mercadopago/README.md).
INSERT INTO payment_methods (code, is_cash) VALUES ('mercadopago', 0);

-- The seller's account: one row. The access token is sealed (AES-256-GCM) with the key in the install's
-- key file beside the database (mercadopago/secret-key.ts), never stored in clear; a copy of the
-- database alone does not carry a usable token.
CREATE TABLE mercadopago_account (
  id              INTEGER PRIMARY KEY CHECK (id = 1),
  token_sealed    TEXT NOT NULL,
  -- The webhook secret of the seller's MP application (sealed too), handed to the cloud that checks signatures.
  webhook_secret_sealed TEXT,
  user_id         TEXT NOT NULL,
  nickname        TEXT NOT NULL,
  live            INTEGER NOT NULL CHECK (live IN (0, 1)),
  store_id        TEXT,
  store_external_id TEXT NOT NULL,
  connected_at    TEXT NOT NULL,
  updated_at      TEXT NOT NULL
) STRICT;

-- One MP POS (caja) per till: its external_pos_id is what a QR order names; a Point terminal in PDV
-- mode may be chosen for the till.
CREATE TABLE mercadopago_tills (
  terminal_id     TEXT PRIMARY KEY REFERENCES terminals (id),
  pos_id          TEXT NOT NULL,
  external_pos_id TEXT NOT NULL UNIQUE,
  point_terminal_id TEXT,
  created_at      TEXT NOT NULL
) STRICT;

-- Every charge the till asked MP for. A row is written BEFORE the order is sent, with the idempotency key
-- derived from the sale (its client id and the attempt number), so a retry after a crash or timeout sends
-- the same key and MP answers the same order. A charge becomes a sale payment only once MP says
-- "processed" (re-read from the API); one processed with no sale is listed for refund or attachment.
CREATE TABLE mercadopago_charges (
  id              TEXT PRIMARY KEY,
  kind            TEXT NOT NULL CHECK (kind IN ('qr', 'point')),
  -- The sale's client id the till generated before paying (external_reference at MP).
  sale_ref        TEXT NOT NULL,
  attempt         INTEGER NOT NULL CHECK (attempt >= 1),
  idempotency_key TEXT NOT NULL UNIQUE,
  terminal_id     TEXT NOT NULL REFERENCES terminals (id),
  staff_id        TEXT,
  amount          INTEGER NOT NULL CHECK (amount > 0),
  -- Given back at MP so far (partial refunds from returns leave the order "processed").
  refunded_amount INTEGER NOT NULL DEFAULT 0 CHECK (refunded_amount BETWEEN 0 AND amount),
  -- NULL until MP answered the create (the outcome of a timed-out create is unknown until retried).
  order_id        TEXT UNIQUE,
  status          TEXT NOT NULL,
  status_detail   TEXT,
  qr_data         TEXT,
  point_terminal_id TEXT,
  -- The sale that this payment paid (the sale hook sets it in the sale's own transaction).
  sale_id         TEXT REFERENCES sales (id),
  -- The cashier stopped waiting; if MP later says processed, the charge is "sin venta".
  abandoned_at    TEXT,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  UNIQUE (sale_ref, attempt)
) STRICT;
CREATE INDEX mercadopago_charges_open ON mercadopago_charges (status) WHERE sale_id IS NULL;

-- (order id, status) pairs already applied from the cloud's relay or polling: a replayed or reordered
-- notification changes nothing twice.
CREATE TABLE mercadopago_seen (
  order_id TEXT NOT NULL,
  status   TEXT NOT NULL,
  seen_at  TEXT NOT NULL,
  PRIMARY KEY (order_id, status)
) STRICT;

-- The cloud's relay of webhooks: where this appliance is in it (the pull endpoint's cursor) and the
-- notification URL the cloud gave for the seller's MP application (shown in Ajustes).
CREATE TABLE mercadopago_relay (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  cursor      INTEGER NOT NULL DEFAULT 0,
  webhook_url TEXT,
  pushed_at   TEXT
) STRICT;

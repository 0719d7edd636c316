-- Marketing consent per customer and channel, as a log: every opt-in and opt-out with when, where
-- (till or dashboard) and who recorded it. The current state of a channel is its latest row.
-- Uploaded as customer/consent ops; the cloud writes them into the messaging module's consent records.
CREATE TABLE customer_consents (
  id           TEXT PRIMARY KEY,
  customer_id  TEXT NOT NULL REFERENCES customers (id),
  channel      TEXT NOT NULL CHECK (channel IN ('email', 'whatsapp')),
  granted      INTEGER NOT NULL CHECK (granted IN (0, 1)),
  source       TEXT NOT NULL CHECK (source IN ('till', 'dashboard')),
  staff_id     TEXT,
  at           TEXT NOT NULL
) STRICT;
CREATE INDEX customer_consents_latest ON customer_consents (customer_id, channel, at);

-- A customer's per-field clocks (hybrid logical clock, as products' product_pending): the clock of the
-- write that last set each field, here or in the cloud. An edit is sent with the clocks of the fields it
-- changed; a cloud row applied by the download replaces a field only if its clock is newer.
CREATE TABLE customer_field_clocks (
  customer_id  TEXT NOT NULL REFERENCES customers (id),
  field        TEXT NOT NULL,
  hlc          TEXT NOT NULL,
  PRIMARY KEY (customer_id, field)
) STRICT, WITHOUT ROWID;

-- Ordering between shapes (docs/sync-protocol.md): each shape is downloaded on its own, so a row can
-- arrive before the row it depends on (a credit limit, grant or recall before its customer). Such a
-- row waits here, parked in the transaction that advances its shape's offset, and is applied in the
-- transaction that brings what it waits for (sync/src/download/waiting.ts).
CREATE TABLE download_waiting (
  -- Arrival order: a newer delivery of the same key replaces the row and takes a new number.
  arrival          INTEGER PRIMARY KEY AUTOINCREMENT,
  shape            TEXT NOT NULL,
  -- The row's key in its shape (credit_limits: the customer id; grants, recalls: their id).
  key              TEXT NOT NULL,
  waits_for_entity TEXT NOT NULL,
  waits_for_id     TEXT NOT NULL,
  row              TEXT NOT NULL CHECK (json_valid(row)),
  received_at      TEXT NOT NULL,
  UNIQUE (shape, key)
) STRICT;

CREATE INDEX download_waiting_for ON download_waiting (waits_for_entity, waits_for_id, arrival);

-- Cash sessions (caja): opened with a float, cash in/out with a reason, blind close.

CREATE TABLE cash_sessions (
  id            TEXT PRIMARY KEY,
  terminal_id   TEXT NOT NULL REFERENCES terminals (id),
  status        TEXT NOT NULL CHECK (status IN ('open', 'closed')),
  opened_by     TEXT NOT NULL REFERENCES staff (id),
  opened_at     TEXT NOT NULL,
  opening_float INTEGER NOT NULL CHECK (opening_float >= 0),
  closed_by     TEXT REFERENCES staff (id),
  closed_at     TEXT,
  counted_cash  INTEGER CHECK (counted_cash >= 0),
  expected_cash INTEGER,
  -- The Z report as printed at close, frozen so a reprint shows the same figures.
  z_report      TEXT CHECK (z_report IS NULL OR json_valid(z_report))
) STRICT;
-- One open session per terminal.
CREATE UNIQUE INDEX cash_sessions_one_open ON cash_sessions (terminal_id) WHERE status = 'open';

CREATE TABLE cash_movements (
  id         TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES cash_sessions (id),
  kind       TEXT NOT NULL CHECK (kind IN ('in', 'out', 'drawer_open')),
  amount     INTEGER NOT NULL CHECK (amount >= 0),
  reason     TEXT NOT NULL,
  staff_id   TEXT NOT NULL REFERENCES staff (id),
  at         TEXT NOT NULL
) STRICT;
CREATE INDEX cash_movements_session ON cash_movements (session_id);

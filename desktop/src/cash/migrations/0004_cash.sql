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
  -- Blind close: the cash counted is stored together with what the system expected at that moment.
  counted_cash  INTEGER CHECK (counted_cash >= 0),
  expected_cash INTEGER,
  -- The Z report as printed at close, frozen so a reprint shows the same figures.
  z_report      TEXT CHECK (z_report IS NULL OR json_valid(z_report)),
  -- A closed session carries everything the close recorded; an open one none of it.
  CHECK (
    (status = 'open' AND closed_by IS NULL AND closed_at IS NULL AND counted_cash IS NULL AND expected_cash IS NULL AND z_report IS NULL)
    OR (status = 'closed' AND closed_by IS NOT NULL AND closed_at IS NOT NULL AND counted_cash IS NOT NULL
        AND expected_cash IS NOT NULL AND z_report IS NOT NULL)
  )
) STRICT;
-- One open session per terminal.
CREATE UNIQUE INDEX cash_sessions_one_open ON cash_sessions (terminal_id) WHERE status = 'open';
CREATE INDEX cash_sessions_terminal ON cash_sessions (terminal_id, opened_at);

-- Cash put into or taken out of the drawer outside a sale, and drawer openings without a sale (amount 0).
CREATE TABLE cash_movements (
  id         TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES cash_sessions (id),
  kind       TEXT NOT NULL CHECK (kind IN ('in', 'out', 'drawer_open')),
  amount     INTEGER NOT NULL CHECK (amount >= 0 AND (kind = 'drawer_open' OR amount > 0)),
  reason     TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 200),
  staff_id   TEXT NOT NULL REFERENCES staff (id),
  at         TEXT NOT NULL
) STRICT;
CREATE INDEX cash_movements_session ON cash_movements (session_id);

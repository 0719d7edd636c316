-- An exchange (cambio): a return of lines of an earlier sale and a new sale, written in ONE transaction.
-- The return's credit pays the new sale as the payment method 'exchange' (and is the return's refund by
-- that method), so it moves no money; only the difference goes through the drawer or a card. Both halves
-- are ordinary rows of returns and sales (and travel to the cloud as such); this row links them.
CREATE TABLE exchanges (
  id               TEXT PRIMARY KEY,
  -- The earlier sale the return is against.
  original_sale_id TEXT NOT NULL REFERENCES sales (id),
  return_id        TEXT NOT NULL UNIQUE REFERENCES returns (id),
  -- The new sale the customer takes.
  sale_id          TEXT NOT NULL UNIQUE REFERENCES sales (id),
  terminal_id      TEXT NOT NULL REFERENCES terminals (id),
  cash_session_id  TEXT NOT NULL REFERENCES cash_sessions (id),
  staff_id         TEXT NOT NULL REFERENCES staff (id),
  -- The return's credit applied to the new sale: min(return total, new sale total).
  credit           INTEGER NOT NULL CHECK (credit >= 0),
  -- New sale total − return total: > 0 the customer paid it, < 0 the shop refunded it.
  difference       INTEGER NOT NULL,
  created_at       TEXT NOT NULL
) STRICT;
CREATE INDEX exchanges_session ON exchanges (cash_session_id);
CREATE INDEX exchanges_original_sale ON exchanges (original_sale_id);

-- Payment methods become rows a module adds, not a CHECK list rebuilt by every module that brings one:
-- accounts ('account', fiado), loyalty ('points'), exchanges ('exchange': the credit of the return half
-- of an exchange, applied to its new sale), and later prepaid cards and Mercado Pago add their own rows.
CREATE TABLE payment_methods (
  code TEXT PRIMARY KEY,
  -- Whether the method moves the drawer's expected cash.
  is_cash INTEGER NOT NULL CHECK (is_cash IN (0, 1))
) STRICT;
INSERT INTO payment_methods (code, is_cash) VALUES
  ('cash', 1), ('debit', 0), ('credit', 0), ('transfer', 0), ('account', 0), ('points', 0), ('exchange', 0);

CREATE TABLE sale_payments_new (
  id        TEXT PRIMARY KEY,
  sale_id   TEXT NOT NULL REFERENCES sales (id),
  method    TEXT NOT NULL REFERENCES payment_methods (code),
  -- What this payment covers of the total (for cash: tendered minus change).
  amount    INTEGER NOT NULL CHECK (amount > 0),
  -- Cash only: what the customer handed over; change = tendered − amount.
  tendered  INTEGER CHECK (tendered IS NULL OR (method = 'cash' AND tendered >= amount)),
  reference TEXT
) STRICT;
INSERT INTO sale_payments_new SELECT id, sale_id, method, amount, tendered, reference FROM sale_payments;
DROP TABLE sale_payments;
ALTER TABLE sale_payments_new RENAME TO sale_payments;
CREATE INDEX sale_payments_sale ON sale_payments (sale_id);

CREATE TABLE return_refunds_new (
  id        TEXT PRIMARY KEY,
  return_id TEXT NOT NULL REFERENCES returns (id),
  method    TEXT NOT NULL REFERENCES payment_methods (code),
  amount    INTEGER NOT NULL CHECK (amount > 0),
  reference TEXT
) STRICT;
INSERT INTO return_refunds_new SELECT id, return_id, method, amount, reference FROM return_refunds;
DROP TABLE return_refunds;
ALTER TABLE return_refunds_new RENAME TO return_refunds;
CREATE INDEX return_refunds_return ON return_refunds (return_id);

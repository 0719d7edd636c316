-- Sales, their lines and payments; returns against a sale with their refunds.

CREATE TABLE sales (
  id                     TEXT PRIMARY KEY,
  terminal_id            TEXT NOT NULL REFERENCES terminals (id),
  number                 INTEGER NOT NULL,
  cash_session_id        TEXT NOT NULL REFERENCES cash_sessions (id),
  staff_id               TEXT NOT NULL REFERENCES staff (id),
  status                 TEXT NOT NULL CHECK (status IN ('completed', 'voided')),
  -- Sum of line gross amounts before any discount.
  subtotal               INTEGER NOT NULL CHECK (subtotal >= 0),
  line_discount_total    INTEGER NOT NULL CHECK (line_discount_total >= 0),
  ticket_discount_kind   TEXT CHECK (ticket_discount_kind IN ('percent', 'amount')),
  ticket_discount_value  INTEGER,
  ticket_discount_total  INTEGER NOT NULL CHECK (ticket_discount_total >= 0),
  total                  INTEGER NOT NULL CHECK (total >= 0),
  net_total              INTEGER NOT NULL,
  iva_total              INTEGER NOT NULL,
  change_given           INTEGER NOT NULL DEFAULT 0 CHECK (change_given >= 0),
  discount_approved_by   TEXT REFERENCES staff (id),
  -- Stock warnings shown when the sale was committed (negative stock policy "warn"), so a resend shows them too.
  warnings               TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(warnings)),
  created_at             TEXT NOT NULL,
  voided_at              TEXT,
  voided_by              TEXT REFERENCES staff (id),
  -- The manager whose PIN allowed the void, when the person voiding lacked the permission.
  void_approved_by       TEXT REFERENCES staff (id),
  void_reason            TEXT,
  UNIQUE (terminal_id, number)
) STRICT;
CREATE INDEX sales_session ON sales (cash_session_id);
CREATE INDEX sales_created ON sales (created_at);

CREATE TABLE sale_lines (
  id                    TEXT PRIMARY KEY,
  sale_id               TEXT NOT NULL REFERENCES sales (id),
  line_no               INTEGER NOT NULL,
  product_id            TEXT NOT NULL REFERENCES products (id),
  description           TEXT NOT NULL,
  unit                  TEXT NOT NULL CHECK (unit IN ('each', 'kg')),
  -- Units, or grams for weighed goods.
  quantity              INTEGER NOT NULL CHECK (quantity > 0),
  -- Price per unit, or per kg, IVA included, in centavos.
  unit_price            INTEGER NOT NULL CHECK (unit_price >= 0),
  gross                 INTEGER NOT NULL CHECK (gross >= 0),
  -- The line discount as the cashier entered it (percent in basis points, or centavos), for the receipt.
  discount_kind         TEXT CHECK (discount_kind IN ('percent', 'amount')),
  discount_value        INTEGER CHECK (discount_value >= 0),
  line_discount         INTEGER NOT NULL CHECK (line_discount >= 0),
  ticket_discount_share INTEGER NOT NULL CHECK (ticket_discount_share >= 0),
  total                 INTEGER NOT NULL CHECK (total >= 0),
  iva_rate              INTEGER NOT NULL CHECK (iva_rate IN (0, 1050, 2100)),
  net                   INTEGER NOT NULL,
  iva                   INTEGER NOT NULL,
  -- The barcode scanned, kept for label-scale codes that carried price or weight.
  barcode               TEXT,
  UNIQUE (sale_id, line_no)
) STRICT;
CREATE INDEX sale_lines_product ON sale_lines (product_id);

CREATE TABLE sale_payments (
  id        TEXT PRIMARY KEY,
  sale_id   TEXT NOT NULL REFERENCES sales (id),
  method    TEXT NOT NULL CHECK (method IN ('cash', 'debit', 'credit', 'transfer')),
  -- What this payment covers of the total (for cash: tendered minus change).
  amount    INTEGER NOT NULL CHECK (amount > 0),
  -- Cash only: what the customer handed over; change = tendered − amount.
  tendered  INTEGER CHECK (tendered IS NULL OR (method = 'cash' AND tendered >= amount)),
  reference TEXT
) STRICT;
CREATE INDEX sale_payments_sale ON sale_payments (sale_id);

CREATE TABLE returns (
  id              TEXT PRIMARY KEY,
  sale_id         TEXT NOT NULL REFERENCES sales (id),
  terminal_id     TEXT NOT NULL REFERENCES terminals (id),
  number          INTEGER NOT NULL,
  cash_session_id TEXT NOT NULL REFERENCES cash_sessions (id),
  staff_id        TEXT NOT NULL REFERENCES staff (id),
  -- The manager whose PIN allowed the return, when the person returning lacked the permission.
  approved_by     TEXT REFERENCES staff (id),
  reason          TEXT NOT NULL,
  total           INTEGER NOT NULL CHECK (total >= 0),
  net_total       INTEGER NOT NULL,
  iva_total       INTEGER NOT NULL,
  created_at      TEXT NOT NULL,
  UNIQUE (terminal_id, number)
) STRICT;
CREATE INDEX returns_sale ON returns (sale_id);
CREATE INDEX returns_session ON returns (cash_session_id);

CREATE TABLE return_lines (
  id           TEXT PRIMARY KEY,
  return_id    TEXT NOT NULL REFERENCES returns (id),
  sale_line_id TEXT NOT NULL REFERENCES sale_lines (id),
  quantity     INTEGER NOT NULL CHECK (quantity > 0),
  total        INTEGER NOT NULL CHECK (total >= 0),
  iva_rate     INTEGER NOT NULL,
  net          INTEGER NOT NULL,
  iva          INTEGER NOT NULL
) STRICT;
CREATE INDEX return_lines_sale_line ON return_lines (sale_line_id);
CREATE INDEX return_lines_return ON return_lines (return_id);

CREATE TABLE return_refunds (
  id        TEXT PRIMARY KEY,
  return_id TEXT NOT NULL REFERENCES returns (id),
  method    TEXT NOT NULL CHECK (method IN ('cash', 'debit', 'credit', 'transfer')),
  amount    INTEGER NOT NULL CHECK (amount > 0),
  reference TEXT
) STRICT;
CREATE INDEX return_refunds_return ON return_refunds (return_id);

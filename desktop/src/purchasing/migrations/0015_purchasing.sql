-- Purchasing: suppliers, purchase orders, receipts of goods and each product's weighted average cost.
-- Costs are centavos per unit, or per kg for weighed goods (as prices are); quantities units or grams.

CREATE TABLE suppliers (
  id             TEXT PRIMARY KEY,
  name           TEXT NOT NULL,
  -- Normalized XX-XXXXXXXX-X, check digit verified; unique when present.
  cuit           TEXT UNIQUE,
  contact        TEXT,
  phone          TEXT,
  email          TEXT,
  payment_terms  TEXT,
  -- Days from ordering to the goods arriving: how many days of sales one order should cover.
  lead_time_days INTEGER NOT NULL DEFAULT 7 CHECK (lead_time_days BETWEEN 1 AND 365),
  notes          TEXT,
  active         INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL
) STRICT;

CREATE TABLE purchase_orders (
  id          TEXT PRIMARY KEY,
  -- Shown to people ("OC 12"); one sequence per appliance.
  number      INTEGER NOT NULL UNIQUE,
  supplier_id TEXT NOT NULL REFERENCES suppliers (id),
  status      TEXT NOT NULL CHECK (status IN ('draft', 'sent', 'partly_received', 'received', 'cancelled')),
  note        TEXT,
  staff_id    TEXT REFERENCES staff (id),
  created_at  TEXT NOT NULL,
  sent_at     TEXT,
  -- When it became received or cancelled.
  closed_at   TEXT
) STRICT;
CREATE INDEX purchase_orders_status ON purchase_orders (status, number);

CREATE TABLE purchase_order_lines (
  order_id   TEXT NOT NULL REFERENCES purchase_orders (id),
  line_no    INTEGER NOT NULL,
  product_id TEXT NOT NULL REFERENCES products (id),
  quantity   INTEGER NOT NULL CHECK (quantity > 0),
  -- What has arrived so far against this line (may pass quantity when the shop accepts the excess).
  received   INTEGER NOT NULL DEFAULT 0 CHECK (received >= 0),
  unit_cost  INTEGER NOT NULL CHECK (unit_cost >= 0),
  PRIMARY KEY (order_id, line_no),
  UNIQUE (order_id, product_id)
) STRICT;

CREATE TABLE purchase_receipts (
  id          TEXT PRIMARY KEY,
  order_id    TEXT REFERENCES purchase_orders (id),
  supplier_id TEXT REFERENCES suppliers (id),
  staff_id    TEXT REFERENCES staff (id),
  total       INTEGER NOT NULL CHECK (total >= 0),
  at          TEXT NOT NULL
) STRICT;
CREATE INDEX purchase_receipts_order ON purchase_receipts (order_id);

CREATE TABLE purchase_receipt_lines (
  receipt_id        TEXT NOT NULL REFERENCES purchase_receipts (id),
  line_no           INTEGER NOT NULL,
  product_id        TEXT NOT NULL REFERENCES products (id),
  quantity          INTEGER NOT NULL CHECK (quantity > 0),
  unit_cost         INTEGER NOT NULL CHECK (unit_cost >= 0),
  -- The product's weighted average cost right after this line.
  average_cost      INTEGER NOT NULL CHECK (average_cost >= 0),
  stock_movement_id TEXT NOT NULL REFERENCES stock_movements (id),
  PRIMARY KEY (receipt_id, line_no)
) STRICT;
CREATE INDEX purchase_receipt_lines_product ON purchase_receipt_lines (product_id);

-- Weighted average cost per product, moved by every receipt; a product never received has no row.
CREATE TABLE product_costs (
  product_id   TEXT PRIMARY KEY REFERENCES products (id),
  average_cost INTEGER NOT NULL CHECK (average_cost >= 0),
  updated_at   TEXT NOT NULL
) STRICT;

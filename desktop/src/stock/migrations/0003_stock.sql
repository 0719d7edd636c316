-- Stock: every change is a movement; on-hand is derived from the ledger.
-- stock_on_hand is a cache of SUM(quantity) per product, maintained by trigger in the same transaction,
-- so checking stock at the till stays O(1) however long the ledger grows.

CREATE TABLE stock_movements (
  id         TEXT PRIMARY KEY,
  product_id TEXT NOT NULL REFERENCES products (id),
  -- Signed delta in units, or grams for weighed goods.
  quantity   INTEGER NOT NULL CHECK (quantity <> 0),
  reason     TEXT NOT NULL CHECK (reason IN ('sale', 'return', 'void', 'adjustment', 'receipt', 'count')),
  ref_id     TEXT,
  staff_id   TEXT REFERENCES staff (id),
  -- Why a manual movement happened ("rotura", "vencido", "conteo mensual"); NULL for sales and returns.
  note       TEXT,
  at         TEXT NOT NULL
) STRICT;
CREATE INDEX stock_movements_product ON stock_movements (product_id, at);
CREATE INDEX stock_movements_ref ON stock_movements (ref_id);

CREATE TABLE stock_on_hand (
  product_id TEXT PRIMARY KEY REFERENCES products (id),
  quantity   INTEGER NOT NULL
) STRICT;

CREATE TRIGGER stock_movements_on_hand AFTER INSERT ON stock_movements BEGIN
  INSERT INTO stock_on_hand (product_id, quantity) VALUES (new.product_id, new.quantity)
  ON CONFLICT (product_id) DO UPDATE SET quantity = quantity + excluded.quantity;
END;
-- The ledger is append-only: corrections are new movements.
CREATE TRIGGER stock_movements_no_update BEFORE UPDATE ON stock_movements BEGIN
  SELECT RAISE (ABORT, 'stock_movements is append-only');
END;
CREATE TRIGGER stock_movements_no_delete BEFORE DELETE ON stock_movements BEGIN
  SELECT RAISE (ABORT, 'stock_movements is append-only');
END;

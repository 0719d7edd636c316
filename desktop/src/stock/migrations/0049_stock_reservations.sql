-- Stock reserved by online orders (issue 20, desktop/src/online-orders): one row per product of an order
-- the till has not prepared yet (written by online_orders' triggers, migration 0050). Local to this
-- appliance and never synced (the cloud counts the same orders itself), so a rowid is its id. The till sells on hand minus the active rows (released_at IS NULL) as
-- available; the ledger (stock_movements) is untouched until the order becomes a sale, so a shelf count
-- still counts the reserved units that are physically there. No foreign keys: an order may name a product
-- whose row has not come down yet, and the reservation counts as soon as it does.
CREATE TABLE stock_reservations (
  id          INTEGER PRIMARY KEY,
  product_id  TEXT NOT NULL,
  -- Units, or grams for weighed goods.
  quantity    INTEGER NOT NULL CHECK (quantity > 0),
  order_id    TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  -- When it stopped holding stock and why: the order became a sale, was cancelled, or changed its lines.
  released_at TEXT,
  released_why TEXT CHECK (released_why IN ('sold', 'cancelled', 'changed')),
  CHECK ((released_at IS NULL) = (released_why IS NULL))
) STRICT;
CREATE INDEX stock_reservations_active_product ON stock_reservations (product_id) WHERE released_at IS NULL;
CREATE INDEX stock_reservations_active_order ON stock_reservations (order_id) WHERE released_at IS NULL;

-- What the active rows hold per product, kept by trigger in the same transaction (as stock_on_hand is for
-- the ledger), so every product read subtracts it with one indexed join.
CREATE TABLE stock_reserved (
  product_id TEXT PRIMARY KEY,
  quantity   INTEGER NOT NULL
) STRICT;
CREATE TRIGGER stock_reservations_hold AFTER INSERT ON stock_reservations WHEN new.released_at IS NULL BEGIN
  INSERT INTO stock_reserved (product_id, quantity) VALUES (new.product_id, new.quantity)
  ON CONFLICT (product_id) DO UPDATE SET quantity = quantity + excluded.quantity;
END;
CREATE TRIGGER stock_reservations_release AFTER UPDATE OF released_at ON stock_reservations
  WHEN old.released_at IS NULL AND new.released_at IS NOT NULL BEGIN
  UPDATE stock_reserved SET quantity = quantity - old.quantity WHERE product_id = old.product_id;
  DELETE FROM stock_reserved WHERE product_id = old.product_id AND quantity = 0;
END;
-- A reservation is released once and never edited otherwise, nor deleted: the history of what was held.
CREATE TRIGGER stock_reservations_frozen BEFORE UPDATE ON stock_reservations
  WHEN old.released_at IS NOT NULL OR new.product_id <> old.product_id OR new.quantity <> old.quantity
    OR new.order_id <> old.order_id BEGIN
  SELECT RAISE (ABORT, 'a stock reservation is only ever released, once');
END;
CREATE TRIGGER stock_reservations_no_delete BEFORE DELETE ON stock_reservations BEGIN
  SELECT RAISE (ABORT, 'stock_reservations keeps its history');
END;

-- A "pedido online" becomes a sale at the till (issue 20): paid with `online` (the channel collected the
-- money; it moves no drawer money and a cashier never picks it), and the order remembers when and by whom
-- it was prepared, and when a cancellation released its reserved stock (desktop/src/stock 0049).
INSERT INTO payment_methods (code, is_cash) VALUES ('online', 0);
ALTER TABLE online_orders ADD COLUMN prepared_at TEXT;
ALTER TABLE online_orders ADD COLUMN prepared_by TEXT;
ALTER TABLE online_orders ADD COLUMN released_at TEXT;

-- An order reserves its linked lines' stock (stock_reservations, migration 0049) while it is open or paid
-- and not yet a sale, in the transaction that writes it, whoever writes it (the shape apply, a test). Only
-- a real change of status or lines moves anything: a replayed or re-sent version changes nothing; a newer
-- version with other lines (a line linked by hand in the cloud since) holds the new set; a cancellation
-- releases. A channel sells whole units: a product sold by weight holds 1000 g per unit. The order's sale
-- (online-orders/prepare.ts) releases it as "sold" and sets sale_id, after which nothing is held again.
CREATE TRIGGER online_orders_reserve_new AFTER INSERT ON online_orders
  WHEN new.status IN ('open', 'paid') AND new.sale_id IS NULL BEGIN
  INSERT INTO stock_reservations (product_id, quantity, order_id, created_at)
  SELECT l.product_id, SUM(l.quantity * CASE WHEN p.unit = 'kg' THEN 1000 ELSE 1 END), new.id,
         strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
    FROM (SELECT json_extract(value, '$.productId') AS product_id, json_extract(value, '$.quantity') AS quantity
            FROM json_each(new.lines)) l
    LEFT JOIN products p ON p.id = l.product_id
   WHERE l.product_id IS NOT NULL AND l.quantity > 0
   GROUP BY l.product_id;
  UPDATE online_orders SET reserved_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
   WHERE id = new.id AND EXISTS (SELECT 1 FROM stock_reservations WHERE order_id = new.id AND released_at IS NULL);
END;

CREATE TRIGGER online_orders_reserve_changed AFTER UPDATE OF status, lines ON online_orders
  WHEN old.status IS NOT new.status OR old.lines IS NOT new.lines BEGIN
  UPDATE stock_reservations
     SET released_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
         released_why = CASE WHEN new.status = 'cancelled' THEN 'cancelled' ELSE 'changed' END
   WHERE order_id = new.id AND released_at IS NULL;
  INSERT INTO stock_reservations (product_id, quantity, order_id, created_at)
  SELECT l.product_id, SUM(l.quantity * CASE WHEN p.unit = 'kg' THEN 1000 ELSE 1 END), new.id,
         strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
    FROM (SELECT json_extract(value, '$.productId') AS product_id, json_extract(value, '$.quantity') AS quantity
            FROM json_each(new.lines)) l
    LEFT JOIN products p ON p.id = l.product_id
   WHERE new.status IN ('open', 'paid') AND new.sale_id IS NULL AND l.product_id IS NOT NULL AND l.quantity > 0
   GROUP BY l.product_id;
  UPDATE online_orders SET released_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
   WHERE id = new.id AND new.status = 'cancelled' AND new.sale_id IS NULL AND old.status <> 'cancelled';
  UPDATE online_orders SET reserved_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
   WHERE id = new.id AND reserved_at IS NULL
     AND EXISTS (SELECT 1 FROM stock_reservations WHERE order_id = new.id AND released_at IS NULL);
END;

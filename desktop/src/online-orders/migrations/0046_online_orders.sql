-- "Pedidos online" (issue 20): the Tiendanube and Mercado Libre orders the cloud re-read from the channel,
-- arriving down the online_orders shape (sync/src/download/online-orders-apply.ts keeps the latest of
-- each). For now the till only shows them (desktop/src/online-orders/README.md); the columns after
-- updated_at are for the next step, reserving their stock and turning each into a sale of the store.
CREATE TABLE online_orders (
  id TEXT PRIMARY KEY,
  channel TEXT NOT NULL CHECK (channel IN ('tiendanube', 'mercadolibre')),
  remote_order_id TEXT NOT NULL,
  remote_pack_id TEXT,
  number TEXT NOT NULL,
  -- The channel's state: open, paid or cancelled.
  status TEXT NOT NULL CHECK (status IN ('open', 'paid', 'cancelled')),
  buyer_name TEXT NOT NULL,
  -- Centavos, IVA included.
  total INTEGER NOT NULL CHECK (total >= 0),
  -- JSON [{productId|null, remoteProductId, remoteVariantId, sku, title, quantity, unitPrice}].
  lines TEXT NOT NULL,
  -- UTC ISO-8601.
  placed_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  -- Next step (not written yet): when its stock was reserved here, and the sale it became.
  reserved_at TEXT,
  sale_id TEXT,
  UNIQUE (channel, remote_order_id)
);
CREATE INDEX online_orders_placed ON online_orders (placed_at DESC);

-- Stock counts (desktop/src/stock/counts.ts) and each product's price history (desktop/src/catalog/price-history.ts).
-- One file because the appliance gave this change one migration number; each table names its owner.

-- A count of the whole shop, a category or a list of products. While it is open, sales go on: each
-- product's expected quantity is its on-hand when the count started plus the movements after that, up
-- to when it was counted (stock_count_entries.on_hand_at_entry), so a sale before or after the shelf was
-- counted is never taken for a loss.
CREATE TABLE stock_counts (
  id          TEXT PRIMARY KEY,
  -- Shown to people ("Conteo 3"); one sequence per appliance.
  number      INTEGER NOT NULL UNIQUE,
  scope       TEXT NOT NULL CHECK (scope IN ('all', 'category', 'products')),
  category_id TEXT REFERENCES categories (id),
  status      TEXT NOT NULL CHECK (status IN ('open', 'approved', 'cancelled')),
  note        TEXT,
  started_by  TEXT REFERENCES staff (id),
  started_at  TEXT NOT NULL,
  closed_by   TEXT REFERENCES staff (id),
  closed_at   TEXT
) STRICT;
CREATE INDEX stock_counts_status ON stock_counts (status, number);

-- The products a count covers, each with its on-hand when the count started.
CREATE TABLE stock_count_products (
  count_id         TEXT NOT NULL REFERENCES stock_counts (id),
  product_id       TEXT NOT NULL REFERENCES products (id),
  on_hand_at_start INTEGER NOT NULL,
  PRIMARY KEY (count_id, product_id)
) STRICT;

-- What people counted: one row per scan or typed quantity, from any till; summed per product.
-- client_id makes a retried request a no-op instead of a double count.
CREATE TABLE stock_count_entries (
  -- Explicit INTEGER PRIMARY KEY: the order entries arrived in (VACUUM never renumbers it).
  num         INTEGER PRIMARY KEY,
  id          TEXT NOT NULL UNIQUE,
  count_id    TEXT NOT NULL REFERENCES stock_counts (id),
  product_id  TEXT NOT NULL REFERENCES products (id),
  quantity    INTEGER NOT NULL CHECK (quantity >= 0),
  client_id   TEXT NOT NULL,
  -- The product's on-hand when this entry was written: start + movements so far.
  on_hand_at_entry INTEGER NOT NULL,
  staff_id    TEXT REFERENCES staff (id),
  terminal_id TEXT,
  at          TEXT NOT NULL,
  UNIQUE (count_id, client_id),
  FOREIGN KEY (count_id, product_id) REFERENCES stock_count_products (count_id, product_id)
) STRICT;
CREATE INDEX stock_count_entries_product ON stock_count_entries (count_id, product_id);

-- Every price a product had: written by the catalog's product update path, whatever changed it
-- (the product editor, a bulk change, an import). Local history; the cloud learns prices from product ops.
CREATE TABLE product_price_changes (
  id         TEXT PRIMARY KEY,
  product_id TEXT NOT NULL REFERENCES products (id),
  old_price  INTEGER NOT NULL,
  new_price  INTEGER NOT NULL,
  -- 'editor', 'bulk' (ref_id = the bulk change), 'import', 'sync'…
  source     TEXT NOT NULL,
  ref_id     TEXT,
  staff_id   TEXT REFERENCES staff (id),
  at         TEXT NOT NULL
) STRICT;
CREATE INDEX product_price_changes_product ON product_price_changes (product_id, at);

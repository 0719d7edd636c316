-- Catalog: categories, products (price in centavos; per kg for weighed goods), barcodes, full-text search.

CREATE TABLE categories (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE products (
  -- Explicit INTEGER PRIMARY KEY: the FTS5 index below points at this rowid, and an implicit rowid
  -- may be renumbered by VACUUM, which would silently detach the search index from its rows.
  num                 INTEGER PRIMARY KEY,
  id                  TEXT NOT NULL UNIQUE,
  sku                 TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name                TEXT NOT NULL,
  -- Lower-case name without diacritics, so listings sort "Azúcar" next to "Azafrán", not after "Zapallo".
  name_key            TEXT NOT NULL,
  category_id         TEXT REFERENCES categories (id),
  -- Final consumer price with IVA included, in centavos (per kg when unit = 'kg').
  price               INTEGER NOT NULL CHECK (price >= 0),
  -- IVA in basis points: 2100 = 21 %, 1050 = 10.5 %, 0 = exento.
  iva_rate            INTEGER NOT NULL CHECK (iva_rate IN (0, 1050, 2100)),
  unit                TEXT NOT NULL CHECK (unit IN ('each', 'kg')),
  -- Item code (PLU) this product has on the shop's label scale, if any.
  scale_code          INTEGER UNIQUE CHECK (scale_code >= 0),
  -- Units, or grams for weighed goods.
  low_stock_threshold INTEGER CHECK (low_stock_threshold >= 0),
  active              INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at          TEXT NOT NULL,
  updated_at          TEXT NOT NULL
) STRICT;
CREATE INDEX products_category ON products (category_id, active, name_key);
CREATE INDEX products_active_name ON products (active, name_key);
CREATE INDEX products_name ON products (name_key);
-- Low-stock listing only looks at products that have a threshold: a small partial index.
CREATE INDEX products_low_stock ON products (id) WHERE low_stock_threshold IS NOT NULL;

CREATE TABLE product_barcodes (
  barcode    TEXT PRIMARY KEY,
  product_id TEXT NOT NULL REFERENCES products (id) ON DELETE CASCADE
) STRICT;
CREATE INDEX product_barcodes_product ON product_barcodes (product_id);

-- External-content FTS5 index over name and SKU, kept in step by triggers.
CREATE VIRTUAL TABLE products_fts USING fts5 (
  name, sku, content = 'products', content_rowid = 'num', tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
);
CREATE TRIGGER products_fts_insert AFTER INSERT ON products BEGIN
  INSERT INTO products_fts (rowid, name, sku) VALUES (new.num, new.name, new.sku);
END;
CREATE TRIGGER products_fts_delete AFTER DELETE ON products BEGIN
  INSERT INTO products_fts (products_fts, rowid, name, sku) VALUES ('delete', old.num, old.name, old.sku);
END;
CREATE TRIGGER products_fts_update AFTER UPDATE OF name, sku ON products BEGIN
  INSERT INTO products_fts (products_fts, rowid, name, sku) VALUES ('delete', old.num, old.name, old.sku);
  INSERT INTO products_fts (rowid, name, sku) VALUES (new.num, new.name, new.sku);
END;

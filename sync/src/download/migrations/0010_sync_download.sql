-- Download (cloud → edge): where each shape stands, the cloud's last word on each product, the till's
-- not-yet-acknowledged product edits with their clocks, and the appliance's hybrid logical clock.
-- Conflict policy: per-field last-writer-wins by HLC (docs/sync-protocol.md).

-- One row per shape (table) the appliance downloads: resume point, stored in the same transaction
-- as the rows applied up to it.
CREATE TABLE shape_state (
  shape      TEXT PRIMARY KEY,
  handle     TEXT,
  "offset"   TEXT NOT NULL DEFAULT '-1',
  updated_at TEXT NOT NULL
) STRICT;

-- The product as the cloud last sent it (applied form, in the outbox payload's JSON shape) and the
-- cloud's clock per field. A product without a row here was never seen from the cloud.
CREATE TABLE product_cloud_base (
  product_id TEXT PRIMARY KEY,
  fields     TEXT NOT NULL CHECK (json_valid(fields)),
  field_hlc  TEXT NOT NULL CHECK (json_valid(field_hlc))
) STRICT;

-- Till edits the cloud has not acknowledged yet: the local value (JSON text) and the clock of the
-- edit. A cloud row only replaces such a field when its clock is newer; once the cloud's clock for
-- the field reaches this one the entry is acknowledged and removed.
CREATE TABLE product_pending (
  product_id TEXT NOT NULL,
  field      TEXT NOT NULL,
  value      TEXT NOT NULL CHECK (json_valid(value)),
  hlc        TEXT NOT NULL,
  PRIMARY KEY (product_id, field)
) STRICT;

-- The appliance's hybrid logical clock: wall ms, counter, and this appliance's node id (random).
CREATE TABLE hlc_state (
  id      INTEGER PRIMARY KEY CHECK (id = 1),
  wall    INTEGER NOT NULL,
  counter INTEGER NOT NULL,
  node    TEXT NOT NULL
) STRICT;
INSERT INTO hlc_state (id, wall, counter, node) VALUES (1, 0, 0, lower(hex(randomblob(8))));

-- Store settings the owner set in the dashboard (the store_settings shape), for features to read.
CREATE TABLE cloud_store_settings (
  key        TEXT PRIMARY KEY,
  value      TEXT NOT NULL CHECK (json_valid(value)),
  updated_at TEXT
) STRICT;

-- A cloud row the catalog could not take (a SKU, barcode or scale code another local product holds):
-- kept for a person to resolve instead of stopping the download.
CREATE TABLE download_rejects (
  shape   TEXT NOT NULL,
  pk      TEXT NOT NULL,
  reason  TEXT NOT NULL,
  row     TEXT NOT NULL CHECK (json_valid(row)),
  at      TEXT NOT NULL,
  PRIMARY KEY (shape, pk)
) STRICT;

-- Every product edit at the till (desktop/src/catalog writes its outbox entry in the same
-- transaction) gets a clock here, without the catalog code knowing about sync:
--  1. advance the HLC with the edit's time (outbox.created_at comes from the ctx clock);
--  2. each field whose value differs from the pending one, or (if none) from the cloud's base, is a
--     till edit: record it with the new clock (unchanged pending fields keep their older clock);
--  3. attach every pending field's clock to the payload as "fieldHlc" for the cloud's LWW merge.
-- Values are compared as JSON text (json_each type/value normalised the same way on both sides).
CREATE TRIGGER outbox_product_field_clock AFTER INSERT ON outbox WHEN NEW.entity = 'product'
BEGIN
  UPDATE hlc_state
     SET counter = CASE
                     WHEN CAST(round(unixepoch(NEW.created_at, 'subsec') * 1000) AS INTEGER) > wall THEN 0
                     ELSE counter + 1
                   END,
         wall = max(wall, CAST(round(unixepoch(NEW.created_at, 'subsec') * 1000) AS INTEGER))
   WHERE id = 1;
  INSERT INTO product_pending (product_id, field, value, hlc)
    SELECT NEW.entity_id, f.key,
           CASE WHEN f.type IN ('array', 'object') THEN f.value
                WHEN f.type IN ('true', 'false') THEN f.type
                ELSE json_quote(f.value) END,
           (SELECT printf('%015d-%05d-%s', wall, counter, node) FROM hlc_state WHERE id = 1)
      FROM json_each(NEW.payload) f
     WHERE f.key IN ('sku', 'name', 'categoryId', 'price', 'ivaRate', 'unit', 'barcodes', 'scaleCode',
                     'lowStockThreshold', 'active')
       AND (CASE WHEN f.type IN ('array', 'object') THEN f.value
                 WHEN f.type IN ('true', 'false') THEN f.type
                 ELSE json_quote(f.value) END)
           IS NOT COALESCE(
             (SELECT p.value FROM product_pending p WHERE p.product_id = NEW.entity_id AND p.field = f.key),
             (SELECT CASE WHEN b.type IN ('array', 'object') THEN b.value
                          WHEN b.type IN ('true', 'false') THEN b.type
                          ELSE json_quote(b.value) END
                FROM product_cloud_base c, json_each(c.fields) b
               WHERE c.product_id = NEW.entity_id AND b.key = f.key))
  ON CONFLICT (product_id, field) DO UPDATE SET value = excluded.value, hlc = excluded.hlc;
  UPDATE outbox
     SET payload = json_set(payload, '$.fieldHlc',
                            json((SELECT json_group_object(field, hlc) FROM product_pending
                                   WHERE product_id = NEW.entity_id)))
   WHERE seq = NEW.seq;
END;

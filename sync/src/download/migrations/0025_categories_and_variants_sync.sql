-- Issue 14: variants travel with their product ops and merge per field like every product field, and
-- categories travel both ways (docs/sync-protocol.md).

-- 1. Product ops: the product's variant columns (desktop 0019_variants.sql) are copied from its row into
--    the payload, whatever the catalog code put there, so every product op says whether the product is
--    a model or a variant; then the clocks are stamped as in 0010, over the variant fields too.
DROP TRIGGER outbox_product_field_clock;
CREATE TRIGGER outbox_product_field_clock AFTER INSERT ON outbox WHEN NEW.entity = 'product'
BEGIN
  UPDATE outbox
     SET payload = json_set(payload,
                            '$.variantAxes', json((SELECT variant_axes FROM products WHERE id = NEW.entity_id)),
                            '$.variantOf', (SELECT variant_of FROM products WHERE id = NEW.entity_id),
                            '$.variantValues', json((SELECT variant_values FROM products WHERE id = NEW.entity_id)),
                            '$.priceFollowsModel',
                            json((SELECT CASE price_follows_model WHEN 0 THEN 'false' ELSE 'true' END
                                    FROM products WHERE id = NEW.entity_id)))
   WHERE seq = NEW.seq AND EXISTS (SELECT 1 FROM products WHERE id = NEW.entity_id);
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
      FROM outbox o, json_each(o.payload) f
     WHERE o.seq = NEW.seq
       AND f.key IN ('sku', 'name', 'categoryId', 'price', 'ivaRate', 'unit', 'barcodes', 'scaleCode',
                     'lowStockThreshold', 'active', 'variantAxes', 'variantOf', 'variantValues',
                     'priceFollowsModel')
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

-- 2. Categories: the cloud's last word on each one (its name and the name's clock), and names changed
--    here that the cloud has not acknowledged yet, with their clocks. Same rule as products.
CREATE TABLE category_cloud_base (
  category_id TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  hlc         TEXT NOT NULL
) STRICT;

CREATE TABLE category_pending (
  category_id TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  hlc         TEXT NOT NULL
) STRICT;

-- Every category op the catalog enqueues (created, or updated by a rename) gets a clock for its name
-- when the name differs from the pending one or the cloud's, and carries it as fieldHlc.name.
CREATE TRIGGER outbox_category_field_clock AFTER INSERT ON outbox WHEN NEW.entity = 'category'
BEGIN
  UPDATE hlc_state
     SET counter = CASE
                     WHEN CAST(round(unixepoch(NEW.created_at, 'subsec') * 1000) AS INTEGER) > wall THEN 0
                     ELSE counter + 1
                   END,
         wall = max(wall, CAST(round(unixepoch(NEW.created_at, 'subsec') * 1000) AS INTEGER))
   WHERE id = 1;
  INSERT INTO category_pending (category_id, name, hlc)
    SELECT NEW.entity_id, json_extract(NEW.payload, '$.name'),
           (SELECT printf('%015d-%05d-%s', wall, counter, node) FROM hlc_state WHERE id = 1)
     WHERE json_type(NEW.payload, '$.name') = 'text'
       AND json_extract(NEW.payload, '$.name') IS NOT COALESCE(
             (SELECT name FROM category_pending WHERE category_id = NEW.entity_id),
             (SELECT name FROM category_cloud_base WHERE category_id = NEW.entity_id))
  ON CONFLICT (category_id) DO UPDATE SET name = excluded.name, hlc = excluded.hlc;
  UPDATE outbox
     SET payload = json_set(payload, '$.fieldHlc',
                            json_object('name', (SELECT hlc FROM category_pending WHERE category_id = NEW.entity_id)))
   WHERE seq = NEW.seq AND EXISTS (SELECT 1 FROM category_pending WHERE category_id = NEW.entity_id);
END;

-- Each product's snapshot text, written when the product is: a first sync of 50,000 products reads
-- these texts as they are instead of building every row's JSON (and compacting its clocks) on each
-- read (cloud/src/shapes/shape-log.ts, readSnapshot). Kept by a trigger in the product write's own
-- transaction, so every kind of edit (dashboard, till ops, imports, category merges) keeps it current.

-- The product's clocks in the compact wire form (contracts/src/http/cloud-shapes.ts compactClocks) as
-- the JSON string the wire carries, or 'null': one entry per clock ordered by clock, the fields of
-- PRODUCT_CLOCK_FIELDS as a bit mask (bit = position in that list), any other field by name, sorted.
-- A field appended to PRODUCT_CLOCK_FIELDS later and not here comes out by name, which appliances
-- read too (expandClocks); product-wire-rows.test.ts holds this equal to compactClocks.
-- plpgsql, not sql: its statement's plan is kept for the session instead of planned at every call
-- (each product write calls it once, so a bulk write of thousands of products would plan it thousands of times).
CREATE FUNCTION product_compact_clocks(clocks jsonb) RETURNS text
  LANGUAGE plpgsql IMMUTABLE
  AS $$
  BEGIN
    RETURN (SELECT CASE WHEN count(*) = 0 THEN 'null'
                ELSE to_json('[' || string_agg(entry, ',' ORDER BY clock COLLATE "C") || ']')::text END
      FROM (SELECT c.value AS clock,
                   '[' || to_json(c.value)::text || ','
                     || COALESCE(sum(1::bigint << (f.bit::int - 1)) FILTER (WHERE f.bit IS NOT NULL), 0)::text
                     || COALESCE(',' || string_agg(to_json(c.key)::text, ',' ORDER BY c.key COLLATE "C")
                                          FILTER (WHERE f.bit IS NULL), '')
                     || ']' AS entry
              FROM jsonb_each_text(clocks) c
              LEFT JOIN unnest(ARRAY['sku', 'name', 'categoryId', 'price', 'ivaRate', 'unit', 'barcodes',
                                     'scaleCode', 'lowStockThreshold', 'active', 'variantAxes', 'variantOf',
                                     'variantValues', 'priceFollowsModel']) WITH ORDINALITY AS f(field, bit)
                ON f.field = c.key
             GROUP BY c.value) entries);
  END
  $$;

-- The row's value in a snapshot message, every column of the products shape in its order, clocks
-- compact: the same text as textRowSql(products, all columns, compact) + withCompactClocks
-- (shape-tables.ts), which product-wire-rows.test.ts checks after each kind of edit.
CREATE FUNCTION product_wire_text(r jsonb) RETURNS text
  LANGUAGE plpgsql IMMUTABLE
  AS $$
  BEGIN
    RETURN left(json_build_object('tenant_id', r ->> 'tenant_id', 'id', r ->> 'id', 'store_id', r ->> 'store_id',
             'sku', r ->> 'sku', 'name', r ->> 'name', 'category_id', r ->> 'category_id', 'price', r ->> 'price',
             'iva_rate', r ->> 'iva_rate', 'unit', r ->> 'unit',
             'barcodes', nullif(r -> 'barcodes', 'null'::jsonb)::text, 'scale_code', r ->> 'scale_code',
             'low_stock_threshold', r ->> 'low_stock_threshold',
             'active', CASE r -> 'active' WHEN 'true'::jsonb THEN 't' WHEN 'false'::jsonb THEN 'f' END,
             'variant_axes', nullif(r -> 'variant_axes', 'null'::jsonb)::text, 'variant_of', r ->> 'variant_of',
             'variant_values', nullif(r -> 'variant_values', 'null'::jsonb)::text,
             'price_follows_model', CASE r -> 'price_follows_model' WHEN 'true'::jsonb THEN 't'
                                                                  WHEN 'false'::jsonb THEN 'f' END,
             'updated_at', replace(r ->> 'updated_at', 'T', ' '))::text, -1)
           || ',"field_hlc":' || product_compact_clocks(r -> 'field_hlc') || '}';
  END
  $$;

-- tz: the session's TimeZone the text was written under (a timestamptz's JSON text carries its
-- offset); a snapshot read under another one builds the row instead.
CREATE TABLE product_wire_rows (
  tenant_id uuid NOT NULL,
  product_id uuid NOT NULL,
  wire_text text NOT NULL,
  tz text NOT NULL,
  PRIMARY KEY (tenant_id, product_id),
  FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, id) ON DELETE CASCADE
);

CREATE FUNCTION product_wire_rows_write() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
  BEGIN
    INSERT INTO product_wire_rows (tenant_id, product_id, wire_text, tz)
      VALUES (NEW.tenant_id, NEW.id, product_wire_text(to_jsonb(NEW)), current_setting('TimeZone'))
      ON CONFLICT (tenant_id, product_id)
      DO UPDATE SET wire_text = EXCLUDED.wire_text, tz = EXCLUDED.tz;
    RETURN NULL;
  END
  $$;

CREATE TRIGGER products_wire_rows AFTER INSERT OR UPDATE ON products
  FOR EACH ROW EXECUTE FUNCTION product_wire_rows_write();

INSERT INTO product_wire_rows (tenant_id, product_id, wire_text, tz)
  SELECT tenant_id, id, product_wire_text(to_jsonb(p)), current_setting('TimeZone') FROM products p;

ALTER TABLE product_wire_rows ENABLE ROW LEVEL SECURITY;
ALTER TABLE product_wire_rows FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON product_wire_rows USING (tenant_id = current_tenant_id())
  WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON product_wire_rows TO mostrador_app;

-- Store isolation inside a tenant (docs/sync-protocol.md, "Who may write a product"). An appliance
-- writes only what belongs to its own store. A tenant-wide product (store_id NULL) is the owner's:
-- a till that changes its price or active flag writes an override for its own store instead, unless
-- the owner lets the tills edit the shared catalog.

-- Off by default: a shop with several stores keeps one catalog that only the owner edits.
ALTER TABLE organizations ADD COLUMN tills_edit_shared_catalog boolean NOT NULL DEFAULT false;

-- One store's own price and on-sale flag for a tenant-wide product. NULL = the shared value applies.
-- field_hlc holds the clock of each override field, and also of till edits the cloud refused on a
-- shared product (its name, SKU...): the store's shape then carries the shared value with a clock at
-- least as new as the till's, so the till takes the shared value back instead of keeping its edit.
CREATE TABLE product_store_overrides (
  tenant_id uuid NOT NULL,
  store_id uuid NOT NULL,
  product_id uuid NOT NULL,
  price bigint CHECK (price BETWEEN 0 AND 1000000000000),
  active boolean,
  field_hlc jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(field_hlc) = 'object'),
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, store_id, product_id),
  FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id),
  FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, id)
);
CREATE INDEX product_store_overrides_product ON product_store_overrides (tenant_id, product_id);

ALTER TABLE product_store_overrides ENABLE ROW LEVEL SECURITY;
ALTER TABLE product_store_overrides FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON product_store_overrides
  USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON product_store_overrides TO mostrador_app;

-- One price limit on both sides (contracts MAX_AMOUNT, $ 10.000.000.000,00): 0003 allowed ten times
-- less than the till, so a product priced in between was parked at its appliance for ever.
ALTER TABLE products DROP CONSTRAINT products_price_check;
ALTER TABLE products ADD CONSTRAINT products_price_check CHECK (price BETWEEN 0 AND 1000000000000);

-- The later of two field clocks per field (HLC text compares in byte order, hence COLLATE "C").
CREATE FUNCTION merge_field_hlc(a jsonb, b jsonb) RETURNS jsonb
  LANGUAGE sql IMMUTABLE
  AS $$
    SELECT COALESCE(jsonb_object_agg(k, GREATEST(a ->> k COLLATE "C", b ->> k COLLATE "C")), '{}'::jsonb)
      FROM (SELECT jsonb_object_keys(a) UNION SELECT jsonb_object_keys(b)) AS keys(k)
  $$;

-- A tenant-wide product as one store's tills see it: its override's price and active on top, and
-- every field's clock the later of the two.
CREATE FUNCTION product_row_for_store(product jsonb, override jsonb) RETURNS jsonb
  LANGUAGE sql IMMUTABLE
  AS $$
    SELECT CASE WHEN override IS NULL THEN product
      ELSE product || jsonb_build_object(
        'price', CASE WHEN jsonb_typeof(override -> 'price') = 'number' THEN override -> 'price'
                      ELSE product -> 'price' END,
        'active', CASE WHEN jsonb_typeof(override -> 'active') = 'boolean' THEN override -> 'active'
                       ELSE product -> 'active' END,
        'field_hlc', merge_field_hlc(product -> 'field_hlc', override -> 'field_hlc'))
      END
  $$;

-- An override changed: that store's tills get the product row as they must now see it.
CREATE FUNCTION product_override_shape_log() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
  DECLARE
    o product_store_overrides;
    base jsonb;
  BEGIN
    IF TG_OP = 'DELETE' THEN o := OLD; ELSE o := NEW; END IF;
    SELECT to_jsonb(p) INTO base FROM products p WHERE p.tenant_id = o.tenant_id AND p.id = o.product_id;
    IF base IS NULL THEN RETURN NULL; END IF;
    PERFORM pg_advisory_xact_lock(84300003, hashtext(o.tenant_id::text));
    INSERT INTO shape_log (tenant_id, store_id, table_name, pk, op, row)
      VALUES (o.tenant_id, o.store_id, 'products', o.product_id::text, 'update',
              product_row_for_store(base, CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE to_jsonb(o) END));
    PERFORM pg_notify('shape_log', o.tenant_id::text);
    RETURN NULL;
  END
  $$;

CREATE TRIGGER product_store_overrides_shape_log AFTER INSERT OR UPDATE OR DELETE ON product_store_overrides
  FOR EACH ROW EXECUTE FUNCTION product_override_shape_log();

-- A tenant-wide product changed: after the row every store gets (products_shape_log, which fires
-- first: triggers run in name order), each store with an override gets the row as it must see it.
CREATE FUNCTION product_overridden_shape_log() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
  BEGIN
    INSERT INTO shape_log (tenant_id, store_id, table_name, pk, op, row)
      SELECT o.tenant_id, o.store_id, 'products', o.product_id::text, 'update',
             product_row_for_store(to_jsonb(NEW), to_jsonb(o))
        FROM product_store_overrides o
       WHERE o.tenant_id = NEW.tenant_id AND o.product_id = NEW.id;
    RETURN NULL;
  END
  $$;

CREATE TRIGGER products_shape_overrides AFTER UPDATE ON products
  FOR EACH ROW WHEN (NEW.store_id IS NULL) EXECUTE FUNCTION product_overridden_shape_log();

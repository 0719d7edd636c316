-- Issue 14: variants and categories travel like products (docs/sync-protocol.md).
--
-- Variants are product rows (as on the appliance, desktop 0019_variants.sql): a MODEL has variant_axes;
-- a VARIANT has variant_of (its model) and variant_values (one value per axis, in axis order) and
-- price_follows_model. Each of the four is one more field of the per-field last-writer-wins merge
-- (field_hlc gains variantAxes, variantOf, variantValues, priceFollowsModel).
ALTER TABLE products
  ADD COLUMN variant_axes jsonb CHECK (variant_axes IS NULL OR jsonb_typeof(variant_axes) = 'array'),
  ADD COLUMN variant_of uuid,
  ADD COLUMN variant_values jsonb CHECK (variant_values IS NULL OR jsonb_typeof(variant_values) = 'array'),
  ADD COLUMN price_follows_model boolean NOT NULL DEFAULT true,
  -- A product is a model, a variant, or neither; never both.
  ADD CONSTRAINT products_model_or_variant CHECK (variant_axes IS NULL OR variant_of IS NULL),
  ADD CONSTRAINT products_variant_complete CHECK ((variant_of IS NULL) = (variant_values IS NULL));
CREATE INDEX products_variant_of ON products (tenant_id, variant_of) WHERE variant_of IS NOT NULL;

-- Categories: the tenant's (every store's tills get them), born at a till (category ops) or in the
-- dashboard. store_id is always NULL; it is there because the shape filter and the change-log capture
-- read it as they do for products. name_key is the case-insensitive form (contracts categoryNameKey):
-- one live category per name and tenant. When the same name is born at two places, the category that
-- held the name in the cloud first stays and the other one is merged into it (merged_into): its
-- products move to the one that stays, and the tills do the same when the merged row reaches them.
CREATE TABLE categories (
  tenant_id uuid NOT NULL REFERENCES organizations (id),
  id text NOT NULL CHECK (char_length(id) BETWEEN 1 AND 64),
  store_id uuid CHECK (store_id IS NULL),
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 60),
  name_key text NOT NULL,
  merged_into text,
  field_hlc jsonb NOT NULL CHECK (jsonb_typeof(field_hlc) = 'object'),
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  CHECK (merged_into IS NULL OR merged_into <> id)
);
CREATE UNIQUE INDEX categories_live_name ON categories (tenant_id, name_key) WHERE merged_into IS NULL;

ALTER TABLE categories ENABLE ROW LEVEL SECURITY;
ALTER TABLE categories FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON categories
  USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE ON categories TO mostrador_app;

-- The categories shape: same change log and generations as products.
ALTER TABLE shape_log DROP CONSTRAINT shape_log_table_name_check;
ALTER TABLE shape_log ADD CONSTRAINT shape_log_table_name_check
  CHECK (table_name IN ('products', 'store_settings', 'categories'));
ALTER TABLE shape_generations DROP CONSTRAINT shape_generations_table_name_check;
ALTER TABLE shape_generations ADD CONSTRAINT shape_generations_table_name_check
  CHECK (table_name IN ('products', 'store_settings', 'categories'));
CREATE TRIGGER categories_shape_log AFTER INSERT OR UPDATE OR DELETE ON categories
  FOR EACH ROW EXECUTE FUNCTION shape_log_capture('id');

-- Categories the tills created before this migration were kept verbatim (appliance_events): they become
-- rows, the first one to reach the cloud keeping each name and later ones merged into it. Their clock is
-- the op's time (as for an appliance that sends no fieldHlc).
WITH born AS (
  SELECT DISTINCT ON (e.tenant_id, e.entity_id)
         e.tenant_id, e.entity_id AS id, left(btrim(e.payload ->> 'name'), 60) AS name,
         lower(regexp_replace(btrim(e.payload ->> 'name'), '\s+', ' ', 'g')) AS name_key, e.created_at
    FROM appliance_events e
   WHERE e.entity = 'category' AND e.op = 'created' AND char_length(btrim(e.payload ->> 'name')) > 0
     AND char_length(e.entity_id) <= 64
   ORDER BY e.tenant_id, e.entity_id, e.created_at
), ranked AS (
  SELECT b.*, first_value(b.id) OVER (PARTITION BY b.tenant_id, b.name_key ORDER BY b.created_at, b.id) AS keeper
    FROM born b
)
INSERT INTO categories (tenant_id, id, store_id, name, name_key, merged_into, field_hlc, updated_at)
SELECT r.tenant_id, r.id, NULL, r.name, r.name_key, NULLIF(r.keeper, r.id),
       jsonb_build_object('name', lpad((extract(epoch FROM r.created_at) * 1000)::bigint::text, 15, '0') || '-00000-backfill'),
       r.created_at
  FROM ranked r;

-- Download (cloud → edge): cloud-born catalog and store settings, and the change log the shape
-- endpoint serves (docs/sync-protocol.md). Same rules as 0001: tenant_id on every row, RLS enabled +
-- forced with the tenant_isolation policy, explicit grants to mostrador_app.

-- The catalog. store_id NULL = the whole tenant's catalog (every store's tills get it); a store id =
-- a product only that store sells (products created at a till start there). Ids are UUIDv7, born in
-- the dashboard or on an appliance. Prices are integer centavos, IVA included (per kg for unit 'kg').
CREATE TABLE products (
  tenant_id uuid NOT NULL REFERENCES organizations (id),
  id uuid NOT NULL,
  store_id uuid,
  sku text NOT NULL CHECK (char_length(sku) BETWEEN 1 AND 40),
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 120),
  category_id text CHECK (char_length(category_id) BETWEEN 1 AND 64),
  price bigint NOT NULL CHECK (price BETWEEN 0 AND 100000000000),
  iva_rate integer NOT NULL CHECK (iva_rate IN (0, 1050, 2100)),
  unit text NOT NULL CHECK (unit IN ('each', 'kg')),
  barcodes jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(barcodes) = 'array'),
  scale_code integer CHECK (scale_code BETWEEN 0 AND 999999),
  low_stock_threshold bigint CHECK (low_stock_threshold BETWEEN 0 AND 1000000000),
  active boolean NOT NULL DEFAULT true,
  -- Conflict policy (docs/sync-protocol.md): per-field last-writer-wins. field → hybrid logical clock
  -- of the write that set it ('000001772452800123-00000-node'); a write only replaces a field whose
  -- clock is older.
  field_hlc jsonb NOT NULL CHECK (jsonb_typeof(field_hlc) = 'object'),
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id)
);
CREATE INDEX products_store ON products (tenant_id, store_id);

-- Settings the owner sets in the dashboard for one store (key → JSON value), sent down to its tills.
CREATE TABLE store_settings (
  tenant_id uuid NOT NULL,
  store_id uuid NOT NULL,
  key text NOT NULL CHECK (key ~ '^[a-z][a-z0-9_.]{0,63}$'),
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, store_id, key),
  FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id)
);

-- The change log shapes are served from: one row per row change, in commit order per tenant (the
-- capture trigger takes a per-tenant transaction lock before drawing an lsn, so an lsn that is
-- visible implies every smaller lsn of that tenant is visible too: a reader never skips a change
-- that commits late). row = the whole new row (the old row's key for deletes).
CREATE TABLE shape_log (
  lsn bigserial PRIMARY KEY,
  tenant_id uuid NOT NULL,
  store_id uuid,
  table_name text NOT NULL CHECK (table_name IN ('products', 'store_settings')),
  pk text NOT NULL,
  op text NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
  row jsonb NOT NULL
);
CREATE INDEX shape_log_tenant_table ON shape_log (tenant_id, table_name, lsn);

-- Per tenant and table: the generation in every handle, and the lowest lsn still in the log.
-- compactShapeLog() deletes log rows and bumps the generation, so every older handle gets 409
-- must-refetch and its client re-reads the snapshot.
CREATE TABLE shape_generations (
  tenant_id uuid NOT NULL REFERENCES organizations (id),
  table_name text NOT NULL CHECK (table_name IN ('products', 'store_settings')),
  generation integer NOT NULL CHECK (generation >= 1),
  compacted_through bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, table_name)
);

CREATE FUNCTION shape_log_capture() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
  DECLARE
    r record;
    o text;
    key_column text := TG_ARGV[0];
  BEGIN
    IF TG_OP = 'DELETE' THEN
      r := OLD;
      o := 'delete';
    ELSE
      r := NEW;
      o := lower(TG_OP);
    END IF;
    -- Commit order per tenant (see shape_log): held until this transaction ends.
    PERFORM pg_advisory_xact_lock(84300003, hashtext(r.tenant_id::text));
    INSERT INTO shape_log (tenant_id, store_id, table_name, pk, op, row)
      VALUES (r.tenant_id, r.store_id, TG_TABLE_NAME, to_jsonb(r) ->> key_column, o,
              CASE WHEN o = 'delete' THEN jsonb_build_object(key_column, to_jsonb(r) -> key_column)
                   ELSE to_jsonb(r) END);
    -- Wakes LISTENers (a multi-instance deployment); one process also wakes itself in memory.
    PERFORM pg_notify('shape_log', r.tenant_id::text);
    RETURN NULL;
  END
  $$;

CREATE TRIGGER products_shape_log AFTER INSERT OR UPDATE OR DELETE ON products
  FOR EACH ROW EXECUTE FUNCTION shape_log_capture('id');
CREATE TRIGGER store_settings_shape_log AFTER INSERT OR UPDATE OR DELETE ON store_settings
  FOR EACH ROW EXECUTE FUNCTION shape_log_capture('key');

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['products', 'store_settings', 'shape_log', 'shape_generations']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_tenant_id()) '
      'WITH CHECK (tenant_id = current_tenant_id())', t);
  END LOOP;
END $$;

GRANT SELECT, INSERT, UPDATE, DELETE ON products TO mostrador_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON store_settings TO mostrador_app;
GRANT SELECT, INSERT, DELETE ON shape_log TO mostrador_app;
GRANT SELECT, INSERT, UPDATE ON shape_generations TO mostrador_app;
GRANT USAGE ON SEQUENCE shape_log_lsn_seq TO mostrador_app;

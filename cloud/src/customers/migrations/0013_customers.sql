-- Customers (cloud/src/customers/README.md): tenant scope, born at any store's till (customer ops) or in
-- the owner's dashboard, sent down to every store of the tenant as the `customers` shape. Same rules as
-- 0001: tenant_id on every row, RLS enabled + forced with the tenant_isolation policy, explicit grants.

CREATE TABLE customers (
  tenant_id uuid NOT NULL REFERENCES organizations (id),
  -- UUIDv7 text, born at a till or in the cloud: the earliest id survives a merge.
  id text NOT NULL CHECK (char_length(id) BETWEEN 1 AND 64),
  -- Always NULL (tenant scope): the shape capture trigger and the store filter read the column.
  store_id uuid,
  -- Empty once erased on request.
  name text NOT NULL CHECK (char_length(name) <= 120),
  doc_type text CHECK (doc_type IN ('dni', 'cuit', 'cuil', 'passport')),
  doc_number text CHECK (char_length(doc_number) <= 20),
  iva_condition text NOT NULL DEFAULT 'consumidor_final'
    CHECK (iva_condition IN ('consumidor_final', 'responsable_inscripto', 'monotributista', 'exento')),
  -- E.164, as the appliance stores it.
  phone text CHECK (char_length(phone) <= 20),
  email text CHECK (char_length(email) <= 254),
  birthday text CHECK (birthday ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  notes text CHECK (char_length(notes) <= 1000),
  tags jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(tags) = 'array'),
  loyalty_code text CHECK (char_length(loyalty_code) <= 64),
  -- A store id, or 'cloud'.
  born_at text NOT NULL,
  -- The same person created at two places: the record that survives (customers/merge.ts).
  merged_into text,
  erased_at timestamptz,
  -- Per-field last-writer-wins, as products: field → hybrid logical clock of the write that set it.
  field_hlc jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(field_hlc) = 'object'),
  -- The messaging contact that carries this customer's consent (messaging_consents), once there is one.
  contact_id uuid,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  CHECK ((doc_type IS NULL) = (doc_number IS NULL)),
  CHECK (store_id IS NULL)
);
CREATE INDEX customers_doc ON customers (tenant_id, doc_type, doc_number)
  WHERE doc_number IS NOT NULL AND merged_into IS NULL AND erased_at IS NULL;
CREATE INDEX customers_phone ON customers (tenant_id, phone)
  WHERE phone IS NOT NULL AND merged_into IS NULL AND erased_at IS NULL;

-- The sale's customer (NULL: anonymous; older appliances never send one). Resolved through merged_into
-- when read, so a sale to a merged record counts for the survivor.
ALTER TABLE sales ADD COLUMN customer_id text;
CREATE INDEX sales_customer ON sales (tenant_id, customer_id) WHERE customer_id IS NOT NULL;

-- Customers travel down like products: the shape log takes their changes (any table name the shapes
-- module serves; the list lives in cloud/src/shapes/shape-tables.ts).
ALTER TABLE shape_log DROP CONSTRAINT IF EXISTS shape_log_table_name_check;
ALTER TABLE shape_log ADD CONSTRAINT shape_log_table_name_check CHECK (table_name ~ '^[a-z_]{1,63}$');
ALTER TABLE shape_generations DROP CONSTRAINT IF EXISTS shape_generations_table_name_check;
ALTER TABLE shape_generations ADD CONSTRAINT shape_generations_table_name_check
  CHECK (table_name ~ '^[a-z_]{1,63}$');
CREATE TRIGGER customers_shape_log AFTER INSERT OR UPDATE OR DELETE ON customers
  FOR EACH ROW EXECUTE FUNCTION shape_log_capture('id');
-- Delete on request scrubs what the log kept of a customer's earlier states (customers/erase.ts).
GRANT UPDATE ON shape_log TO mostrador_app;

ALTER TABLE customers ENABLE ROW LEVEL SECURITY;
ALTER TABLE customers FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON customers USING (tenant_id = current_tenant_id())
  WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE ON customers TO mostrador_app;
-- Erasure also scrubs the raw event log (appliance_events) and sent messages' text.
GRANT UPDATE ON appliance_events TO mostrador_app;
GRANT DELETE ON message_events TO mostrador_app;

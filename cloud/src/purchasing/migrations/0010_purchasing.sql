-- Purchasing (cloud/src/purchasing/): each store's suppliers, purchase orders and receipts of goods as its
-- appliance uploads them, and each product's weighted average cost per store, so the dashboard shows
-- purchases and stock valuation at cost. Ids are the appliance's (text). Tenancy as 0001 says.

CREATE TABLE purchase_suppliers (
  tenant_id  uuid NOT NULL,
  id         text NOT NULL,
  store_id   uuid NOT NULL,
  name       text NOT NULL,
  cuit       text,
  active     boolean NOT NULL,
  payload    jsonb NOT NULL,
  -- When the appliance changed it: a late older op never overwrites a newer one.
  at         timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id)
);

CREATE TABLE purchase_orders (
  tenant_id   uuid NOT NULL,
  id          text NOT NULL,
  store_id    uuid NOT NULL,
  number      integer NOT NULL,
  supplier_id text NOT NULL,
  status      text NOT NULL,
  total       bigint NOT NULL,
  payload     jsonb NOT NULL,
  at          timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id)
);
CREATE INDEX purchase_orders_store ON purchase_orders (tenant_id, store_id, at DESC);

CREATE TABLE purchase_receipts (
  tenant_id   uuid NOT NULL,
  id          text NOT NULL,
  store_id    uuid NOT NULL,
  order_id    text,
  supplier_id text,
  total       bigint NOT NULL,
  lines       jsonb NOT NULL,
  at          timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id)
);
CREATE INDEX purchase_receipts_store ON purchase_receipts (tenant_id, store_id, at DESC);

-- Weighted average cost (centavos per unit, or per kg) per store and product: the latest receipt wins.
CREATE TABLE product_costs (
  tenant_id    uuid NOT NULL,
  store_id     uuid NOT NULL,
  product_id   text NOT NULL,
  average_cost bigint NOT NULL CHECK (average_cost >= 0),
  at           timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, store_id, product_id),
  FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id)
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['purchase_suppliers', 'purchase_orders', 'purchase_receipts', 'product_costs']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_tenant_id()) '
      'WITH CHECK (tenant_id = current_tenant_id())', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE ON %I TO mostrador_app', t);
  END LOOP;
END $$;

-- Customer accounts and loyalty points in the cloud (cloud/src/accounts): the tenant's ledgers, appended
-- from every store's uploads (append-only, balances are sums), the credit limits, and the allowances:
-- what each store holds of a customer's credit or points (its 'limit' and 'return' entries uploaded, the
-- grants written here and sent down as the store's `allowance_grants` shape). docs/ownership.md.
-- Ids are the appliance's (text) for edge-born rows, uuid for grants. Tenancy as 0001 says.

CREATE TABLE account_entries (
  tenant_id   uuid NOT NULL,
  id          text NOT NULL,
  store_id    uuid NOT NULL,
  customer_id text NOT NULL,
  kind        text NOT NULL,
  amount      bigint NOT NULL,
  sale_id     text,
  payload     jsonb NOT NULL,
  created_at  timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id)
);
CREATE INDEX account_entries_customer ON account_entries (tenant_id, customer_id, created_at);

CREATE TABLE loyalty_entries (
  tenant_id   uuid NOT NULL,
  id          text NOT NULL,
  store_id    uuid NOT NULL,
  customer_id text NOT NULL,
  kind        text NOT NULL,
  points      bigint NOT NULL,
  sale_id     text,
  payload     jsonb NOT NULL,
  created_at  timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id)
);
CREATE INDEX loyalty_entries_customer ON loyalty_entries (tenant_id, customer_id, created_at);

-- Allowance entries a store wrote ('limit': the store holds the whole limit; 'return': handed back).
CREATE TABLE allowance_entries (
  tenant_id     uuid NOT NULL,
  id            text NOT NULL,
  store_id      uuid NOT NULL,
  customer_id   text NOT NULL,
  kind          text NOT NULL CHECK (kind IN ('credit', 'points')),
  amount        bigint NOT NULL,
  reason        text NOT NULL CHECK (reason IN ('limit', 'return')),
  returns_grant text,
  created_at    timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id)
);
CREATE INDEX allowance_entries_customer ON allowance_entries (tenant_id, customer_id, kind);

-- Grants: born here (a store asked for more), never changed, sent down to their store.
CREATE TABLE allowance_grants (
  tenant_id   uuid NOT NULL,
  id          uuid NOT NULL,
  store_id    uuid NOT NULL,
  customer_id text NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('credit', 'points')),
  amount      bigint NOT NULL CHECK (amount > 0),
  expires_at  timestamptz,
  updated_at  timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id)
);
CREATE INDEX allowance_grants_customer ON allowance_grants (tenant_id, customer_id, kind);

-- The credit limit of each customer (tenant scope): the latest set wins (set_at).
CREATE TABLE credit_limits (
  tenant_id    uuid NOT NULL,
  customer_id  text NOT NULL,
  credit_limit bigint,
  -- The store whose manager set it (its birth store), NULL when set in the dashboard.
  set_by_store uuid,
  set_at       timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, customer_id)
);

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['account_entries', 'loyalty_entries', 'allowance_entries', 'allowance_grants', 'credit_limits']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_tenant_id()) '
      'WITH CHECK (tenant_id = current_tenant_id())', t);
  END LOOP;
END $$;

GRANT SELECT, INSERT ON account_entries, loyalty_entries, allowance_entries, allowance_grants TO mostrador_app;
GRANT SELECT, INSERT, UPDATE ON credit_limits TO mostrador_app;

-- Grants go down as a shape of their store (shape_log as 0003 captures products).
-- (0013 made shape_log.table_name a pattern, so the new table needs no change to its CHECK.)
CREATE TRIGGER allowance_grants_shape_log AFTER INSERT OR UPDATE OR DELETE ON allowance_grants
  FOR EACH ROW EXECUTE FUNCTION shape_log_capture('id');

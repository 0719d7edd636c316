-- Stock counts (cloud/src/purchasing/count-projection.ts): each store's counts as its appliance uploads
-- them (stock_count/started, approved, cancelled), with the approved lines and their differences valued
-- at the average cost the appliance had, so the dashboard's Compras screen lists counts beside purchases.
-- Ids are the appliance's (text). Tenancy as 0001 says.

CREATE TABLE stock_counts (
  tenant_id        uuid NOT NULL,
  id               text NOT NULL,
  store_id         uuid NOT NULL,
  number           integer NOT NULL,
  scope            text NOT NULL,
  category_id      text,
  status           text NOT NULL,
  products         integer NOT NULL,
  -- Sum of the lines' values (centavos, signed) and how many differing lines had no cost.
  difference_value bigint NOT NULL,
  without_cost     integer NOT NULL,
  payload          jsonb NOT NULL,
  started_at       timestamptz NOT NULL,
  closed_at        timestamptz,
  -- When the appliance wrote this state: a late older op never overwrites a newer one, and a closed
  -- count is never reopened by its late "started".
  at               timestamptz NOT NULL,
  closed           boolean NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id)
);
CREATE INDEX stock_counts_store ON stock_counts (tenant_id, store_id, started_at DESC);

ALTER TABLE stock_counts ENABLE ROW LEVEL SECURITY;
ALTER TABLE stock_counts FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON stock_counts USING (tenant_id = current_tenant_id())
  WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE ON stock_counts TO mostrador_app;

-- Repair of what happened before 0005: an appliance of one store could overwrite a product of another
-- store. The dashboard finds such changes in the change log (shape_log rows of a store's product whose
-- write time is a batch of another store's appliance) and the owner reverts or keeps each one; this
-- table remembers the decision so the change is not offered again.
CREATE TABLE product_overwrite_reviews (
  tenant_id uuid NOT NULL REFERENCES organizations (id),
  lsn bigint NOT NULL,
  product_id uuid NOT NULL,
  decision text NOT NULL CHECK (decision IN ('reverted', 'kept')),
  decided_at timestamptz NOT NULL,
  decided_by uuid NOT NULL,
  PRIMARY KEY (tenant_id, lsn)
);

ALTER TABLE product_overwrite_reviews ENABLE ROW LEVEL SECURITY;
ALTER TABLE product_overwrite_reviews FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON product_overwrite_reviews
  USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT ON product_overwrite_reviews TO mostrador_app;

-- The lookup the review runs: a tenant's product ops by write time.
CREATE INDEX applied_ops_entity_time ON applied_ops (tenant_id, entity, applied_at);

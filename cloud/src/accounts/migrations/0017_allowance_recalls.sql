-- The owner moves allowances between stores from the dashboard (cloud/src/accounts/owner-allowances.ts,
-- docs/ownership.md). A grant may now be the owner's (granted_by: the dashboard account; NULL: a store
-- asked). A recall asks a store to hand back up to `amount`: it goes down as the store's
-- `allowance_recalls` shape, and the store answers it once with what it has not spent (its 'return'
-- allowance entry names the recall: answers_recall). Until that answer arrives the store still holds it:
-- the cloud never grants elsewhere what a store may be spending offline.

ALTER TABLE allowance_grants ADD COLUMN granted_by uuid;
ALTER TABLE allowance_entries ADD COLUMN answers_recall text;

CREATE TABLE allowance_recalls (
  tenant_id    uuid NOT NULL,
  id           uuid NOT NULL,
  store_id     uuid NOT NULL,
  customer_id  text NOT NULL,
  kind         text NOT NULL CHECK (kind IN ('credit', 'points')),
  amount       bigint NOT NULL CHECK (amount > 0),
  requested_by uuid NOT NULL,
  updated_at   timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id)
);
CREATE INDEX allowance_recalls_customer ON allowance_recalls (tenant_id, customer_id, kind);

ALTER TABLE allowance_recalls ENABLE ROW LEVEL SECURITY;
ALTER TABLE allowance_recalls FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON allowance_recalls USING (tenant_id = current_tenant_id())
  WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT ON allowance_recalls TO mostrador_app;

CREATE TRIGGER allowance_recalls_shape_log AFTER INSERT OR UPDATE OR DELETE ON allowance_recalls
  FOR EACH ROW EXECUTE FUNCTION shape_log_capture('id');

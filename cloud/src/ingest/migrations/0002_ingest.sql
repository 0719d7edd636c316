-- Upload (edge → cloud): the record of applied operations that makes ingest exactly-once, and the
-- projections the dashboard reads. Same rules as 0001: tenant_id on every row, RLS enabled + forced
-- with the tenant_isolation policy, explicit grants to mostrador_app.
--
-- Keys are (tenant_id, id): ids are born on the appliance (UUIDv7 text), and a composite key means an
-- appliance of another tenant sending the same id gets its own row instead of colliding with (or being
-- silently skipped because of) a row it cannot see.

-- Per appliance: the highest outbox seq applied and the backlog it last reported.
ALTER TABLE appliances
  ADD COLUMN last_seq bigint NOT NULL DEFAULT 0,
  ADD COLUMN backlog integer,
  ADD COLUMN last_ingest_at timestamptz;

-- An op id here means "already applied": INSERT ... ON CONFLICT DO NOTHING RETURNING decides which ops
-- of a batch are new, inside the same transaction as their effects.
CREATE TABLE applied_ops (
  tenant_id uuid NOT NULL,
  op_id uuid NOT NULL,
  appliance_id uuid NOT NULL,
  seq bigint NOT NULL CHECK (seq > 0),
  entity text NOT NULL,
  applied_at timestamptz NOT NULL,
  -- The order the cloud applied ops in (tests check it follows each appliance's seq).
  ingest_no bigint GENERATED ALWAYS AS IDENTITY,
  PRIMARY KEY (tenant_id, op_id),
  FOREIGN KEY (tenant_id, appliance_id) REFERENCES appliances (tenant_id, id)
);
CREATE INDEX applied_ops_appliance_seq ON applied_ops (tenant_id, appliance_id, seq);

CREATE TABLE sales (
  tenant_id uuid NOT NULL,
  id text NOT NULL,
  store_id uuid NOT NULL,
  appliance_id uuid NOT NULL,
  terminal_id text NOT NULL,
  terminal_code integer NOT NULL,
  number integer NOT NULL,
  display_number text NOT NULL,
  cash_session_id text NOT NULL,
  status text NOT NULL CHECK (status IN ('completed', 'voided')),
  created_at timestamptz NOT NULL,
  staff_id text NOT NULL,
  staff_name text NOT NULL,
  subtotal bigint NOT NULL,
  discount_total bigint NOT NULL,
  total bigint NOT NULL,
  net_total bigint NOT NULL,
  iva_total bigint NOT NULL,
  voided_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id)
);
CREATE INDEX sales_store_time ON sales (tenant_id, store_id, created_at);

CREATE TABLE sale_lines (
  tenant_id uuid NOT NULL,
  id text NOT NULL,
  store_id uuid NOT NULL,
  sale_id text NOT NULL,
  line_no integer NOT NULL,
  product_id text NOT NULL,
  description text NOT NULL,
  unit text NOT NULL,
  quantity bigint NOT NULL,
  unit_price bigint NOT NULL,
  total bigint NOT NULL,
  iva_rate integer NOT NULL,
  net bigint NOT NULL,
  iva bigint NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, sale_id) REFERENCES sales (tenant_id, id)
);
CREATE INDEX sale_lines_sale ON sale_lines (tenant_id, sale_id);

CREATE TABLE sale_payments (
  tenant_id uuid NOT NULL,
  id text NOT NULL,
  store_id uuid NOT NULL,
  sale_id text NOT NULL,
  method text NOT NULL,
  amount bigint NOT NULL,
  change bigint NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, sale_id) REFERENCES sales (tenant_id, id)
);

CREATE TABLE sale_voids (
  tenant_id uuid NOT NULL,
  sale_id text NOT NULL,
  store_id uuid NOT NULL,
  voided_at timestamptz NOT NULL,
  voided_by text,
  approved_by text,
  reason text,
  total bigint NOT NULL,
  PRIMARY KEY (tenant_id, sale_id),
  FOREIGN KEY (tenant_id, sale_id) REFERENCES sales (tenant_id, id)
);

CREATE TABLE returns (
  tenant_id uuid NOT NULL,
  id text NOT NULL,
  store_id uuid NOT NULL,
  sale_id text NOT NULL,
  display_number text NOT NULL,
  cash_session_id text NOT NULL,
  created_at timestamptz NOT NULL,
  staff_id text NOT NULL,
  reason text NOT NULL,
  total bigint NOT NULL,
  net_total bigint NOT NULL,
  iva_total bigint NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id)
);

CREATE TABLE return_lines (
  tenant_id uuid NOT NULL,
  id text NOT NULL,
  store_id uuid NOT NULL,
  return_id text NOT NULL,
  product_id text NOT NULL,
  quantity bigint NOT NULL,
  total bigint NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, return_id) REFERENCES returns (tenant_id, id)
);

CREATE TABLE return_refunds (
  tenant_id uuid NOT NULL,
  id text NOT NULL,
  store_id uuid NOT NULL,
  return_id text NOT NULL,
  method text NOT NULL,
  amount bigint NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, return_id) REFERENCES returns (tenant_id, id)
);

CREATE TABLE cash_sessions (
  tenant_id uuid NOT NULL,
  id text NOT NULL,
  store_id uuid NOT NULL,
  terminal_id text,
  status text NOT NULL CHECK (status IN ('open', 'closed')),
  opened_at timestamptz NOT NULL,
  opened_by text,
  opening_float bigint NOT NULL,
  closed_at timestamptz,
  closed_by text,
  -- The Z report exactly as the appliance froze it at close (desktop/src/cash/reports.ts).
  z_report jsonb,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id)
);

-- Stock adjustments/receipts/counts; sale, void and return movements are implied by those payloads.
CREATE TABLE stock_movements (
  tenant_id uuid NOT NULL,
  id text NOT NULL,
  store_id uuid NOT NULL,
  product_id text NOT NULL,
  quantity bigint NOT NULL,
  reason text NOT NULL,
  at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id)
);

-- On hand per product per store: units, or grams for weighed goods (as on the appliance).
CREATE TABLE stock_levels (
  tenant_id uuid NOT NULL,
  store_id uuid NOT NULL,
  product_id text NOT NULL,
  on_hand bigint NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, store_id, product_id),
  FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id)
);

-- Latest state per alarm (an older update arriving late never overwrites a newer one).
CREATE TABLE alarms (
  tenant_id uuid NOT NULL,
  id text NOT NULL,
  store_id uuid NOT NULL,
  device_id text NOT NULL,
  severity integer NOT NULL,
  status text NOT NULL,
  message text NOT NULL,
  raised_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  state jsonb NOT NULL,
  PRIMARY KEY (tenant_id, id)
);

-- Notifications queued for the owner: the cloud's sender picks 'queued' rows (not built yet).
CREATE TABLE owner_notifications (
  tenant_id uuid NOT NULL,
  id text NOT NULL,
  store_id uuid NOT NULL,
  message text NOT NULL,
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed')),
  sent_at timestamptz,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX owner_notifications_queued ON owner_notifications (created_at) WHERE status = 'queued';

-- Everything without a projection yet (staff, device, settings, rules, ... and products until C3's
-- handler lands): kept verbatim so nothing an appliance uploads is ever dropped.
CREATE TABLE appliance_events (
  tenant_id uuid NOT NULL,
  op_id uuid NOT NULL,
  store_id uuid NOT NULL,
  appliance_id uuid NOT NULL,
  seq bigint NOT NULL,
  entity text NOT NULL,
  entity_id text NOT NULL,
  op text NOT NULL,
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, op_id)
);
CREATE INDEX appliance_events_entity ON appliance_events (tenant_id, entity, entity_id);

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['applied_ops', 'sales', 'sale_lines', 'sale_payments', 'sale_voids', 'returns',
    'return_lines', 'return_refunds', 'cash_sessions', 'stock_movements', 'stock_levels', 'alarms',
    'owner_notifications', 'appliance_events']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_tenant_id()) '
      'WITH CHECK (tenant_id = current_tenant_id())', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE ON %I TO mostrador_app', t);
  END LOOP;
END $$;
GRANT USAGE ON SEQUENCE applied_ops_ingest_no_seq TO mostrador_app;

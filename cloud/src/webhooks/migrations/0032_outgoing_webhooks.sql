-- Outgoing webhooks (cloud/src/webhooks/README.md, issue 18): the tenant's endpoints, the events its
-- writes cause (written in the SAME transaction as the write: an outbox), and one delivery per event and
-- endpoint with its attempts, retried with backoff by a worker that claims rows FOR UPDATE SKIP LOCKED.
-- Tenancy as 0001 says.

CREATE TABLE webhook_endpoints (
  id              uuid NOT NULL,
  tenant_id       uuid NOT NULL REFERENCES organizations (id),
  url             text NOT NULL CHECK (char_length(url) BETWEEN 8 AND 500),
  description     text NOT NULL DEFAULT '' CHECK (char_length(description) <= 120),
  events          text[] NOT NULL CHECK (cardinality(events) >= 1),
  -- The signing secret, sealed with CLOUD_SECRETS_KEY: shown once at creation, needed at every delivery.
  secret_sealed   text NOT NULL,
  enabled         boolean NOT NULL DEFAULT true,
  -- The first failed attempt since the last success; disabled after N days of failures.
  failing_since   timestamptz,
  disabled_at     timestamptz,
  disabled_reason text CHECK (disabled_reason IN ('failing', 'owner')),
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  CHECK (enabled = (disabled_at IS NULL))
);

CREATE TABLE webhook_events (
  id         uuid NOT NULL,
  tenant_id  uuid NOT NULL REFERENCES organizations (id),
  type       text NOT NULL CHECK (char_length(type) BETWEEN 3 AND 60),
  payload    jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id)
);

CREATE TABLE webhook_deliveries (
  id               uuid NOT NULL,
  tenant_id        uuid NOT NULL,
  endpoint_id      uuid NOT NULL,
  event_id         uuid NOT NULL,
  -- delivering: claimed by a worker until lease_until (a worker that died leaves it to be taken again).
  status           text NOT NULL DEFAULT 'pending'
                   CHECK (status IN ('pending', 'delivering', 'delivered', 'failed', 'cancelled')),
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL,
  lease_until      timestamptz,
  -- Retried until this moment (about 3 days after the event), then failed.
  give_up_at       timestamptz NOT NULL,
  last_attempt_at  timestamptz,
  last_status_code integer,
  last_duration_ms integer,
  last_error       text CHECK (char_length(last_error) <= 300),
  delivered_at     timestamptz,
  -- A resend ("Reenviar") is a new delivery of the same event (same event id for the receiver).
  resend_of        uuid,
  created_at       timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, endpoint_id) REFERENCES webhook_endpoints (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, event_id) REFERENCES webhook_events (tenant_id, id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at)
  WHERE status IN ('pending', 'delivering');
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (tenant_id, endpoint_id, created_at DESC);

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['webhook_endpoints', 'webhook_events', 'webhook_deliveries']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_tenant_id()) '
      'WITH CHECK (tenant_id = current_tenant_id())', t);
  END LOOP;
END $$;
GRANT SELECT, INSERT, UPDATE, DELETE ON webhook_endpoints TO mostrador_app;
GRANT SELECT, INSERT ON webhook_events TO mostrador_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON webhook_deliveries TO mostrador_app;

-- The delivery worker runs for every tenant: which ones have a delivery due. Only tenant ids leave
-- this function; the work itself runs inside withTenant, under RLS.
CREATE FUNCTION webhooks_tenants_with_work(at timestamptz) RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT DISTINCT tenant_id FROM public.webhook_deliveries
      WHERE status IN ('pending', 'delivering') AND next_attempt_at <= at
  $$;
REVOKE ALL ON FUNCTION webhooks_tenants_with_work(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION webhooks_tenants_with_work(timestamptz) TO mostrador_app;

-- Billing (cloud/src/billing/README.md, issue 18): each tenant's plan as its provider last said it, its
-- trial, and a log of the provider's webhooks. The subscription row is the re-read state, not an event
-- history: applying it twice, or an old event after a new one, writes the same row. Tenancy as 0001 says.

CREATE TABLE billing_accounts (
  tenant_id            uuid PRIMARY KEY REFERENCES organizations (id),
  -- The 14-day trial started at sign-up (no card); NULL for tenants born before billing or by the CLI.
  trial_ends_at        timestamptz,
  provider             text CHECK (provider IN ('stripe', 'mercadopago')),
  customer_id          text,
  subscription_id      text,
  plan                 text CHECK (plan IN ('basico', 'profesional', 'enterprise')),
  billing_interval     text CHECK (billing_interval IN ('month', 'year')),
  status               text CHECK (status IN ('trialing', 'active', 'past_due', 'unpaid', 'canceled',
                                              'incomplete', 'incomplete_expired', 'paused')),
  cancel_at_period_end boolean NOT NULL DEFAULT false,
  current_period_end   timestamptz,
  updated_at           timestamptz NOT NULL,
  CHECK ((subscription_id IS NULL) = (status IS NULL)),
  CHECK (customer_id IS NULL OR provider IS NOT NULL)
);

-- Every webhook whose subscription was re-read, once per event id (a replay is logged once).
CREATE TABLE billing_webhook_events (
  tenant_id       uuid NOT NULL REFERENCES organizations (id),
  event_id        text NOT NULL,
  type            text NOT NULL,
  subscription_id text,
  received_at     timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, event_id)
);

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['billing_accounts', 'billing_webhook_events']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_tenant_id()) '
      'WITH CHECK (tenant_id = current_tenant_id())', t);
  END LOOP;
END $$;

GRANT SELECT, INSERT, UPDATE ON billing_accounts TO mostrador_app;
GRANT SELECT, INSERT ON billing_webhook_events TO mostrador_app;

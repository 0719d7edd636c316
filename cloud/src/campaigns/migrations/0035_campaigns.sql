-- Segments and campaigns (cloud/src/campaigns/README.md). Same tenancy rules as 0001: tenant_id on
-- every row, RLS enabled + forced with the tenant_isolation policy, explicit grants.

-- A saved segment: its rule tree (contracts/src/marketing/segment-rules.ts), evaluated when used.
CREATE TABLE segments (
  tenant_id uuid NOT NULL REFERENCES organizations (id),
  id uuid NOT NULL,
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 120),
  rule jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id)
);

CREATE TABLE campaigns (
  tenant_id uuid NOT NULL REFERENCES organizations (id),
  id uuid NOT NULL,
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 120),
  segment_id uuid NOT NULL,
  channel text NOT NULL CHECK (channel IN ('email', 'whatsapp')),
  subject text NOT NULL,
  body text NOT NULL,
  whatsapp_template jsonb,
  per_minute integer NOT NULL CHECK (per_minute BETWEEN 1 AND 10000),
  status text NOT NULL CHECK (status IN ('draft', 'scheduled', 'sent', 'cancelled')),
  scheduled_at timestamptz,
  sent_at timestamptz,
  skipped_no_consent integer NOT NULL DEFAULT 0,
  skipped_cap integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, segment_id) REFERENCES segments (tenant_id, id)
);
CREATE INDEX campaigns_due ON campaigns (scheduled_at) WHERE status = 'scheduled';

-- One row per customer a campaign (or an automation's occasion) reached: the message, and when the
-- person opened it or clicked (first time; the counts are of people, not of opens).
CREATE TABLE campaign_recipients (
  tenant_id uuid NOT NULL,
  campaign_id uuid NOT NULL,
  customer_id text NOT NULL,
  contact_id uuid NOT NULL,
  message_id uuid NOT NULL,
  queued_at timestamptz NOT NULL,
  opened_at timestamptz,
  clicked_at timestamptz,
  PRIMARY KEY (tenant_id, campaign_id, customer_id),
  FOREIGN KEY (tenant_id, campaign_id) REFERENCES campaigns (tenant_id, id),
  FOREIGN KEY (tenant_id, message_id) REFERENCES messages (tenant_id, id)
);
CREATE INDEX campaign_recipients_message ON campaign_recipients (tenant_id, message_id);

-- Per tenant: the frequency cap, the attribution window and the email's brand.
CREATE TABLE marketing_settings (
  tenant_id uuid PRIMARY KEY REFERENCES organizations (id),
  weekly_cap integer NOT NULL DEFAULT 3 CHECK (weekly_cap BETWEEN 1 AND 50),
  attribution_days integer NOT NULL DEFAULT 7 CHECK (attribution_days BETWEEN 1 AND 90),
  brand_color text NOT NULL DEFAULT '#1f6f5c' CHECK (brand_color ~ '^#[0-9a-fA-F]{6}$'),
  logo_url text NOT NULL DEFAULT '' CHECK (char_length(logo_url) <= 500),
  updated_at timestamptz NOT NULL
);

-- Automations: one per kind and tenant (birthday, "te extrañamos" after N days without a purchase,
-- after the first purchase, points about to expire), run by the scheduler.
CREATE TABLE automations (
  tenant_id uuid NOT NULL REFERENCES organizations (id),
  id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('birthday', 'we_miss_you', 'first_purchase', 'points_expiring')),
  enabled boolean NOT NULL,
  channel text NOT NULL CHECK (channel IN ('email', 'whatsapp')),
  subject text NOT NULL,
  body text NOT NULL,
  whatsapp_template jsonb,
  days integer NOT NULL CHECK (days BETWEEN 0 AND 3650),
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, kind)
);

-- Each occasion of each customer, once (the birthday of a year, a lapse since a given last purchase, the
-- first purchase, a batch of points expiring on a day): what became of it. The primary key is what
-- makes the scheduler idempotent; message_id is null when the person was skipped.
CREATE TABLE automation_sends (
  tenant_id uuid NOT NULL,
  automation_id uuid NOT NULL,
  customer_id text NOT NULL,
  occasion text NOT NULL CHECK (char_length(occasion) BETWEEN 1 AND 64),
  outcome text NOT NULL CHECK (outcome IN ('queued', 'no_consent', 'cap')),
  contact_id uuid,
  message_id uuid,
  at timestamptz NOT NULL,
  opened_at timestamptz,
  clicked_at timestamptz,
  PRIMARY KEY (tenant_id, automation_id, customer_id, occasion),
  FOREIGN KEY (tenant_id, automation_id) REFERENCES automations (tenant_id, id),
  FOREIGN KEY (tenant_id, message_id) REFERENCES messages (tenant_id, id)
);

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['segments', 'campaigns', 'campaign_recipients', 'marketing_settings', 'automations',
    'automation_sends']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_tenant_id()) '
      'WITH CHECK (tenant_id = current_tenant_id())', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE ON %I TO mostrador_app', t);
  END LOOP;
END $$;
GRANT DELETE ON segments TO mostrador_app;

-- The scheduler runs for every tenant: only the ids of tenants with a campaign due leave this function;
-- the work runs inside withTenant, under RLS.
CREATE FUNCTION campaigns_tenants_due(at timestamptz) RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
  AS $$ SELECT DISTINCT tenant_id FROM public.campaigns WHERE status = 'scheduled' AND scheduled_at <= at $$;
REVOKE ALL ON FUNCTION campaigns_tenants_due(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION campaigns_tenants_due(timestamptz) TO mostrador_app;

CREATE FUNCTION automations_tenants_enabled() RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
  AS $$ SELECT DISTINCT tenant_id FROM public.automations WHERE enabled $$;
REVOKE ALL ON FUNCTION automations_tenants_enabled() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION automations_tenants_enabled() TO mostrador_app;

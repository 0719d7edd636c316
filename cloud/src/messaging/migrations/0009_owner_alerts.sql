-- Owner alerts that reach the owner (cloud/src/messaging/README.md, "Owner alerts"): per-recipient
-- preferences (which kinds on which channels, quiet hours), retired contacts, Telegram deep-link
-- connection, the Telegram getUpdates cursor, and appliance outages noticed by the cloud.

-- A contact with messages in the log cannot be deleted (the log keeps pointing at it): it is retired
-- instead — addresses cleared, off the owner recipients, hidden from the list.
ALTER TABLE messaging_contacts ADD COLUMN retired_at timestamptz;

-- Quiet hours for the owner's alerts, in the contact's zone (else the tenant default). NULL: none.
-- An alert of at least alert_bypass_severity (1..4, contracts/src/alarms.ts; 3 = "Grave") goes anyway;
-- NULL: nothing bypasses them.
ALTER TABLE messaging_contacts
  ADD COLUMN alert_quiet_start time,
  ADD COLUMN alert_quiet_end time,
  ADD COLUMN alert_bypass_severity integer DEFAULT 3 CHECK (alert_bypass_severity BETWEEN 1 AND 4),
  ADD CONSTRAINT messaging_contacts_alert_quiet CHECK ((alert_quiet_start IS NULL) = (alert_quiet_end IS NULL));

-- Which kinds of owner notification go to a recipient on which channels. No row for a kind: every
-- channel the recipient has (so a kind a newer appliance invents still arrives).
CREATE TABLE messaging_alert_preferences (
  tenant_id uuid NOT NULL,
  contact_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9_]{0,39}$'),
  channels text[] NOT NULL CHECK (channels <@ ARRAY['email', 'whatsapp', 'telegram']),
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, contact_id, kind),
  FOREIGN KEY (tenant_id, contact_id) REFERENCES messaging_contacts (tenant_id, id) ON DELETE CASCADE
);

-- "Conectar Telegram": a one-time token in a t.me deep link; /start <token> links the chat. Only its
-- hash is kept; single use, expiring.
CREATE TABLE messaging_telegram_links (
  tenant_id uuid NOT NULL,
  token_hash text NOT NULL,
  contact_id uuid NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, token_hash),
  FOREIGN KEY (tenant_id, contact_id) REFERENCES messaging_contacts (tenant_id, id) ON DELETE CASCADE
);

-- Without a public URL the worker polls Telegram's getUpdates: the next update_id to ask for.
ALTER TABLE messaging_channels ADD COLUMN telegram_update_offset bigint;

-- Minutes without an upload before an appliance counts as offline (tenant setting).
ALTER TABLE messaging_settings
  ADD COLUMN appliance_offline_minutes integer NOT NULL DEFAULT 30 CHECK (appliance_offline_minutes BETWEEN 5 AND 10080);

-- One row per outage: noticed once (the owner is told once), recovered once (told once more).
CREATE TABLE messaging_appliance_outages (
  tenant_id uuid NOT NULL,
  appliance_id uuid NOT NULL,
  last_seen_at timestamptz NOT NULL,
  noticed_at timestamptz NOT NULL,
  recovered_at timestamptz,
  PRIMARY KEY (tenant_id, appliance_id, last_seen_at)
);
-- The dashboard finds an owner notification's messages by their dedupe key.
CREATE INDEX messages_dedupe_key ON messages (tenant_id, dedupe_key);

CREATE UNIQUE INDEX messaging_appliance_outages_open ON messaging_appliance_outages (tenant_id, appliance_id)
  WHERE recovered_at IS NULL;

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['messaging_alert_preferences', 'messaging_telegram_links', 'messaging_appliance_outages']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_tenant_id()) '
      'WITH CHECK (tenant_id = current_tenant_id())', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE ON %I TO mostrador_app', t);
  END LOOP;
END $$;
GRANT DELETE ON messaging_alert_preferences TO mostrador_app;

-- The outage check runs for every tenant: which ones have an appliance silent for longer than their
-- setting, or an outage still open. Only tenant ids leave this function.
CREATE FUNCTION messaging_tenants_with_outages(at timestamptz) RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT a.tenant_id FROM public.appliances a
      LEFT JOIN public.messaging_settings s ON s.tenant_id = a.tenant_id
      WHERE a.revoked_at IS NULL AND a.last_seen_at IS NOT NULL
        AND a.last_seen_at < at - make_interval(mins => COALESCE(s.appliance_offline_minutes, 30))
    UNION
    SELECT tenant_id FROM public.messaging_appliance_outages WHERE recovered_at IS NULL
  $$;
REVOKE ALL ON FUNCTION messaging_tenants_with_outages(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION messaging_tenants_with_outages(timestamptz) TO mostrador_app;

-- The getUpdates fallback polls every tenant whose Telegram channel is on.
CREATE FUNCTION messaging_tenants_with_telegram() RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
  AS $$ SELECT tenant_id FROM public.messaging_channels WHERE channel = 'telegram' AND enabled $$;
REVOKE ALL ON FUNCTION messaging_tenants_with_telegram() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION messaging_tenants_with_telegram() TO mostrador_app;

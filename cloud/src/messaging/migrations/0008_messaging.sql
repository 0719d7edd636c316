-- Messaging (cloud/src/messaging/README.md): one send queue, consent and suppression for email,
-- WhatsApp and Telegram, per tenant. Every table follows the tenancy rules of 0001 (tenant_id in keys,
-- RLS enabled + forced, a tenant_isolation policy, explicit grants to mostrador_app).

-- Per tenant and channel: non-secret settings in clear (SMTP host, WhatsApp phone-number id, ...), the
-- secrets (SMTP password, access tokens, app secret, webhook tokens) as AES-256-GCM ciphertext
-- (messaging/secrets.ts; the key comes from CLOUD_SECRETS_KEY, never from the database).
CREATE TABLE messaging_channels (
  tenant_id uuid NOT NULL REFERENCES organizations (id),
  channel text NOT NULL CHECK (channel IN ('email', 'whatsapp', 'telegram')),
  enabled boolean NOT NULL DEFAULT true,
  settings jsonb NOT NULL DEFAULT '{}',
  secrets_ciphertext text,
  rate_per_minute integer NOT NULL DEFAULT 60 CHECK (rate_per_minute BETWEEN 1 AND 10000),
  updated_at timestamptz NOT NULL,
  updated_by uuid,
  PRIMARY KEY (tenant_id, channel)
);

-- Per tenant: quiet hours (local time of the recipient) for marketing, and the zone of a contact
-- without one.
CREATE TABLE messaging_settings (
  tenant_id uuid PRIMARY KEY REFERENCES organizations (id),
  quiet_start time NOT NULL DEFAULT '21:00',
  quiet_end time NOT NULL DEFAULT '09:00',
  default_time_zone text NOT NULL DEFAULT 'America/Argentina/Buenos_Aires',
  updated_at timestamptz NOT NULL
);

-- People messages go to. phone: digits of the international number without "+", Argentine mobiles as
-- 54 + 10 digits (messaging/phone.ts). owner_recipient: receives the owner's notifications.
CREATE TABLE messaging_contacts (
  tenant_id uuid NOT NULL REFERENCES organizations (id),
  id uuid NOT NULL,
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 120),
  email text CHECK (email = lower(email) AND char_length(email) <= 254),
  phone text CHECK (phone ~ '^[1-9][0-9]{6,14}$'),
  telegram_chat_id text CHECK (telegram_chat_id ~ '^-?[0-9]{1,20}$'),
  time_zone text,
  owner_recipient boolean NOT NULL DEFAULT false,
  -- The last message the person sent us on WhatsApp: free-form text is allowed for 24 h after it.
  whatsapp_last_inbound_at timestamptz,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX messaging_contacts_email ON messaging_contacts (tenant_id, email) WHERE email IS NOT NULL;
CREATE UNIQUE INDEX messaging_contacts_phone ON messaging_contacts (tenant_id, phone) WHERE phone IS NOT NULL;
CREATE UNIQUE INDEX messaging_contacts_telegram ON messaging_contacts (tenant_id, telegram_chat_id)
  WHERE telegram_chat_id IS NOT NULL;

-- Consent per person and channel. pending: email double opt-in sent, not confirmed (only the hash of
-- the confirmation token is kept). opted_in: with date, source and who recorded it. opted_out: by link,
-- STOP/BAJA, /stop or the owner.
CREATE TABLE messaging_consents (
  tenant_id uuid NOT NULL,
  contact_id uuid NOT NULL,
  channel text NOT NULL CHECK (channel IN ('email', 'whatsapp', 'telegram')),
  status text NOT NULL CHECK (status IN ('pending', 'opted_in', 'opted_out')),
  opted_in_at timestamptz,
  source text NOT NULL CHECK (char_length(source) BETWEEN 1 AND 200),
  recorded_by text NOT NULL CHECK (char_length(recorded_by) BETWEEN 1 AND 200),
  confirm_token_hash text,
  opted_out_at timestamptz,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, contact_id, channel),
  FOREIGN KEY (tenant_id, contact_id) REFERENCES messaging_contacts (tenant_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX messaging_consents_token ON messaging_consents (confirm_token_hash)
  WHERE confirm_token_hash IS NOT NULL;

-- Addresses never sent to again: hard bounces, complaints, the owner's manual block.
CREATE TABLE messaging_suppressions (
  tenant_id uuid NOT NULL REFERENCES organizations (id),
  channel text NOT NULL CHECK (channel IN ('email', 'whatsapp', 'telegram')),
  address text NOT NULL,
  reason text NOT NULL CHECK (reason IN ('bounce', 'complaint', 'manual')),
  detail text,
  message_id uuid,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, channel, address)
);

-- The durable send queue. One row per message to one address on one channel; dedupe_key is the
-- caller's (one event → one message per channel and recipient, however often it is enqueued).
-- due: status queued (or sending whose lease ran out: a worker died) with next_attempt_at and
-- not_before passed. claimed_at: when the current attempt started (rate limits count these).
CREATE TABLE messages (
  tenant_id uuid NOT NULL REFERENCES organizations (id),
  id uuid NOT NULL,
  channel text NOT NULL CHECK (channel IN ('email', 'whatsapp', 'telegram')),
  contact_id uuid NOT NULL,
  address text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('transactional', 'marketing')),
  -- Why a transactional message may go without opt-in: the owner's own alert, something the person
  -- asked for (a reminder), a double opt-in confirmation.
  reason text NOT NULL CHECK (reason IN ('owner_alert', 'requested', 'consent_confirmation', 'marketing')),
  subject text,
  body text NOT NULL,
  template jsonb,
  dedupe_key text NOT NULL CHECK (char_length(dedupe_key) BETWEEN 1 AND 200),
  source text,
  reply_handler text,
  reply_context jsonb,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'accepted', 'sent', 'delivered',
    'read', 'failed', 'bounced', 'cancelled')),
  attempts integer NOT NULL DEFAULT 0,
  max_attempts integer NOT NULL DEFAULT 8,
  next_attempt_at timestamptz NOT NULL,
  not_before timestamptz NOT NULL,
  claimed_at timestamptz,
  provider_id text,
  last_error text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, channel, contact_id, dedupe_key),
  FOREIGN KEY (tenant_id, contact_id) REFERENCES messaging_contacts (tenant_id, id)
);
CREATE INDEX messages_due ON messages (tenant_id, next_attempt_at) WHERE status IN ('queued', 'sending');
CREATE INDEX messages_provider ON messages (tenant_id, channel, provider_id) WHERE provider_id IS NOT NULL;
CREATE INDEX messages_claimed ON messages (tenant_id, channel, claimed_at);
CREATE INDEX messages_log ON messages (tenant_id, created_at DESC);

-- What happened to each message: enqueued, attempt, accepted, provider statuses, bounce, cancel.
CREATE TABLE message_events (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  message_id uuid NOT NULL,
  at timestamptz NOT NULL,
  type text NOT NULL CHECK (char_length(type) BETWEEN 1 AND 40),
  detail jsonb NOT NULL DEFAULT '{}',
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, message_id) REFERENCES messages (tenant_id, id)
);
CREATE INDEX message_events_message ON message_events (tenant_id, message_id, at);

-- Inbound messages already handled, by the provider's id (WhatsApp wamid, Telegram update_id): both
-- providers deliver a webhook again when an answer was slow or lost, and a "confirmar" handled twice
-- would confirm twice.
CREATE TABLE messaging_inbound_seen (
  tenant_id uuid NOT NULL REFERENCES organizations (id),
  channel text NOT NULL CHECK (channel IN ('email', 'whatsapp', 'telegram')),
  provider_message_id text NOT NULL CHECK (char_length(provider_message_id) BETWEEN 1 AND 200),
  received_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, channel, provider_message_id)
);

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['messaging_channels', 'messaging_settings', 'messaging_contacts',
    'messaging_consents', 'messaging_suppressions', 'messages', 'message_events', 'messaging_inbound_seen']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_tenant_id()) '
      'WITH CHECK (tenant_id = current_tenant_id())', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE ON %I TO mostrador_app', t);
  END LOOP;
END $$;
GRANT DELETE ON messaging_contacts, messaging_consents, messaging_suppressions TO mostrador_app;

-- The worker runs for every tenant: before it knows a tenant it asks which ones have work (due messages
-- or owner notifications waiting). Only tenant ids leave this function; the work itself runs inside
-- withTenant, under RLS.
CREATE FUNCTION messaging_tenants_with_work(at timestamptz) RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT tenant_id FROM public.messages
      WHERE status IN ('queued', 'sending') AND next_attempt_at <= at AND not_before <= at
    UNION
    SELECT tenant_id FROM public.owner_notifications WHERE status = 'queued'
  $$;
REVOKE ALL ON FUNCTION messaging_tenants_with_work(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION messaging_tenants_with_work(timestamptz) TO mostrador_app;

-- A bounce arrives at bounces+<message id>@<bounce domain>: the message id is all it carries, so the
-- tenant is looked up here (and only the tenant).
CREATE FUNCTION messaging_tenant_of_message(message uuid) RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
  AS $$ SELECT tenant_id FROM public.messages WHERE id = message $$;
REVOKE ALL ON FUNCTION messaging_tenant_of_message(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION messaging_tenant_of_message(uuid) TO mostrador_app;

-- A double opt-in link carries only its token: its hash finds the tenant.
CREATE FUNCTION messaging_tenant_of_confirmation(token_hash text) RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
  AS $$ SELECT tenant_id FROM public.messaging_consents WHERE confirm_token_hash = token_hash $$;
REVOKE ALL ON FUNCTION messaging_tenant_of_confirmation(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION messaging_tenant_of_confirmation(text) TO mostrador_app;

-- The operator's console and CRM (issue 18, cloud/src/operator/README.md): the people who run
-- Mostrador (never a tenant's account), their sessions and audit log, the history of every applied
-- subscription state (billing's applySubscription writes it, for MRR movements), and the operator's
-- sales pipeline (leads, stage changes, interactions, tasks).
--
-- Cross-tenant reads go through the role mostrador_operator, kept apart from the tenants' RLS: it is
-- NOBYPASSRLS and gets explicit SELECT grants plus a SELECT-only policy on the few tenant tables it
-- reads. RLS is never turned off and mostrador_app is never a member of it, so a tenant's session
-- still sees only its own rows.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'mostrador_operator') THEN
    CREATE ROLE mostrador_operator NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL; -- another database's migration created it at the same moment
END $$;

DO $$
BEGIN
  IF (SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = 'mostrador_operator') THEN
    RAISE EXCEPTION 'El rol mostrador_operator no debe poder saltear RLS (SUPERUSER o BYPASSRLS)';
  END IF;
  IF pg_has_role('mostrador_app', 'mostrador_operator', 'MEMBER') THEN
    RAISE EXCEPTION 'mostrador_app no debe ser miembro de mostrador_operator';
  END IF;
END $$;

GRANT USAGE ON SCHEMA public TO mostrador_operator;

-- Every subscription state billing applied, in order: MRR movements are differences between them.
-- A tenant table (RLS as every other); amounts in integer minor units with their currency, never summed
-- across currencies.
CREATE TABLE billing_subscription_history (
  id               uuid NOT NULL,
  -- No foreign key: Mostrador's billing record outlives an erased organization (tenant-data, 0033).
  tenant_id        uuid NOT NULL,
  applied_at       timestamptz NOT NULL,
  provider         text NOT NULL CHECK (provider IN ('stripe', 'mercadopago')),
  subscription_id  text NOT NULL,
  status           text NOT NULL,
  plan             text NOT NULL CHECK (plan IN ('basico', 'profesional', 'enterprise')),
  billing_interval text NOT NULL CHECK (billing_interval IN ('month', 'year')),
  currency         text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  -- The price per interval as the provider has it (NULL: the provider did not say).
  unit_amount      bigint CHECK (unit_amount >= 0),
  -- What this state adds to MRR: the monthly share of a paying state (active, past_due), else 0.
  mrr              bigint NOT NULL CHECK (mrr >= 0),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX billing_subscription_history_tenant ON billing_subscription_history (tenant_id, applied_at);
ALTER TABLE billing_subscription_history ENABLE ROW LEVEL SECURITY;
ALTER TABLE billing_subscription_history FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON billing_subscription_history
  USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT ON billing_subscription_history TO mostrador_app;

-- The operator reads these tenant tables across tenants: SELECT only, for its role only.
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['organizations', 'stores', 'appliances', 'billing_accounts',
                           'billing_subscription_history']
  LOOP
    EXECUTE format('GRANT SELECT ON %I TO mostrador_operator', t);
    EXECUTE format('CREATE POLICY operator_read ON %I FOR SELECT TO mostrador_operator USING (true)', t);
  END LOOP;
END $$;

-- The operator's own tables: no tenant, never granted to mostrador_app. Where a row is about an
-- organization, the column is organization_id (not tenant_id: these rows belong to no tenant).
CREATE TABLE operators (
  id                     uuid PRIMARY KEY,
  email                  text NOT NULL UNIQUE CHECK (email = lower(email) AND char_length(email) BETWEEN 3 AND 254),
  name                   text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 120),
  password_hash          text NOT NULL,
  -- Required: an operator without a second factor cannot exist (sealed with CLOUD_SECRETS_KEY).
  totp_secret_ciphertext text NOT NULL,
  totp_last_step         bigint,
  created_at             timestamptz NOT NULL,
  disabled_at            timestamptz
);

CREATE TABLE operator_sessions (
  id           uuid PRIMARY KEY,
  operator_id  uuid NOT NULL REFERENCES operators (id),
  token_hash   text NOT NULL UNIQUE,
  ip           text,
  created_at   timestamptz NOT NULL,
  expires_at   timestamptz NOT NULL,
  revoked_at   timestamptz
);

-- Every access: who, what, which tenant (if one), when. Appended, never updated.
CREATE TABLE operator_audit (
  id          uuid PRIMARY KEY,
  operator_id uuid REFERENCES operators (id),
  action      text NOT NULL CHECK (char_length(action) BETWEEN 1 AND 80),
  organization_id uuid,
  detail      jsonb,
  ip          text,
  at          timestamptz NOT NULL
);
CREATE INDEX operator_audit_at ON operator_audit (at DESC);

CREATE TABLE leads (
  id               uuid PRIMARY KEY,
  business_name    text NOT NULL CHECK (char_length(business_name) BETWEEN 1 AND 120),
  contact_name     text CHECK (char_length(contact_name) BETWEEN 1 AND 120),
  email            text CHECK (email = lower(email) AND char_length(email) BETWEEN 3 AND 254),
  phone            text CHECK (char_length(phone) BETWEEN 3 AND 40),
  rubro            text CHECK (char_length(rubro) BETWEEN 1 AND 60),
  source           text NOT NULL CHECK (source IN ('signup', 'manual', 'landing')),
  stage            text NOT NULL CHECK (stage IN ('contact', 'demo', 'proposal', 'won', 'lost')),
  -- The tenant the lead became (a sign-up links it).
  organization_id  uuid UNIQUE REFERENCES organizations (id),
  created_at       timestamptz NOT NULL,
  stage_changed_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX leads_email ON leads (email) WHERE email IS NOT NULL;

CREATE TABLE lead_stage_changes (
  id          uuid PRIMARY KEY,
  lead_id     uuid NOT NULL REFERENCES leads (id),
  from_stage  text,
  to_stage    text NOT NULL,
  operator_id uuid REFERENCES operators (id),
  at          timestamptz NOT NULL
);
CREATE INDEX lead_stage_changes_lead ON lead_stage_changes (lead_id, at);

CREATE TABLE lead_interactions (
  id          uuid PRIMARY KEY,
  lead_id     uuid NOT NULL REFERENCES leads (id),
  kind        text NOT NULL CHECK (kind IN ('call', 'email', 'whatsapp', 'note')),
  note        text NOT NULL CHECK (char_length(note) BETWEEN 1 AND 2000),
  operator_id uuid NOT NULL REFERENCES operators (id),
  at          timestamptz NOT NULL
);
CREATE INDEX lead_interactions_lead ON lead_interactions (lead_id, at);

CREATE TABLE lead_tasks (
  id          uuid PRIMARY KEY,
  lead_id     uuid NOT NULL REFERENCES leads (id),
  title       text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
  due_at      timestamptz NOT NULL,
  done_at     timestamptz,
  operator_id uuid NOT NULL REFERENCES operators (id),
  created_at  timestamptz NOT NULL
);
CREATE INDEX lead_tasks_open ON lead_tasks (due_at) WHERE done_at IS NULL;

GRANT SELECT, INSERT, UPDATE ON operators, operator_sessions TO mostrador_operator;
GRANT SELECT, INSERT ON operator_audit, lead_stage_changes, lead_interactions TO mostrador_operator;
GRANT SELECT, INSERT, UPDATE ON leads, lead_tasks TO mostrador_operator;
-- The login limiter (auth_attempts) is reached the same narrow way the service reaches it.
GRANT EXECUTE ON FUNCTION auth_attempt_admit(text[], uuid, timestamptz, integer, integer) TO mostrador_operator;
GRANT EXECUTE ON FUNCTION auth_attempt_release(uuid) TO mostrador_operator;

-- A sign-up (run as mostrador_app, inside its tenant) creates or links its lead: the one door from the
-- tenants' side into the operator's tables. A lead already known by the email is linked (and keeps
-- its stage); otherwise a new one starts at 'contact' from source 'signup'.
CREATE FUNCTION operator_lead_signed_up(p_id uuid, p_change_id uuid, p_tenant uuid, p_business text,
                                        p_email text, p_rubro text, p_at timestamptz)
  RETURNS uuid
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
  DECLARE
    known uuid;
  BEGIN
    IF p_tenant IS DISTINCT FROM public.current_tenant_id() THEN
      RAISE EXCEPTION 'operator_lead_signed_up: not the current tenant';
    END IF;
    SELECT l.id INTO known FROM public.leads l WHERE l.email = lower(p_email) AND l.organization_id IS NULL
      FOR UPDATE;
    IF known IS NOT NULL THEN
      UPDATE public.leads SET organization_id = p_tenant, rubro = coalesce(rubro, p_rubro) WHERE id = known;
      RETURN known;
    END IF;
    INSERT INTO public.leads (id, business_name, email, rubro, source, stage, organization_id, created_at,
                              stage_changed_at)
      VALUES (p_id, p_business, lower(p_email), p_rubro, 'signup', 'contact', p_tenant, p_at, p_at)
      ON CONFLICT DO NOTHING;
    IF NOT FOUND THEN
      RETURN NULL; -- the email's lead already became another tenant: nothing to link
    END IF;
    INSERT INTO public.lead_stage_changes (id, lead_id, from_stage, to_stage, at)
      VALUES (p_change_id, p_id, NULL, 'contact', p_at);
    RETURN p_id;
  END $$;
REVOKE ALL ON FUNCTION operator_lead_signed_up(uuid, uuid, uuid, text, text, text, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION operator_lead_signed_up(uuid, uuid, uuid, text, text, text, timestamptz) TO mostrador_app;

-- Landing pages, leads, lead scoring and demo mode (issue 19; cloud/src/landing/README.md).
--
-- Two sides, kept apart as the operator's console already is (operator/migrations/0027):
--  * the operator's pages per rubro feed the operator's CRM: their visits and lead events, the consent
--    each lead gave and the scoring settings are the operator's own tables (no tenant, granted to
--    mostrador_operator only); the public pages write them through the operator's connection;
--  * each store's own page belongs to its tenant (RLS as every tenant table): on/off, address and hours,
--    its visits and its leads (each one a customer of the shop, with the consent's wording and time).
-- Demo tenants are ordinary tenants; landing_demos remembers which ones expire and when.

-- A lead from a landing page keeps the UTM parameters of the visit that brought it, and its message.
ALTER TABLE leads ADD COLUMN utm_source text CHECK (char_length(utm_source) BETWEEN 1 AND 100);
ALTER TABLE leads ADD COLUMN utm_medium text CHECK (char_length(utm_medium) BETWEEN 1 AND 100);
ALTER TABLE leads ADD COLUMN utm_campaign text CHECK (char_length(utm_campaign) BETWEEN 1 AND 100);
ALTER TABLE leads ADD COLUMN utm_term text CHECK (char_length(utm_term) BETWEEN 1 AND 100);
ALTER TABLE leads ADD COLUMN utm_content text CHECK (char_length(utm_content) BETWEEN 1 AND 100);
ALTER TABLE leads ADD COLUMN message text CHECK (char_length(message) BETWEEN 1 AND 2000);
-- The browser (a random id in a cookie) whose earlier visits count toward the lead's score.
ALTER TABLE leads ADD COLUMN visitor_id uuid;

-- What a lead (or a visitor not yet a lead) did, the log the score is computed from. A visitor's events
-- are linked to the lead when the visitor sends the form.
CREATE TABLE lead_events (
  id           uuid PRIMARY KEY,
  visitor_id   uuid,
  lead_id      uuid REFERENCES leads (id),
  kind         text NOT NULL CHECK (kind IN ('visit', 'form', 'demo', 'email_open', 'email_click')),
  rubro        text CHECK (char_length(rubro) BETWEEN 1 AND 60),
  utm_source   text CHECK (char_length(utm_source) BETWEEN 1 AND 100),
  utm_medium   text CHECK (char_length(utm_medium) BETWEEN 1 AND 100),
  utm_campaign text CHECK (char_length(utm_campaign) BETWEEN 1 AND 100),
  utm_term     text CHECK (char_length(utm_term) BETWEEN 1 AND 100),
  utm_content  text CHECK (char_length(utm_content) BETWEEN 1 AND 100),
  at           timestamptz NOT NULL,
  CHECK (visitor_id IS NOT NULL OR lead_id IS NOT NULL)
);
CREATE INDEX lead_events_lead ON lead_events (lead_id, at) WHERE lead_id IS NOT NULL;
CREATE INDEX lead_events_visitor ON lead_events (visitor_id) WHERE visitor_id IS NOT NULL;

-- The consent a lead gave on the form: the exact wording shown, when, and from where. Appended.
CREATE TABLE lead_consents (
  id      uuid PRIMARY KEY,
  lead_id uuid NOT NULL REFERENCES leads (id),
  wording text NOT NULL CHECK (char_length(wording) BETWEEN 1 AND 1000),
  ip      text,
  at      timestamptz NOT NULL
);
CREATE INDEX lead_consents_lead ON lead_consents (lead_id, at);

-- The operator's scoring rules: one row. Points per action, the half-life of a point (days), and the
-- thresholds: [{"score": 50, "stage": "demo"|null, "notify": true}] (contracts/src/http/cloud-landing.ts).
CREATE TABLE lead_score_settings (
  id             boolean PRIMARY KEY DEFAULT true CHECK (id),
  points         jsonb NOT NULL,
  half_life_days integer NOT NULL CHECK (half_life_days BETWEEN 1 AND 365),
  thresholds     jsonb NOT NULL,
  updated_at     timestamptz NOT NULL
);

-- Each threshold a lead crossed, once: a score that falls and rises again moves nobody twice. A
-- threshold that notifies lists its crossing among the console's notices.
CREATE TABLE lead_score_crossings (
  lead_id   uuid NOT NULL REFERENCES leads (id),
  threshold integer NOT NULL,
  score     integer NOT NULL,
  notify    boolean NOT NULL,
  at        timestamptz NOT NULL,
  PRIMARY KEY (lead_id, threshold)
);

GRANT SELECT, INSERT, UPDATE ON lead_events TO mostrador_operator;
GRANT SELECT, INSERT ON lead_consents, lead_score_crossings TO mostrador_operator;
GRANT SELECT, INSERT, UPDATE ON lead_score_settings TO mostrador_operator;

-- Each store's own page (tenant data).
CREATE TABLE store_pages (
  tenant_id  uuid NOT NULL,
  store_id   uuid NOT NULL,
  enabled    boolean NOT NULL,
  address    text CHECK (char_length(address) BETWEEN 1 AND 200),
  hours      text CHECK (char_length(hours) BETWEEN 1 AND 200),
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, store_id),
  FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id)
);

CREATE TABLE store_page_visits (
  tenant_id    uuid NOT NULL,
  id           uuid NOT NULL,
  store_id     uuid NOT NULL,
  utm_source   text CHECK (char_length(utm_source) BETWEEN 1 AND 100),
  utm_medium   text CHECK (char_length(utm_medium) BETWEEN 1 AND 100),
  utm_campaign text CHECK (char_length(utm_campaign) BETWEEN 1 AND 100),
  utm_term     text CHECK (char_length(utm_term) BETWEEN 1 AND 100),
  utm_content  text CHECK (char_length(utm_content) BETWEEN 1 AND 100),
  at           timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX store_page_visits_store ON store_page_visits (tenant_id, store_id, at);

-- A lead from a store's page: the customer it became, what they wrote, the UTM of the visit, and the
-- consent's wording and time (the customer's consent itself is in messaging's records).
CREATE TABLE store_page_leads (
  tenant_id       uuid NOT NULL,
  id              uuid NOT NULL,
  store_id        uuid NOT NULL,
  customer_id     text NOT NULL CHECK (char_length(customer_id) BETWEEN 1 AND 64),
  message         text CHECK (char_length(message) BETWEEN 1 AND 2000),
  utm_source      text CHECK (char_length(utm_source) BETWEEN 1 AND 100),
  utm_medium      text CHECK (char_length(utm_medium) BETWEEN 1 AND 100),
  utm_campaign    text CHECK (char_length(utm_campaign) BETWEEN 1 AND 100),
  utm_term        text CHECK (char_length(utm_term) BETWEEN 1 AND 100),
  utm_content     text CHECK (char_length(utm_content) BETWEEN 1 AND 100),
  consent_wording text NOT NULL CHECK (char_length(consent_wording) BETWEEN 1 AND 1000),
  consent_at      timestamptz NOT NULL,
  ip              text,
  at              timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX store_page_leads_store ON store_page_leads (tenant_id, store_id, at DESC);

-- The demo tenants landing pages start, and when each one goes (the worker erases it then).
CREATE TABLE landing_demos (
  tenant_id  uuid PRIMARY KEY,
  rubro      text NOT NULL CHECK (char_length(rubro) BETWEEN 1 AND 60),
  lead_id    uuid,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['store_pages', 'store_page_visits', 'store_page_leads', 'landing_demos']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_tenant_id()) '
                   'WITH CHECK (tenant_id = current_tenant_id())', t);
  END LOOP;
END $$;
GRANT SELECT, INSERT, UPDATE ON store_pages TO mostrador_app;
GRANT SELECT, INSERT ON store_page_visits, store_page_leads, landing_demos TO mostrador_app;

-- The public store page's one lookup before RLS applies: the store's tenant, only while its page is on.
CREATE FUNCTION landing_store_tenant(p_store uuid) RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$ SELECT p.tenant_id FROM public.store_pages p WHERE p.store_id = p_store AND p.enabled $$;
REVOKE ALL ON FUNCTION landing_store_tenant(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION landing_store_tenant(uuid) TO mostrador_app;

-- How many demos are alive (the cap), and which ones are due (the worker): only counts and ids leave.
CREATE FUNCTION landing_demos_alive(at timestamptz) RETURNS bigint
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$ SELECT count(*) FROM public.landing_demos WHERE expires_at > at $$;
REVOKE ALL ON FUNCTION landing_demos_alive(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION landing_demos_alive(timestamptz) TO mostrador_app;

CREATE FUNCTION landing_demos_due(at timestamptz) RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$ SELECT tenant_id FROM public.landing_demos WHERE expires_at <= at ORDER BY tenant_id $$;
REVOKE ALL ON FUNCTION landing_demos_due(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION landing_demos_due(timestamptz) TO mostrador_app;

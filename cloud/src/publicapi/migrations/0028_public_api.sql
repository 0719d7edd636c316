-- The public API (cloud/src/publicapi/README.md, docs/public-api.md, issue 18): each tenant's API keys
-- (only the secret's sha256 is kept), and the counts that enforce the per-key rate limit and the
-- plan's monthly quota. The counts live here, not in one process, so every replica of the service
-- behind a load balancer enforces the same limits. Tenancy as 0001 says.

CREATE TABLE api_keys (
  tenant_id    uuid NOT NULL REFERENCES organizations (id),
  id           uuid NOT NULL,
  name         text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 80),
  -- The secret's first characters ('mk_live_AbCd'), shown so a person can tell keys apart.
  prefix       text NOT NULL CHECK (char_length(prefix) BETWEEN 8 AND 20),
  secret_hash  text NOT NULL UNIQUE CHECK (secret_hash ~ '^[0-9a-f]{64}$'),
  -- resource → 'read' | 'write' (contracts/src/http/cloud-api-keys.ts ApiKeyScopesSchema).
  scopes       jsonb NOT NULL CHECK (jsonb_typeof(scopes) = 'object'),
  -- Who created it (the account's email then): accounts can be removed, the record of who made a key stays.
  created_by   text NOT NULL CHECK (char_length(created_by) BETWEEN 1 AND 254),
  created_at   timestamptz NOT NULL,
  last_used_at timestamptz,
  revoked_at   timestamptz,
  PRIMARY KEY (tenant_id, id)
);

-- Calls of one key in one minute (fixed windows: window_start is the minute's first instant).
CREATE TABLE api_rate_windows (
  tenant_id    uuid NOT NULL,
  key_id       uuid NOT NULL,
  window_start timestamptz NOT NULL,
  calls        integer NOT NULL CHECK (calls >= 0),
  PRIMARY KEY (tenant_id, key_id, window_start),
  FOREIGN KEY (tenant_id, key_id) REFERENCES api_keys (tenant_id, id)
);

-- Calls of the whole tenant (every key) in one calendar month, UTC.
CREATE TABLE api_monthly_usage (
  tenant_id uuid NOT NULL REFERENCES organizations (id),
  month     date NOT NULL CHECK (extract(day FROM month) = 1),
  calls     bigint NOT NULL CHECK (calls >= 0),
  PRIMARY KEY (tenant_id, month)
);

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['api_keys', 'api_rate_windows', 'api_monthly_usage']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_tenant_id()) '
      'WITH CHECK (tenant_id = current_tenant_id())', t);
  END LOOP;
END $$;

GRANT SELECT, INSERT, UPDATE ON api_keys TO mostrador_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON api_rate_windows TO mostrador_app;
GRANT SELECT, INSERT, UPDATE ON api_monthly_usage TO mostrador_app;

-- The one lookup before the tenant is known: a presented key's hash → its key, tenant and scopes.
-- SECURITY DEFINER as 0001's auth_session; a revoked key is returned too, so it can be named as such.
CREATE FUNCTION api_key_by_hash(p_secret_hash text)
  RETURNS TABLE (key_id uuid, tenant_id uuid, scopes jsonb, revoked_at timestamptz, last_used_at timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT k.id, k.tenant_id, k.scopes, k.revoked_at, k.last_used_at
    FROM public.api_keys k WHERE k.secret_hash = p_secret_hash
  $$;
REVOKE ALL ON FUNCTION api_key_by_hash(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION api_key_by_hash(text) TO mostrador_app;

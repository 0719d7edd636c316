-- Tenancy foundation: organizations (tenants), stores, appliances, accounts, sessions, pairing codes.
--
-- Rules every later migration follows (cloud/README.md, "Tenancy and RLS"):
--  * every tenant table has tenant_id uuid NOT NULL, ENABLE + FORCE ROW LEVEL SECURITY and a policy
--    USING/WITH CHECK (tenant_id = current_tenant_id());
--  * the service role mostrador_app gets explicit grants per table (no default privileges: a table
--    someone forgot to protect fails closed with "permission denied" instead of leaking);
--  * lookups made before the tenant is known go through narrow SECURITY DEFINER functions below.

-- The owner must bypass RLS (superuser, or a role with BYPASSRLS): the SECURITY DEFINER lookups run
-- as the owner, and FORCE ROW LEVEL SECURITY would otherwise hide every row from them too.
DO $$
BEGIN
  IF NOT (SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user) THEN
    RAISE EXCEPTION 'Las migraciones de la nube deben correr como dueño del esquema (superusuario o BYPASSRLS), no como %', current_user;
  END IF;
END $$;

-- Roles are cluster-wide: create the service role once (several databases of one cluster share it).
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'mostrador_app') THEN
    CREATE ROLE mostrador_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL; -- another database's migration created it at the same moment
END $$;

DO $$
BEGIN
  IF (SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = 'mostrador_app') THEN
    RAISE EXCEPTION 'El rol mostrador_app no debe poder saltear RLS (SUPERUSER o BYPASSRLS)';
  END IF;
END $$;

GRANT USAGE ON SCHEMA public TO mostrador_app;

-- The tenant of the current transaction, or NULL. NULLIF: once a transaction-local set_config has
-- ended, the setting reads '' (not NULL) on that connection, and ''::uuid would raise instead of
-- matching nothing.
CREATE FUNCTION current_tenant_id() RETURNS uuid
  LANGUAGE sql STABLE
  AS $$ SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid $$;

CREATE TABLE organizations (
  id uuid PRIMARY KEY,
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 120),
  created_at timestamptz NOT NULL
);

CREATE TABLE stores (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES organizations (id),
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 120),
  created_at timestamptz NOT NULL,
  UNIQUE (tenant_id, id)
);

CREATE TABLE appliances (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  store_id uuid NOT NULL,
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 80),
  -- sha256 of the bearer token; the token itself is shown once, at enrollment.
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL,
  last_seen_at timestamptz,
  revoked_at timestamptz,
  UNIQUE (tenant_id, id),
  -- Composite keys: a row can only point at a store of its own tenant.
  FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id)
);

CREATE TABLE accounts (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES organizations (id),
  email text NOT NULL CHECK (email = lower(email) AND char_length(email) BETWEEN 3 AND 254),
  -- scrypt$N$r$p$salt$hash (cloud/src/auth/passwords.ts)
  password_hash text NOT NULL,
  role text NOT NULL CHECK (role IN ('owner', 'manager')),
  created_at timestamptz NOT NULL,
  UNIQUE (tenant_id, id)
);
-- Globally unique: login by email must find exactly one account, whatever the tenant.
CREATE UNIQUE INDEX accounts_email ON accounts (email);

CREATE TABLE account_sessions (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  account_id uuid NOT NULL,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE pairing_codes (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  store_id uuid NOT NULL,
  -- sha256 of the code: a database dump does not hand out live codes.
  code_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  used_by_appliance uuid,
  FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id),
  FOREIGN KEY (tenant_id, used_by_appliance) REFERENCES appliances (tenant_id, id)
);
CREATE INDEX pairing_codes_store ON pairing_codes (tenant_id, store_id);

-- Row-level security: FORCE so even the owner's ordinary queries are filtered (the owner still
-- bypasses it as superuser/BYPASSRLS; the service role never can).
ALTER TABLE organizations ENABLE ROW LEVEL SECURITY;
ALTER TABLE organizations FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON organizations
  USING (id = current_tenant_id()) WITH CHECK (id = current_tenant_id());

ALTER TABLE stores ENABLE ROW LEVEL SECURITY;
ALTER TABLE stores FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON stores
  USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());

ALTER TABLE appliances ENABLE ROW LEVEL SECURITY;
ALTER TABLE appliances FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON appliances
  USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());

ALTER TABLE accounts ENABLE ROW LEVEL SECURITY;
ALTER TABLE accounts FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON accounts
  USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());

ALTER TABLE account_sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE account_sessions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON account_sessions
  USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());

ALTER TABLE pairing_codes ENABLE ROW LEVEL SECURITY;
ALTER TABLE pairing_codes FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON pairing_codes
  USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());

GRANT SELECT, INSERT, UPDATE ON organizations TO mostrador_app;
GRANT SELECT, INSERT, UPDATE ON stores TO mostrador_app;
GRANT SELECT, INSERT, UPDATE ON appliances TO mostrador_app;
GRANT SELECT, INSERT, UPDATE ON accounts TO mostrador_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON account_sessions TO mostrador_app;
GRANT SELECT, INSERT, UPDATE ON pairing_codes TO mostrador_app;

-- Lookups before the tenant is known. SECURITY DEFINER (they run as the owner, who bypasses RLS),
-- search_path fixed so a caller cannot substitute objects, tables schema-qualified, and each returns
-- only the columns its caller needs. EXECUTE only for the service role.

-- Login: the account for an email (its hash is checked in TypeScript with scrypt).
CREATE FUNCTION auth_account_by_email(p_email text)
  RETURNS TABLE (account_id uuid, tenant_id uuid, password_hash text, role text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT a.id, a.tenant_id, a.password_hash, a.role FROM public.accounts a WHERE a.email = lower(p_email)
  $$;

-- Owner bearer token → session, account and tenant, only while unexpired.
CREATE FUNCTION auth_session(p_token_hash text, p_now timestamptz)
  RETURNS TABLE (session_id uuid, account_id uuid, tenant_id uuid, role text, email text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT s.id, a.id, a.tenant_id, a.role, a.email
    FROM public.account_sessions s JOIN public.accounts a ON a.tenant_id = s.tenant_id AND a.id = s.account_id
    WHERE s.token_hash = p_token_hash AND s.expires_at > p_now
  $$;

-- Appliance bearer token → appliance, tenant, store, and whether it was revoked.
CREATE FUNCTION auth_appliance(p_token_hash text)
  RETURNS TABLE (appliance_id uuid, tenant_id uuid, store_id uuid, revoked_at timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT ap.id, ap.tenant_id, ap.store_id, ap.revoked_at FROM public.appliances ap WHERE ap.token_hash = p_token_hash
  $$;

-- Enrollment: claims a pairing code (marks it used) if it exists, is unused and unexpired. The row
-- lock makes two simultaneous redemptions of one code take turns: the second sees 'used'.
-- Status: ok | unknown | used | expired. The caller then sets the tenant and inserts the appliance
-- in the same transaction, so a failed enrollment does not burn the code.
CREATE FUNCTION claim_pairing_code(p_code_hash text, p_now timestamptz)
  RETURNS TABLE (status text, pairing_code_id uuid, tenant_id uuid, store_id uuid)
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
  #variable_conflict use_column
  DECLARE
    found_code record;
  BEGIN
    SELECT pc.id, pc.tenant_id, pc.store_id, pc.expires_at, pc.used_at INTO found_code
      FROM public.pairing_codes pc WHERE pc.code_hash = p_code_hash FOR UPDATE;
    IF NOT FOUND THEN
      RETURN QUERY SELECT 'unknown'::text, NULL::uuid, NULL::uuid, NULL::uuid;
    ELSIF found_code.used_at IS NOT NULL THEN
      RETURN QUERY SELECT 'used'::text, NULL::uuid, NULL::uuid, NULL::uuid;
    ELSIF found_code.expires_at <= p_now THEN
      RETURN QUERY SELECT 'expired'::text, NULL::uuid, NULL::uuid, NULL::uuid;
    ELSE
      UPDATE public.pairing_codes SET used_at = p_now WHERE id = found_code.id;
      RETURN QUERY SELECT 'ok'::text, found_code.id, found_code.tenant_id, found_code.store_id;
    END IF;
  END
  $$;

REVOKE ALL ON FUNCTION auth_account_by_email(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION auth_session(text, timestamptz) FROM PUBLIC;
REVOKE ALL ON FUNCTION auth_appliance(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION claim_pairing_code(text, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auth_account_by_email(text) TO mostrador_app;
GRANT EXECUTE ON FUNCTION auth_session(text, timestamptz) TO mostrador_app;
GRANT EXECUTE ON FUNCTION auth_appliance(text) TO mostrador_app;
GRANT EXECUTE ON FUNCTION claim_pairing_code(text, timestamptz) TO mostrador_app;

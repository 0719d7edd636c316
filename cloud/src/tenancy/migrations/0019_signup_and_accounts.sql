-- Sign-up and accounts (issue 18, cloud/README.md "Accounts"): the organization's rubro and status,
-- accountants (read-only), email verification, invitations, password reset, listed sessions, TOTP, and
-- the login/sign-up/reset attempt limits kept in PostgreSQL so every replica counts the same attempts.

-- A tenant has a status (billing and the operator's console will move it; 'active' for everyone now).
-- The plan is billing's: it adds its own column.
ALTER TABLE organizations ADD COLUMN rubro text CHECK (char_length(rubro) BETWEEN 1 AND 60);
ALTER TABLE organizations ADD COLUMN status text NOT NULL DEFAULT 'active'
  CHECK (status IN ('active', 'suspended', 'closed'));

ALTER TABLE accounts DROP CONSTRAINT accounts_role_check;
ALTER TABLE accounts ADD CONSTRAINT accounts_role_check CHECK (role IN ('owner', 'manager', 'accountant'));
-- NULL until the emailed link is followed. Accounts made before sign-up existed (the CLI, the demo)
-- were created by the operator, who knew the address: verified.
ALTER TABLE accounts ADD COLUMN email_verified_at timestamptz;
UPDATE accounts SET email_verified_at = created_at;
-- TOTP (RFC 6238) secrets sealed with CLOUD_SECRETS_KEY; pending until the first code confirms it.
ALTER TABLE accounts ADD COLUMN totp_pending_ciphertext text;
ALTER TABLE accounts ADD COLUMN totp_secret_ciphertext text;
ALTER TABLE accounts ADD COLUMN totp_enabled_at timestamptz;
-- The last 30-second step whose code was accepted: a code is good once, not twice in its minute.
ALTER TABLE accounts ADD COLUMN totp_last_step bigint;
ALTER TABLE accounts ADD COLUMN password_changed_at timestamptz;

-- What the owner sees in "Sesiones": where each one came from and when it was last used.
ALTER TABLE account_sessions ADD COLUMN user_agent text CHECK (char_length(user_agent) <= 300);
ALTER TABLE account_sessions ADD COLUMN ip text CHECK (char_length(ip) <= 64);
ALTER TABLE account_sessions ADD COLUMN last_used_at timestamptz;
CREATE INDEX account_sessions_account ON account_sessions (tenant_id, account_id);

-- Single-use emailed or interim tokens of an account: only their sha256 is kept.
-- verify_email (7 days), reset_password (1 hour), second_factor (the 5 minutes between the password and
-- the TOTP code of a login).
CREATE TABLE account_tokens (
  id uuid NOT NULL,
  tenant_id uuid NOT NULL,
  account_id uuid NOT NULL,
  purpose text NOT NULL CHECK (purpose IN ('verify_email', 'reset_password', 'second_factor')),
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  -- A second-factor challenge tolerates a few wrong codes, then it is spent.
  failures integer NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX account_tokens_account ON account_tokens (tenant_id, account_id, purpose);

-- An owner invites a person by email with a role; the emailed link (token hash kept) lets them set a
-- password, which creates their account. Re-sending replaces the token.
CREATE TABLE account_invitations (
  id uuid NOT NULL,
  tenant_id uuid NOT NULL REFERENCES organizations (id),
  email text NOT NULL CHECK (email = lower(email) AND char_length(email) BETWEEN 3 AND 254),
  role text NOT NULL CHECK (role IN ('owner', 'manager', 'accountant')),
  invited_by uuid NOT NULL,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL,
  sent_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  accepted_at timestamptz,
  revoked_at timestamptz,
  PRIMARY KEY (tenant_id, id)
);
-- One open invitation per address and tenant.
CREATE UNIQUE INDEX account_invitations_open ON account_invitations (tenant_id, email)
  WHERE accepted_at IS NULL AND revoked_at IS NULL;

-- TOTP recovery codes, shown once; only their sha256 is kept.
CREATE TABLE account_recovery_codes (
  tenant_id uuid NOT NULL,
  account_id uuid NOT NULL,
  code_hash text NOT NULL,
  used_at timestamptz,
  PRIMARY KEY (tenant_id, account_id, code_hash),
  FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id) ON DELETE CASCADE
);

ALTER TABLE account_tokens ENABLE ROW LEVEL SECURITY;
ALTER TABLE account_tokens FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON account_tokens
  USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
ALTER TABLE account_invitations ENABLE ROW LEVEL SECURITY;
ALTER TABLE account_invitations FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON account_invitations
  USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
ALTER TABLE account_recovery_codes ENABLE ROW LEVEL SECURITY;
ALTER TABLE account_recovery_codes FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON account_recovery_codes
  USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());

GRANT DELETE ON accounts TO mostrador_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON account_tokens TO mostrador_app;
GRANT SELECT, INSERT, UPDATE ON account_invitations TO mostrador_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON account_recovery_codes TO mostrador_app;

-- Account emails (verification, reset, invitation) go through messaging's queue with their own reason:
-- sent by the platform's SMTP, never shown in the shop's message log.
ALTER TABLE messages DROP CONSTRAINT messages_reason_check;
ALTER TABLE messages ADD CONSTRAINT messages_reason_check
  CHECK (reason IN ('owner_alert', 'requested', 'consent_confirmation', 'marketing', 'account'));

-- The session lookup now also says whether the email is verified and when the session was last used.
DROP FUNCTION auth_session(text, timestamptz);
CREATE FUNCTION auth_session(p_token_hash text, p_now timestamptz)
  RETURNS TABLE (session_id uuid, account_id uuid, tenant_id uuid, role text, email text,
    email_verified boolean, last_used_at timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT s.id, a.id, a.tenant_id, a.role, a.email, a.email_verified_at IS NOT NULL, s.last_used_at
    FROM public.account_sessions s JOIN public.accounts a ON a.tenant_id = s.tenant_id AND a.id = s.account_id
    WHERE s.token_hash = p_token_hash AND s.expires_at > p_now
  $$;

-- An emailed token (or a login's second-factor challenge) → its account and tenant, before the tenant
-- is known. The caller then spends it under the tenant with UPDATE ... WHERE used_at IS NULL.
CREATE FUNCTION auth_account_token(p_token_hash text, p_purpose text)
  RETURNS TABLE (token_id uuid, tenant_id uuid, account_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT t.id, t.tenant_id, t.account_id FROM public.account_tokens t
    WHERE t.token_hash = p_token_hash AND t.purpose = p_purpose
  $$;

-- An invitation link → the invitation and its organization's name (the page says who invites).
CREATE FUNCTION auth_invitation(p_token_hash text)
  RETURNS TABLE (invitation_id uuid, tenant_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT i.id, i.tenant_id FROM public.account_invitations i WHERE i.token_hash = p_token_hash
  $$;

-- Attempt limits (cloud/src/auth/rate-limit.ts): one row per attempt per key while it is inside the
-- window. Not a tenant table: the service role has no grant on it and reaches it only through the two
-- functions below.
CREATE TABLE auth_attempts (
  key text NOT NULL CHECK (char_length(key) BETWEEN 1 AND 300),
  attempt_id uuid NOT NULL,
  at timestamptz NOT NULL,
  PRIMARY KEY (key, attempt_id)
);
CREATE INDEX auth_attempts_at ON auth_attempts (at);
REVOKE ALL ON auth_attempts FROM PUBLIC;

-- Admits one attempt under every key, or answers how long (ms) until the busiest key has room. Each
-- key's transaction-scoped advisory lock (taken in sorted order: no deadlock between two callers)
-- makes check-and-count atomic across replicas: two parallel guesses take turns.
CREATE FUNCTION auth_attempt_admit(p_keys text[], p_attempt_id uuid, p_now timestamptz,
    p_window_ms integer, p_limit integer)
  RETURNS bigint
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
  DECLARE
    k text;
    wait_ms bigint := 0;
    live bigint;
    oldest timestamptz;
    since timestamptz := p_now - make_interval(secs => p_window_ms / 1000.0);
  BEGIN
    FOR k IN SELECT DISTINCT unnest(p_keys) ORDER BY 1 LOOP
      PERFORM pg_advisory_xact_lock(hashtext('auth_attempts:' || k));
      DELETE FROM public.auth_attempts WHERE key = k AND at <= since;
      SELECT count(*) INTO live FROM public.auth_attempts WHERE key = k;
      IF live >= p_limit THEN
        -- The attempt whose expiry frees the limit-th most recent slot.
        SELECT a.at INTO oldest FROM public.auth_attempts a WHERE a.key = k
          ORDER BY a.at DESC OFFSET p_limit - 1 LIMIT 1;
        wait_ms := greatest(wait_ms,
          (extract(epoch FROM oldest - p_now) * 1000)::bigint + p_window_ms);
      END IF;
    END LOOP;
    IF wait_ms > 0 THEN
      RETURN wait_ms;
    END IF;
    INSERT INTO public.auth_attempts (key, attempt_id, at)
      SELECT DISTINCT unnest(p_keys), p_attempt_id, p_now;
    -- Keys nobody tries again would stay forever: now and then sweep every expired row.
    IF random() < 0.01 THEN
      DELETE FROM public.auth_attempts WHERE at <= since;
    END IF;
    RETURN 0;
  END
  $$;

-- Hands an admitted attempt back (it succeeded, or failed for a reason that says nothing of guessing).
CREATE FUNCTION auth_attempt_release(p_attempt_id uuid) RETURNS void
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$ DELETE FROM public.auth_attempts WHERE attempt_id = p_attempt_id $$;

REVOKE ALL ON FUNCTION auth_session(text, timestamptz) FROM PUBLIC;
REVOKE ALL ON FUNCTION auth_account_token(text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION auth_invitation(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION auth_attempt_admit(text[], uuid, timestamptz, integer, integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION auth_attempt_release(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auth_session(text, timestamptz) TO mostrador_app;
GRANT EXECUTE ON FUNCTION auth_account_token(text, text) TO mostrador_app;
GRANT EXECUTE ON FUNCTION auth_invitation(text) TO mostrador_app;
GRANT EXECUTE ON FUNCTION auth_attempt_admit(text[], uuid, timestamptz, integer, integer) TO mostrador_app;
GRANT EXECUTE ON FUNCTION auth_attempt_release(uuid) TO mostrador_app;

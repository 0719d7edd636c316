-- Entitlements at the edge (cloud/src/billing/README.md, issue 18): each billed tenant's entitlement
-- record, signed by the cloud (Ed25519 over its canonical JSON), sent down the `entitlement_records`
-- shape to every store's appliance; and the embedded/dev cloud's signing key when none is configured
-- (CLOUD_ENTITLEMENTS_KEY). Tenancy as 0001 says.

-- The key generated once by a cloud started without CLOUD_ENTITLEMENTS_KEY (embedded, dev, tests). One
-- row: a second one would be a silent rotation, which must be deliberate (README, "Rotation").
CREATE TABLE entitlement_signing_keys (
  id          text PRIMARY KEY CHECK (id = 'current'),
  -- PKCS#8 PEM of the Ed25519 private key.
  private_key text NOT NULL,
  created_at  timestamptz NOT NULL
);
-- No tenant's row: the service role reaches it only through this function, never by SELECT, like every
-- other table it could read without forced RLS (cloud/src/db/sql-suite.ts checks). Given a candidate,
-- the first one is kept (two first issuances at once: one key wins); given NULL, the kept key or NULL.
CREATE FUNCTION entitlement_signing_key(candidate text) RETURNS text
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
  AS $$
BEGIN
  IF candidate IS NOT NULL THEN
    INSERT INTO public.entitlement_signing_keys (id, private_key, created_at)
      VALUES ('current', candidate, now()) ON CONFLICT (id) DO NOTHING;
  END IF;
  RETURN (SELECT private_key FROM public.entitlement_signing_keys WHERE id = 'current');
END $$;
REVOKE ALL ON FUNCTION entitlement_signing_key(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION entitlement_signing_key(text) TO mostrador_app;

CREATE TABLE entitlement_records (
  tenant_id uuid PRIMARY KEY REFERENCES organizations (id),
  -- The shape's key (the tenant id as text): one record per tenant.
  id        text NOT NULL UNIQUE,
  -- Always NULL: every store of the tenant gets the record (the shape's store filter).
  store_id  uuid CHECK (store_id IS NULL),
  -- The record's canonical JSON, byte for byte what was signed.
  payload   text NOT NULL,
  signature text NOT NULL,
  key_id    text NOT NULL,
  issued_at timestamptz NOT NULL,
  CHECK (id = tenant_id::text)
);

ALTER TABLE entitlement_records ENABLE ROW LEVEL SECURITY;
ALTER TABLE entitlement_records FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON entitlement_records USING (tenant_id = current_tenant_id())
  WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE ON entitlement_records TO mostrador_app;

CREATE TRIGGER entitlement_records_shape_log AFTER INSERT OR UPDATE ON entitlement_records
  FOR EACH ROW EXECUTE FUNCTION shape_log_capture('id');

-- The daily re-issue runs across tenants: the one lookup of which are billed, before RLS applies.
CREATE FUNCTION billing_tenant_ids() RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$ SELECT a.tenant_id FROM public.billing_accounts a $$;
REVOKE ALL ON FUNCTION billing_tenant_ids() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION billing_tenant_ids() TO mostrador_app;

-- The dev cloud's entitlements signing key (0029) belongs to no tenant: the service role reaches it only
-- through this function, never by SELECT, like every other table it could read without forced RLS
-- (cloud/src/db/sql-suite.ts checks). Given a candidate, the first one is kept (two first issuances at
-- once: one key wins); given NULL, the kept key or NULL.
REVOKE ALL ON entitlement_signing_keys FROM mostrador_app;

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

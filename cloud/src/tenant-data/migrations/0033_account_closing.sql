-- Closing an account (cloud/src/tenant-data/README.md, issue 18): the owner closes the tenant, which
-- stays `closing` for a notice period (export and reopen still possible), after which every row of the
-- tenant in every table is erased by erase_closed_tenant().

ALTER TABLE organizations DROP CONSTRAINT organizations_status_check;
ALTER TABLE organizations ADD CONSTRAINT organizations_status_check
  CHECK (status IN ('active', 'suspended', 'closing', 'closed'));
ALTER TABLE organizations ADD COLUMN closing_requested_at timestamptz;
ALTER TABLE organizations ADD COLUMN closing_requested_by uuid;
ALTER TABLE organizations ADD COLUMN erase_after timestamptz;
ALTER TABLE organizations ADD CONSTRAINT organizations_closing_check
  CHECK ((status = 'closing') = (erase_after IS NOT NULL));

-- The erasure job runs for every tenant whose notice period is over. Only tenant ids leave this function.
CREATE FUNCTION tenants_due_for_erasure(at timestamptz) RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
  AS $$ SELECT id FROM public.organizations WHERE status = 'closing' AND erase_after <= at ORDER BY id $$;
REVOKE ALL ON FUNCTION tenants_due_for_erasure(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tenants_due_for_erasure(timestamptz) TO mostrador_app;

-- Erases a closed tenant: every row with its tenant_id in every table of the schema (found from the
-- catalog, so a table added tomorrow is covered without touching this), then the organization. What
-- stays is Mostrador's own record of the shop, not the shop's data: billing_subscription_history (what
-- Mostrador billed: plans, prices, states, no personal data; the operator's MRR of past months and the
-- billing records the law keeps) and the operator's lead from its sign-up, with stage and rubro but
-- without the person (name, email, phone) or the link to the organization. Only a
-- tenant still `closing` whose notice period is over: anything else erases nothing and answers NULL.
-- Tables are deleted in passes: a foreign key that refuses (a row still pointed at) is retried in the
-- next pass, and passes repeat until one deletes nothing (a delete trigger that logged a change of the
-- tenant is erased too). The service role never deletes across tables itself: it calls this.
-- Its search_path names public (after pg_catalog): the tables' own triggers, which it fires, name their
-- tables unqualified and run with the caller's path. Only the migration owner can create in public.
CREATE FUNCTION erase_closed_tenant(tenant uuid, at timestamptz) RETURNS bigint
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER
  SET search_path = pg_catalog, public, pg_temp
  AS $$
DECLARE
  tables text[];
  tname text;
  deleted bigint;
  pass_deleted bigint;
  refused boolean;
  total bigint := 0;
  passes integer := 0;
BEGIN
  PERFORM 1 FROM public.organizations
    WHERE id = tenant AND status = 'closing' AND erase_after <= at FOR UPDATE;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  SELECT array_agg(c.relname::text ORDER BY c.relname) INTO tables
    FROM pg_catalog.pg_attribute a
    JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND a.attname = 'tenant_id' AND NOT a.attisdropped
      AND c.relname <> ALL (ARRAY['billing_subscription_history']);
  LOOP
    passes := passes + 1;
    pass_deleted := 0;
    refused := false;
    FOREACH tname IN ARRAY tables LOOP
      BEGIN
        EXECUTE format('DELETE FROM public.%I WHERE tenant_id = $1', tname) USING tenant;
        GET DIAGNOSTICS deleted = ROW_COUNT;
        pass_deleted := pass_deleted + deleted;
      EXCEPTION WHEN foreign_key_violation THEN
        refused := true;
      END;
    END LOOP;
    total := total + pass_deleted;
    EXIT WHEN pass_deleted = 0 AND NOT refused;
    IF passes > 20 THEN
      RAISE EXCEPTION 'erase_closed_tenant: no se pudo borrar todo el inquilino % en 20 pasadas', tenant;
    END IF;
  END LOOP;
  -- The operator's lead for this shop keeps its stage and rubro (the conversion figures) and loses the
  -- person: their name, email and phone, and the link to the organization about to go.
  UPDATE public.leads SET organization_id = NULL, contact_name = NULL, email = NULL, phone = NULL
    WHERE organization_id = tenant;
  DELETE FROM public.organizations WHERE id = tenant;
  RETURN total + 1;
END $$;
REVOKE ALL ON FUNCTION erase_closed_tenant(uuid, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION erase_closed_tenant(uuid, timestamptz) TO mostrador_app;

-- What erasing a closed tenant (0033) leaves: Mostrador's own records of it, not the shop's data.
--  - billing_subscription_history (cloud/src/operator): the plans, prices and states Mostrador billed
--    the tenant, no personal data. The operator's MRR of past months is computed from it, and billing
--    records are kept by law; its rows outlive the organization (the foreign key goes).
--  - leads (the operator's CRM): the lead of a shop that signed up points at its organization; on erasure
--    it keeps stage and rubro and loses the person (name, email, phone) and the link. Without this the
--    erasure of any shop that signed up stopped at the organization's delete (the lead's foreign key).

ALTER TABLE billing_subscription_history DROP CONSTRAINT billing_subscription_history_tenant_id_fkey;

CREATE OR REPLACE FUNCTION erase_closed_tenant(tenant uuid, at timestamptz) RETURNS bigint
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

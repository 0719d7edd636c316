-- The analytics' days to recount (issue 21/22: the ingest's cost). Recounting a (store, day) in every ingest
-- batch made a busy day's drain quadratic: each batch recounted the whole day so far (the upload bench went
-- from 2.1× to 4.8× the raw insert). Now the batch only notes the days it touched, in its own transaction,
-- and the recount happens once per noted day: by the analytics worker every few seconds, and before the
-- owner's Análisis answers (so a read always sees every committed sale).
CREATE TABLE analytics_dirty_days (
  tenant_id uuid NOT NULL,
  store_id uuid NOT NULL,
  day date NOT NULL,
  PRIMARY KEY (tenant_id, store_id, day)
);
ALTER TABLE analytics_dirty_days ENABLE ROW LEVEL SECURITY;
ALTER TABLE analytics_dirty_days FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON analytics_dirty_days USING (tenant_id = current_tenant_id())
  WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON analytics_dirty_days TO mostrador_app;

-- The worker runs for every tenant with days to recount; only tenant ids leave this function.
CREATE FUNCTION analytics_tenants_with_dirty_days() RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
  AS $$ SELECT DISTINCT tenant_id FROM public.analytics_dirty_days $$;
REVOKE ALL ON FUNCTION analytics_tenants_with_dirty_days() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION analytics_tenants_with_dirty_days() TO mostrador_app;

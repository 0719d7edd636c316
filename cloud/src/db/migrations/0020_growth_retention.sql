-- Growth (issue 21): what the scheduled trims of shape_log and applied_ops need.

-- When a change was logged, so the shape-log trim (cloud/src/shapes/shape-log-trim.ts) can drop what is
-- older than its horizon. now() is stable, so existing rows take this migration's time without a rewrite.
ALTER TABLE shape_log ADD COLUMN logged_at timestamptz NOT NULL DEFAULT now();

-- The oldest generation whose handles may still continue (at or past compacted_through). A trim bumps
-- the generation and leaves this, so a caught-up till goes on (and takes the new handle from the
-- answer) while one behind gets 409 with a handle it has not seen; a full compaction (compactShapeLog)
-- raises it to the new generation, so every older handle re-reads, as before.
ALTER TABLE shape_generations ADD COLUMN resumable_from integer NOT NULL DEFAULT 1;

-- Per appliance, what applied_ops' retention (cloud/src/ingest/applied-ops-retention.ts) forgot: every op
-- with seq <= ops_forgotten_through (or that never arrived), applied up to ops_forgotten_before. Ingest
-- refuses such an op (the appliance parks it) instead of applying it: the cloud can no longer tell
-- whether it was applied already.
ALTER TABLE appliances
  ADD COLUMN ops_forgotten_through bigint NOT NULL DEFAULT 0,
  ADD COLUMN ops_forgotten_before timestamptz;

-- The retention deletes old rows: the service role may now delete from both logs.
GRANT DELETE ON applied_ops TO mostrador_app;

-- Every tenant id, for the cloud's periodic maintenance (RLS hides the tenants from the service role,
-- which then works inside each one with withTenant as usual).
CREATE FUNCTION maintenance_tenants() RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
  AS $$ SELECT id FROM public.organizations ORDER BY id $$;
REVOKE ALL ON FUNCTION maintenance_tenants() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION maintenance_tenants() TO mostrador_app;

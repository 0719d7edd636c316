-- The monthly summary mailed to the owner (cloud/src/analytics/monthly-summary.ts): on the 1st of each
-- month in the shop's zone (its first store's), the PDF of the month before goes to each owner recipient
-- who did not opt out of it. Exactly once per tenant and month: the row is inserted in the same
-- transaction that queues the messages (a restart or a second worker finds it and does nothing).
CREATE TABLE analytics_monthly_summaries (
  tenant_id  uuid NOT NULL REFERENCES organizations (id),
  -- The month's first day (the shop's calendar).
  month      date NOT NULL CHECK (extract(day FROM month) = 1),
  time_zone  text NOT NULL,
  -- Messages queued (0: every owner recipient opted out, or none has an email).
  recipients integer NOT NULL CHECK (recipients >= 0),
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, month)
);
ALTER TABLE analytics_monthly_summaries ENABLE ROW LEVEL SECURITY;
ALTER TABLE analytics_monthly_summaries FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON analytics_monthly_summaries USING (tenant_id = current_tenant_id())
  WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT ON analytics_monthly_summaries TO mostrador_app;

-- Messaging (cloud/src/messaging): an email may carry files ([{filename, contentType, contentBase64}]),
-- kept with the message so a retry after a crash sends the same email. The summary's PDF is the first.
ALTER TABLE messages ADD COLUMN attachments jsonb;

-- The summary job runs across tenants: which ones have a store and no summary yet for the month before
-- the one `p_now` falls in (their first store's zone), and existed before that month ended. Only ids leave.
CREATE FUNCTION analytics_tenants_due_summary(p_now timestamptz) RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
  AS $$
    SELECT o.id FROM public.organizations o
      CROSS JOIN LATERAL (SELECT s.time_zone FROM public.stores s WHERE s.tenant_id = o.id
                           ORDER BY s.created_at, s.id LIMIT 1) st
      CROSS JOIN LATERAL (SELECT date_trunc('month', p_now AT TIME ZONE st.time_zone) AS this_month) m
     WHERE o.created_at < (m.this_month AT TIME ZONE st.time_zone)
       AND NOT EXISTS (SELECT 1 FROM public.analytics_monthly_summaries x
                        WHERE x.tenant_id = o.id AND x.month = (m.this_month - interval '1 month')::date)
  $$;
REVOKE ALL ON FUNCTION analytics_tenants_due_summary(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION analytics_tenants_due_summary(timestamptz) TO mostrador_app;

-- Análisis' cards figures (card-figures.ts) read the ledger by (store, time): these columns beside the
-- key make those reads index-only (the float at a period's end sums a store's whole ledger). It replaces
-- 0016's index on the same key (every query that used that one can use this one).
CREATE INDEX card_entries_store_figures ON card_entries (tenant_id, store_id, created_at)
  INCLUDE (kind, amount, card_id);
DROP INDEX card_entries_store;

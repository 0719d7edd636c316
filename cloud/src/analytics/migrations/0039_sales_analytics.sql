-- Issue 19, analytics for the owner: pre-aggregated sales kept by the ingest in the batch's own
-- transaction (cloud/src/analytics/maintain.ts), so the Análisis screen never reads the raw lines.
--
-- Every row is one store × the shop's calendar day (its own time zone, stores.time_zone) × a key. The
-- ingest keeps them by RECOMPUTING each (store, day) a batch touched from the raw rows (sales, lines,
-- payments, returns), through analytics_refresh_days below: whatever order sales, voids and returns
-- arrive in, the rows equal a recomputation from scratch, and a replayed op changes nothing.
-- Completed sales count on the day they were made; a voided sale counts for nothing; a return counts
-- (as returns_*) on the day it was made.

-- By hour of the day: gives days, hours, weekdays and stores.
CREATE TABLE analytics_store_hours (
  tenant_id     uuid NOT NULL,
  store_id      uuid NOT NULL,
  day           date NOT NULL,
  hour          smallint NOT NULL CHECK (hour BETWEEN 0 AND 23),
  sales_total   bigint NOT NULL,
  tickets       integer NOT NULL,
  returns_total bigint NOT NULL,
  returns_count integer NOT NULL,
  PRIMARY KEY (tenant_id, store_id, day, hour),
  FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id)
);
CREATE INDEX analytics_store_hours_day ON analytics_store_hours (tenant_id, day);

-- By product (and unit: a product sold by kg and by piece is two rows): products, categories (joined
-- at read time, so a product moved to another category moves its history), margins and rotation.
-- name: the latest description a till printed for it that day.
CREATE TABLE analytics_product_days (
  tenant_id         uuid NOT NULL,
  store_id          uuid NOT NULL,
  day               date NOT NULL,
  product_id        text NOT NULL,
  unit              text NOT NULL,
  name              text NOT NULL,
  quantity          bigint NOT NULL,
  sales_total       bigint NOT NULL,
  returned_quantity bigint NOT NULL,
  returned_total    bigint NOT NULL,
  PRIMARY KEY (tenant_id, store_id, day, product_id, unit),
  FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id)
);
CREATE INDEX analytics_product_days_day ON analytics_product_days (tenant_id, day);
-- A product's (or a category's few products') days: the drill-down reads them without the other products.
CREATE INDEX analytics_product_days_product ON analytics_product_days (tenant_id, product_id, day);

-- The same by calendar month (month = its first day), summed from analytics_product_days: a shop sells
-- most of its catalogue every day, so product × day barely shrinks the lines; a year reads 12 months.
CREATE TABLE analytics_product_months (
  tenant_id         uuid NOT NULL,
  store_id          uuid NOT NULL,
  month             date NOT NULL CHECK (extract(day FROM month) = 1),
  product_id        text NOT NULL,
  unit              text NOT NULL,
  name              text NOT NULL,
  quantity          bigint NOT NULL,
  sales_total       bigint NOT NULL,
  returned_quantity bigint NOT NULL,
  returned_total    bigint NOT NULL,
  PRIMARY KEY (tenant_id, store_id, month, product_id, unit),
  FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id)
);
CREATE INDEX analytics_product_months_month ON analytics_product_months (tenant_id, month);

-- By payment method (amounts are net of change already) and the refunds by method.
CREATE TABLE analytics_payment_days (
  tenant_id     uuid NOT NULL,
  store_id      uuid NOT NULL,
  day           date NOT NULL,
  method        text NOT NULL,
  sales_total   bigint NOT NULL,
  payments      integer NOT NULL,
  refunds_total bigint NOT NULL,
  PRIMARY KEY (tenant_id, store_id, day, method),
  FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id)
);
CREATE INDEX analytics_payment_days_day ON analytics_payment_days (tenant_id, day);

-- By staff member (the seller of the sale, the one who took the return back).
CREATE TABLE analytics_staff_days (
  tenant_id     uuid NOT NULL,
  store_id      uuid NOT NULL,
  day           date NOT NULL,
  staff_id      text NOT NULL,
  staff_name    text NOT NULL,
  sales_total   bigint NOT NULL,
  tickets       integer NOT NULL,
  returns_total bigint NOT NULL,
  PRIMARY KEY (tenant_id, store_id, day, staff_id),
  FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id)
);
CREATE INDEX analytics_staff_days_day ON analytics_staff_days (tenant_id, day);

-- The recount of one store's calendar days from the raw rows. Runs as the caller (the service under
-- its tenant: RLS applies; the migration's owner for the backfill). Each day is read as the instant
-- range [local midnight, next local midnight) so the sales_store_time index serves it.
CREATE FUNCTION analytics_refresh_days(p_tenant uuid, p_store uuid, p_days date[])
RETURNS void LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE tz text;
BEGIN
  SELECT time_zone INTO tz FROM stores WHERE tenant_id = p_tenant AND id = p_store;
  IF tz IS NULL OR p_days IS NULL OR cardinality(p_days) = 0 THEN RETURN; END IF;

  DELETE FROM analytics_store_hours WHERE tenant_id = p_tenant AND store_id = p_store AND day = ANY(p_days);
  DELETE FROM analytics_product_days WHERE tenant_id = p_tenant AND store_id = p_store AND day = ANY(p_days);
  DELETE FROM analytics_payment_days WHERE tenant_id = p_tenant AND store_id = p_store AND day = ANY(p_days);
  DELETE FROM analytics_staff_days WHERE tenant_id = p_tenant AND store_id = p_store AND day = ANY(p_days);

  INSERT INTO analytics_store_hours (tenant_id, store_id, day, hour, sales_total, tickets, returns_total, returns_count)
  SELECT p_tenant, p_store, r.day, h.hour, sum(h.sales_total), sum(h.tickets), sum(h.returns_total), sum(h.returns_count)
  FROM (SELECT DISTINCT d AS day, d::timestamp AT TIME ZONE tz AS from_at,
               (d + 1)::timestamp AT TIME ZONE tz AS to_at FROM unnest(p_days) d) r
  CROSS JOIN LATERAL (
    SELECT extract(hour FROM s.created_at AT TIME ZONE tz)::smallint AS hour, s.total AS sales_total, 1 AS tickets,
           0::bigint AS returns_total, 0 AS returns_count
      FROM sales s
     WHERE s.tenant_id = p_tenant AND s.store_id = p_store AND s.status = 'completed'
       AND s.created_at >= r.from_at AND s.created_at < r.to_at
    UNION ALL
    SELECT extract(hour FROM t.created_at AT TIME ZONE tz)::smallint, 0, 0, t.total, 1
      FROM returns t
     WHERE t.tenant_id = p_tenant AND t.store_id = p_store AND t.created_at >= r.from_at AND t.created_at < r.to_at
  ) h
  GROUP BY r.day, h.hour;

  INSERT INTO analytics_product_days (tenant_id, store_id, day, product_id, unit, name, quantity, sales_total,
    returned_quantity, returned_total)
  SELECT p_tenant, p_store, r.day, x.product_id, x.unit,
         COALESCE((array_agg(x.name ORDER BY x.at DESC) FILTER (WHERE x.name IS NOT NULL))[1], x.product_id),
         sum(x.quantity), sum(x.sales_total), sum(x.returned_quantity), sum(x.returned_total)
  FROM (SELECT DISTINCT d AS day, d::timestamp AT TIME ZONE tz AS from_at,
               (d + 1)::timestamp AT TIME ZONE tz AS to_at FROM unnest(p_days) d) r
  CROSS JOIN LATERAL (
    SELECT l.product_id, l.unit, l.description AS name, s.created_at AS at, l.quantity, l.total AS sales_total,
           0::bigint AS returned_quantity, 0::bigint AS returned_total
      FROM sales s JOIN sale_lines l ON l.tenant_id = s.tenant_id AND l.sale_id = s.id
     WHERE s.tenant_id = p_tenant AND s.store_id = p_store AND s.status = 'completed'
       AND s.created_at >= r.from_at AND s.created_at < r.to_at
    UNION ALL
    -- A return line has no unit of its own: the unit the product was sold in (the sale's line), else 'each'.
    SELECT l.product_id,
           COALESCE((SELECT sl.unit FROM sale_lines sl WHERE sl.tenant_id = t.tenant_id AND sl.sale_id = t.sale_id
                       AND sl.product_id = l.product_id LIMIT 1), 'each'),
           NULL, t.created_at, 0, 0, l.quantity, l.total
      FROM returns t JOIN return_lines l ON l.tenant_id = t.tenant_id AND l.return_id = t.id
     WHERE t.tenant_id = p_tenant AND t.store_id = p_store AND t.created_at >= r.from_at AND t.created_at < r.to_at
  ) x
  GROUP BY r.day, x.product_id, x.unit;

  -- The months of those days, summed again from their days (a month is at most 31 days of rows).
  DELETE FROM analytics_product_months
   WHERE tenant_id = p_tenant AND store_id = p_store
     AND month IN (SELECT DISTINCT date_trunc('month', d)::date FROM unnest(p_days) d);
  INSERT INTO analytics_product_months (tenant_id, store_id, month, product_id, unit, name, quantity, sales_total,
    returned_quantity, returned_total)
  SELECT p_tenant, p_store, mm.m, pd.product_id, pd.unit, (array_agg(pd.name ORDER BY pd.day DESC))[1],
         sum(pd.quantity), sum(pd.sales_total), sum(pd.returned_quantity), sum(pd.returned_total)
    FROM (SELECT DISTINCT date_trunc('month', d)::date AS m FROM unnest(p_days) d) mm
    JOIN analytics_product_days pd ON pd.tenant_id = p_tenant AND pd.store_id = p_store
     AND pd.day >= mm.m AND pd.day < (mm.m + interval '1 month')::date
   GROUP BY mm.m, pd.product_id, pd.unit;

  INSERT INTO analytics_payment_days (tenant_id, store_id, day, method, sales_total, payments, refunds_total)
  SELECT p_tenant, p_store, r.day, x.method, sum(x.amount), sum(x.payments), sum(x.refund)
  FROM (SELECT DISTINCT d AS day, d::timestamp AT TIME ZONE tz AS from_at,
               (d + 1)::timestamp AT TIME ZONE tz AS to_at FROM unnest(p_days) d) r
  CROSS JOIN LATERAL (
    SELECT p.method, p.amount, 1 AS payments, 0::bigint AS refund
      FROM sales s JOIN sale_payments p ON p.tenant_id = s.tenant_id AND p.sale_id = s.id
     WHERE s.tenant_id = p_tenant AND s.store_id = p_store AND s.status = 'completed'
       AND s.created_at >= r.from_at AND s.created_at < r.to_at
    UNION ALL
    SELECT f.method, 0, 0, f.amount
      FROM returns t JOIN return_refunds f ON f.tenant_id = t.tenant_id AND f.return_id = t.id
     WHERE t.tenant_id = p_tenant AND t.store_id = p_store AND t.created_at >= r.from_at AND t.created_at < r.to_at
  ) x
  GROUP BY r.day, x.method;

  INSERT INTO analytics_staff_days (tenant_id, store_id, day, staff_id, staff_name, sales_total, tickets, returns_total)
  SELECT p_tenant, p_store, r.day, x.staff_id,
         COALESCE((array_agg(x.staff_name ORDER BY x.at DESC) FILTER (WHERE x.staff_name IS NOT NULL))[1], x.staff_id),
         sum(x.sales_total), sum(x.tickets), sum(x.returns_total)
  FROM (SELECT DISTINCT d AS day, d::timestamp AT TIME ZONE tz AS from_at,
               (d + 1)::timestamp AT TIME ZONE tz AS to_at FROM unnest(p_days) d) r
  CROSS JOIN LATERAL (
    SELECT s.staff_id, s.staff_name, s.created_at AS at, s.total AS sales_total, 1 AS tickets, 0::bigint AS returns_total
      FROM sales s
     WHERE s.tenant_id = p_tenant AND s.store_id = p_store AND s.status = 'completed'
       AND s.created_at >= r.from_at AND s.created_at < r.to_at
    UNION ALL
    SELECT t.staff_id, NULL, t.created_at, 0, 0, t.total
      FROM returns t
     WHERE t.tenant_id = p_tenant AND t.store_id = p_store AND t.created_at >= r.from_at AND t.created_at < r.to_at
  ) x
  GROUP BY r.day, x.staff_id;
END $$;
REVOKE ALL ON FUNCTION analytics_refresh_days(uuid, uuid, date[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION analytics_refresh_days(uuid, uuid, date[]) TO mostrador_app;

-- Returns are read by store and time like sales.
CREATE INDEX returns_store_time ON returns (tenant_id, store_id, created_at);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['analytics_store_hours', 'analytics_product_days', 'analytics_product_months',
                           'analytics_payment_days', 'analytics_staff_days']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_tenant_id()) '
      'WITH CHECK (tenant_id = current_tenant_id())', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO mostrador_app', t);
  END LOOP;
END $$;

-- Backfill: every day each store already has sales or returns on.
DO $$
DECLARE st record;
BEGIN
  FOR st IN
    SELECT s.tenant_id, s.id, s.time_zone,
           (SELECT array_agg(DISTINCT (x.created_at AT TIME ZONE s.time_zone)::date)
              FROM (SELECT created_at FROM sales WHERE tenant_id = s.tenant_id AND store_id = s.id
                    UNION ALL SELECT created_at FROM returns WHERE tenant_id = s.tenant_id AND store_id = s.id) x) AS days
      FROM stores s
  LOOP
    PERFORM analytics_refresh_days(st.tenant_id, st.id, st.days);
  END LOOP;
END $$;

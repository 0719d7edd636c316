/**
 * The owner's analytics at a year of 20 stores (issue 19: "about 5 million lines"), on a throwaway
 * PostgreSQL 15 cluster. The raw sales, lines, payments and returns are seeded by generate_series (one
 * INSERT ... SELECT each), the pre-aggregated tables (cloud 0039) filled by the migration's own backfill
 * function, then each analytics question is asked over real HTTP, one request after another, against
 * the same-run baseline: a bare aggregate over the raw lines of the same year (what the screens would
 * have to run without the aggregates). Also a batch of sales ingested into that year, whose aggregates
 * are noted in its transaction and recounted once by the worker (migration 0041). `tsx scripts/bench/analytics-bench.ts [--quick]` runs it alone.
 */
import { fileURLToPath } from "node:url";
import pg from "pg";
import { systemClock } from "@mostrador/cloud/core/clock";
import { migrate } from "@mostrador/cloud/db/migrate";
import { openPgSql } from "@mostrador/cloud/db/pg";
import { cloudMigrations } from "@mostrador/cloud/modules";
import { buildCloudServer } from "@mostrador/cloud/server";
import { startPostgresCluster } from "@mostrador/cloud/test-support/postgres-cluster";
import { bearer, enrolledAppliance, ingest, ownerWithStore } from "@mostrador/cloud/test-support/test-cloud";
import { OpFactory, salePayload } from "@mostrador/cloud/ingest/test-ops";
import { v7 as uuidv7 } from "uuid";
import { ratio, summarize, type LatencySummary } from "./stats.js";

const STORES = 20;
const LINES_PER_SALE = 4;
const PRODUCTS = 2_000;
const CATEGORIES = 40;

export interface AnalyticsBenchResults {
  lines: number;
  sales: number;
  seedSeconds: number;
  backfillSeconds: number;
  aggregateRows: number;
  questions: { name: string; latency: LatencySummary }[];
  bare: LatencySummary;
  ingestBatch: LatencySummary;
}

async function timed(n: number, op: () => Promise<unknown>): Promise<LatencySummary> {
  const samples: bigint[] = [];
  const wall = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    await op();
    samples.push(process.hrtime.bigint() - t0);
  }
  return summarize(samples, process.hrtime.bigint() - wall);
}

export async function benchAnalytics(lines: number, iterations: number): Promise<AnalyticsBenchResults> {
  const cluster = await startPostgresCluster();
  const base = `postgresql://${cluster.superuser}@${cluster.host}:${cluster.port}`;
  const admin = new pg.Client({ connectionString: `${base}/postgres` });
  await admin.connect();
  await admin.query("CREATE DATABASE bench_analytics");
  await admin.end();
  const owner = openPgSql({ connectionString: `${base}/bench_analytics`, role: null, max: 2 });
  await migrate(owner, cloudMigrations());
  const sql = openPgSql({
    connectionString: `postgresql://${cluster.serviceUser}@${cluster.host}:${cluster.port}/bench_analytics`,
  });
  const app = await buildCloudServer(sql, { clock: systemClock });
  try {
    const url = (await app.listen({ port: 0, host: "127.0.0.1" })).replace("[::1]", "127.0.0.1");
    const cloud = { app, clock: systemClock, close: () => app.close() };
    const shop = await ownerWithStore(sql, cloud as never, "bench");
    const storeIds = [shop.storeId];
    for (let i = 1; i < STORES; i++) {
      const res = await app.inject({
        method: "POST",
        url: "/v1/stores",
        headers: bearer(shop.token),
        payload: { name: `Local ${i + 1}` },
      });
      storeIds.push((res.json() as { id: string }).id);
    }
    const till = await enrolledAppliance(cloud as never, shop.token, shop.storeId);

    // The year ends yesterday (shop time), so "the last 365 days" covers it all.
    const yearEnd = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const yearStart = new Date(Date.parse(`${yearEnd}T00:00:00Z`) - 364 * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const sales = Math.round(lines / LINES_PER_SALE);
    const productIds = Array.from({ length: PRODUCTS }, () => uuidv7());

    const seedStart = process.hrtime.bigint();
    await owner.query(
      `INSERT INTO categories (tenant_id, id, name, name_key, field_hlc, updated_at)
       SELECT $1, 'cat-' || g, 'Categoría ' || g, 'categoría ' || g, '{}', now() FROM generate_series(1, $2) g`,
      [shop.tenantId, CATEGORIES],
    );
    await owner.query(
      `INSERT INTO products (tenant_id, id, sku, name, category_id, price, iva_rate, unit, field_hlc, updated_at)
       SELECT $1, p.id::uuid, 'SKU' || p.n, 'Producto ' || p.n, 'cat-' || (1 + p.n % $3), 100000, 2100, 'each', '{}', now()
         FROM unnest($2::text[]) WITH ORDINALITY AS p(id, n)`,
      [shop.tenantId, productIds, CATEGORIES],
    );
    await owner.query(
      `INSERT INTO product_costs (tenant_id, store_id, product_id, average_cost, at)
       SELECT $1, s, p, 60000, now() FROM unnest($2::uuid[]) s, unnest($3::text[]) p`,
      [shop.tenantId, storeIds, productIds],
    );
    // Each sale: a store, a day of the year, an hour between 9 and 20 in Buenos Aires (UTC−3).
    await owner.query(
      `INSERT INTO sales (tenant_id, id, store_id, appliance_id, terminal_id, terminal_code, number, display_number,
         cash_session_id, status, created_at, staff_id, staff_name, subtotal, discount_total, total, net_total, iva_total)
       SELECT $1, 's' || g, ($2::uuid[])[1 + g % ${STORES}], $3, 't', 1, g, 'n' || g, 'cs', 'completed',
              ($4::date + (g % 365)) + make_interval(hours => 12 + (g * 7) % 12, mins => g % 60),
              'staff-' || (g % 100), 'Vendedor ' || (g % 100), 400000, 0, 400000, 330579, 69421
         FROM generate_series(1, $5) g`,
      [shop.tenantId, storeIds, till.applianceId, yearStart, sales],
    );
    await owner.query(
      `INSERT INTO sale_lines (tenant_id, id, store_id, sale_id, line_no, product_id, description, unit, quantity,
         unit_price, total, iva_rate, net, iva)
       SELECT $1, 'l' || g || '-' || k, ($2::uuid[])[1 + g % ${STORES}], 's' || g, k,
              ($3::text[])[1 + (g * 7 + k * 131) % ${PRODUCTS}], 'Producto', 'each', 1, 100000, 100000, 2100, 82645, 17355
         FROM generate_series(1, $4) g, generate_series(1, ${LINES_PER_SALE}) k`,
      [shop.tenantId, storeIds, productIds, sales],
    );
    await owner.query(
      `INSERT INTO sale_payments (tenant_id, id, store_id, sale_id, method, amount, change)
       SELECT $1, 'p' || g, ($2::uuid[])[1 + g % ${STORES}], 's' || g, (ARRAY['cash','debit','credit'])[1 + g % 3], 400000, 0
         FROM generate_series(1, $3) g`,
      [shop.tenantId, storeIds, sales],
    );
    // One sale in a hundred comes back whole a day later.
    await owner.query(
      `INSERT INTO returns (tenant_id, id, store_id, sale_id, display_number, cash_session_id, created_at, staff_id,
         reason, total, net_total, iva_total)
       SELECT tenant_id, 'r' || id, store_id, id, 'D' || id, 'cs', created_at + interval '1 day', staff_id, 'Cambio',
              100000, 82645, 17355
         FROM sales WHERE tenant_id = $1 AND number % 100 = 0`,
      [shop.tenantId],
    );
    await owner.query(
      `INSERT INTO return_lines (tenant_id, id, store_id, return_id, product_id, quantity, total)
       SELECT r.tenant_id, 'rl' || r.id, r.store_id, r.id, l.product_id, 1, 100000
         FROM returns r JOIN sale_lines l ON l.tenant_id = r.tenant_id AND l.sale_id = r.sale_id AND l.line_no = 1
        WHERE r.tenant_id = $1`,
      [shop.tenantId],
    );
    await owner.query(
      `INSERT INTO return_refunds (tenant_id, id, store_id, return_id, method, amount)
       SELECT tenant_id, 'rf' || id, store_id, id, 'cash', 100000 FROM returns WHERE tenant_id = $1`,
      [shop.tenantId],
    );
    const seedSeconds = Number(process.hrtime.bigint() - seedStart) / 1e9;

    // The migration's backfill, as it runs on a database that already holds the year.
    const backfillStart = process.hrtime.bigint();
    await owner.query(
      `SELECT analytics_refresh_days(s.tenant_id, s.id,
         (SELECT array_agg(DISTINCT (x.created_at AT TIME ZONE s.time_zone)::date)
            FROM (SELECT created_at FROM sales WHERE tenant_id = s.tenant_id AND store_id = s.id
                  UNION ALL SELECT created_at FROM returns WHERE tenant_id = s.tenant_id AND store_id = s.id) x))
         FROM stores s WHERE s.tenant_id = $1`,
      [shop.tenantId],
    );
    const backfillSeconds = Number(process.hrtime.bigint() - backfillStart) / 1e9;
    await owner.exec("ANALYZE");
    const [{ n: aggregateRows } = { n: 0 }] = await owner.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM analytics_store_hours) + (SELECT count(*) FROM analytics_product_days)
            + (SELECT count(*) FROM analytics_payment_days) + (SELECT count(*) FROM analytics_staff_days) AS n`,
    );

    const ask = (query: string) => async () => {
      const r = await fetch(`${url}/v1/analytics/sales?${query}`, { headers: bearer(shop.token) });
      if (r.status !== 200) throw new Error(`analytics ${query}: ${r.status} ${await r.text()}`);
      await r.arrayBuffer();
    };
    const year = `from=${yearStart}&to=${yearEnd}`;
    const month = `from=${new Date(Date.parse(`${yearEnd}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10)}&to=${yearEnd}`;
    const askList = [
      { name: "A year, all 20 stores (every chart and table)", query: year },
      { name: "A year, one store", query: `${year}&storeId=${storeIds[3]}` },
      { name: "A year, one category (drill-down)", query: `${year}&categoryId=cat-7` },
      { name: "A year, one product's days (drill-down)", query: `${year}&productId=${productIds[42]}` },
      { name: "30 days, all stores", query: month },
    ];
    // The same year's sales over the raw lines, by day: what the cheapest chart would cost without the aggregates.
    const bareQuery = () =>
      sql.withTenant(shop.tenantId, (q) =>
        q.query(
          `SELECT (s.created_at AT TIME ZONE 'America/Argentina/Buenos_Aires')::date AS day, sum(l.total)
             FROM sales s JOIN sale_lines l ON l.tenant_id = s.tenant_id AND l.sale_id = s.id
            WHERE s.tenant_id = $1 AND s.status = 'completed' AND s.created_at >= $2::date AND s.created_at < $3::date + 1
            GROUP BY 1`,
          [shop.tenantId, yearStart, yearEnd],
        ),
      );
    for (const a of askList) await ask(a.query)(); // warm-up
    await bareQuery();
    const questions = [];
    for (const a of askList) questions.push({ name: a.name, latency: await timed(iterations, ask(a.query)) });
    const bare = await timed(Math.max(3, Math.ceil(iterations / 4)), bareQuery);

    // Ingest into the full year: batches of 100 sales of today, each noting today for the recount (the worker and the next read recount it once).
    const f = new OpFactory();
    const ingestBatch = await timed(Math.max(3, Math.ceil(iterations / 2)), async () => {
      const ops = Array.from({ length: 100 }, () => {
        const payload = salePayload(
          [
            { productId: productIds[1]!, quantity: 1, unitPrice: 100_000 },
            { productId: productIds[2]!, quantity: 2, unitPrice: 100_000 },
          ],
          f.seq + 1,
          { at: new Date().toISOString() },
        );
        return f.op("sale", payload.id, "created", payload);
      });
      const res = await ingest(cloud as never, till.token, ops);
      if (res.statusCode !== 200) throw new Error(`ingest: ${res.statusCode} ${res.body}`);
    });
    return { lines, sales, seedSeconds, backfillSeconds, aggregateRows, questions, bare, ingestBatch };
  } finally {
    await app.close();
    await sql.close();
    await owner.close();
    cluster.stop();
  }
}

export function renderAnalyticsReport(r: AnalyticsBenchResults): string {
  const ms = (x: number) => x.toFixed(1);
  const rows = r.questions
    .map(
      (q) =>
        `| ${q.name} | ${q.latency.iterations} | ${ms(q.latency.p50)} | ${ms(q.latency.p95)} | ${ratio(q.latency.p95, r.bare.p95).toFixed(3)} |`,
    )
    .join("\n");
  return `## Analytics: a year of ${STORES} stores

${r.lines.toLocaleString("en-US")} sale lines (${r.sales.toLocaleString("en-US")} tickets of ${LINES_PER_SALE} lines, 1 % returned, ${PRODUCTS.toLocaleString("en-US")} products in ${CATEGORIES} categories)
over 365 days on a throwaway PostgreSQL 15 cluster, seeded by generate_series in ${r.seedSeconds.toFixed(0)} s; the
migration's backfill (cloud 0039, \`analytics_refresh_days\` per store) took ${r.backfillSeconds.toFixed(0)} s and wrote
${r.aggregateRows.toLocaleString("en-US")} aggregate rows. Each question is \`GET /v1/analytics/sales\` over real HTTP, one
request after another; the ratio is its p95 over the same-run baseline's p95: a bare aggregate of the year's raw
lines by day (sales ⋈ sale_lines, no chart, no table).

| Question | Runs | p50 ms | p95 ms | p95 ÷ bare p95 |
| --- | ---: | ---: | ---: | ---: |
${rows}
| Baseline: bare SUM of the year's raw lines by day | ${r.bare.iterations} | ${ms(r.bare.p50)} | ${ms(r.bare.p95)} | 1 |

Ingest into that year: a batch of 100 sales (its day noted in the batch's transaction for the analytics worker's recount)
p50 ${ms(r.ingestBatch.p50)} ms, p95 ${ms(r.ingestBatch.p95)} ms (${r.ingestBatch.iterations} batches over HTTP).
`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const quick = process.argv.includes("--quick");
  console.log(renderAnalyticsReport(await benchAnalytics(quick ? 100_000 : 5_000_000, quick ? 5 : 20)));
}

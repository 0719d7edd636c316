/**
 * Live edits and growth (issue 21), on a throwaway PostgreSQL 15 cluster:
 *  - dashboard-edit-to-till latency (updateCloudProduct → the till's catalog.changed) and a fresh
 *    appliance's initial sync, for a tenant with only its catalog;
 *  - the same for a tenant with the same catalog plus a year of a busy shop's changes (shape_log rows
 *    spread over 365 days, applied_ops of its sales), before and after the scheduled retention
 *    (cloud/src/retention) trims them, with the tables' sizes.
 * The cloud LISTENs to the shape log as in production (shapes module start).
 * `tsx scripts/bench/live-edit-growth-bench.ts [--quick]` prints the section; `npm run bench` runs it too.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { createCloudProduct, updateCloudProduct } from "@mostrador/cloud/catalog/products";
import { systemClock } from "@mostrador/cloud/core/clock";
import { migrate } from "@mostrador/cloud/db/migrate";
import { openPgSql } from "@mostrador/cloud/db/pg";
import type { Sql } from "@mostrador/cloud/db/sql";
import { cloudMigrations } from "@mostrador/cloud/modules";
import { DEFAULT_RETENTION } from "@mostrador/cloud/retention/policy";
import { runRetention } from "@mostrador/cloud/retention/run-retention";
import { buildCloudServer } from "@mostrador/cloud/server";
import { listenToShapeLog } from "@mostrador/cloud/shapes/shape-log-listener";
import { startPostgresCluster } from "@mostrador/cloud/test-support/postgres-cluster";
import { enrolledAppliance, ownerWithStore } from "@mostrador/cloud/test-support/test-cloud";
import { openApplianceCore } from "@mostrador/desktop/appliance/open-appliance-core";
import { startDownload } from "@mostrador/sync/download/download";
import { summarize, type LatencySummary } from "./stats.js";

/** A busy shop's day: catalog changes that reach the tills (prices, stock thresholds...) and sales uploaded. */
export interface BusyDay {
  catalogChanges: number;
  sales: number;
}

export interface GrowthPhase {
  label: string;
  initialSyncMs: number;
  editToTill: LatencySummary;
  shapeLogRows: number;
  appliedOpsRows: number;
  shapeLogMb: number;
  appliedOpsMb: number;
}

export interface LiveEditGrowthResults {
  products: number;
  edits: number;
  day: BusyDay;
  phases: GrowthPhase[];
  retentionMs: number;
  httpRoundTrip: LatencySummary;
}

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

interface Shop {
  tenantId: string;
  productId: string;
  tillToken: string;
  applianceId: string;
}

export async function benchLiveEditGrowth(
  products: number,
  edits: number,
  day: BusyDay,
): Promise<LiveEditGrowthResults> {
  const cluster = await startPostgresCluster();
  const dataDirs: string[] = [];
  const base = `postgresql://${cluster.superuser}@${cluster.host}:${cluster.port}`;
  const admin = new pg.Client({ connectionString: `${base}/postgres` });
  await admin.connect();
  await admin.query("CREATE DATABASE bench_growth");
  await admin.end();
  const owner = openPgSql({ connectionString: `${base}/bench_growth`, role: null, max: 2 });
  await migrate(owner, cloudMigrations());
  const sql = openPgSql({
    connectionString: `postgresql://${cluster.serviceUser}@${cluster.host}:${cluster.port}/bench_growth`,
  });
  const app = await buildCloudServer(sql, { clock: systemClock });
  const stopListening = await listenToShapeLog(sql);
  try {
    const url = (await app.listen({ port: 0, host: "127.0.0.1" })).replace("[::1]", "127.0.0.1");
    const cloud = { app, clock: systemClock, close: () => app.close() };

    const openShop = async (label: string): Promise<Shop> => {
      const shop = await ownerWithStore(sql, cloud as never, label);
      const till = await enrolledAppliance(cloud as never, shop.token, shop.storeId);
      const first = await createCloudProduct(
        sql,
        shop.tenantId,
        { sku: "B-0", name: "Producto 0", price: 100, ivaRate: 2100, unit: "each" },
        systemClock,
      );
      await sql.withTenant(shop.tenantId, (q) =>
        q.query(
          `INSERT INTO products (tenant_id, id, sku, name, price, iva_rate, unit, barcodes, field_hlc, updated_at)
           SELECT $1, gen_random_uuid(), 'B-' || i, 'Producto de prueba ' || i, 100 + i, 2100, 'each',
                  jsonb_build_array((7790000000000 + i)::text), $2::jsonb, now()
             FROM generate_series(1, $3) i`,
          [shop.tenantId, JSON.stringify(first.fieldHlc), products - 1],
        ),
      );
      return {
        tenantId: shop.tenantId,
        productId: first.id,
        tillToken: till.token,
        applianceId: till.applianceId,
      };
    };

    const fresh = await openShop("fresca");
    const busy = await openShop("un-anio");

    const measure = async (label: string, shop: Shop): Promise<GrowthPhase> => {
      const dataDir = mkdtempSync(join(tmpdir(), "mostrador-bench-growth-"));
      dataDirs.push(dataDir);
      const core = openApplianceCore(dataDir);
      const t0 = process.hrtime.bigint();
      const download = startDownload(core, { cloudUrl: url, token: shop.tillToken });
      try {
        await download.ready;
        const initialSyncMs = ms(t0);
        const samples: bigint[] = [];
        const wall0 = process.hrtime.bigint();
        for (let i = 0; i < edits; i++) {
          const arrived = new Promise<void>((resolve) => {
            const off = core.bus.on("catalog.changed", (e) => {
              if (e.productIds.includes(shop.productId)) {
                off?.();
                resolve();
              }
            });
          });
          const s = process.hrtime.bigint();
          await updateCloudProduct(sql, shop.tenantId, shop.productId, { price: 1_000 + i }, systemClock);
          await arrived;
          samples.push(process.hrtime.bigint() - s);
        }
        if (process.env.BENCH_DEBUG)
          console.log(
            label,
            "slowest edits (index: ms):",
            samples
              .map((ns, i) => [i, Number(ns) / 1e6] as const)
              .sort((a, b) => b[1] - a[1])
              .slice(0, 5)
              .map(([i, t]) => `${i}: ${t.toFixed(0)}`)
              .join(", "),
          );
        return {
          label,
          initialSyncMs,
          editToTill: summarize(samples, process.hrtime.bigint() - wall0),
          ...(await sizes(owner, shop.tenantId)),
        };
      } finally {
        download.stop();
        core.db.close();
      }
    };

    // The catalog-only tenant first, before the year is written: the seed's own writes (and the
    // checkpoint after them) are not measured by anyone.
    const phases = [await measure("catalog only", fresh)];
    await seedYear(owner, busy, day);
    phases.push(await measure("catalog + a year of changes, no retention", busy));
    const t0 = process.hrtime.bigint();
    await runRetention(sql, systemClock, DEFAULT_RETENTION);
    const retentionMs = ms(t0);
    await owner.query("CHECKPOINT");
    phases.push(
      await measure(
        `same, after the retention (log ${DEFAULT_RETENTION.shapeLogKeepDays} d, ops ${DEFAULT_RETENTION.appliedOpsKeepDays} d)`,
        busy,
      ),
      // The first tenant again, last: how much the figures move with the machine's load alone.
      await measure("catalog only, again", fresh),
    );

    const rtt: bigint[] = [];
    const rtt0 = process.hrtime.bigint();
    for (let i = 0; i < edits; i++) {
      const s = process.hrtime.bigint();
      await (await fetch(`${url}/v1/health`)).json();
      rtt.push(process.hrtime.bigint() - s);
    }
    return {
      products,
      edits,
      day,
      phases,
      retentionMs,
      httpRoundTrip: summarize(rtt, process.hrtime.bigint() - rtt0),
    };
  } finally {
    await stopListening();
    await app.close();
    await sql.close();
    await owner.close();
    cluster.stop();
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A year of the shop's history as the owner writes it straight into the logs (older than every row the
 * catalog insert logged, in lsn order): catalog changes of its first product, one row each as the
 * capture trigger writes it, and its appliance's sale ops as ingest records them.
 */
async function seedYear(owner: Sql, shop: Shop, day: BusyDay): Promise<void> {
  const changes = day.catalogChanges * 365;
  const sales = day.sales * 365;
  // Logged at evenly spread times from a year ago to yesterday; new lsns, as the trigger would draw.
  await owner.query(
    `INSERT INTO shape_log (tenant_id, store_id, table_name, pk, op, row, logged_at)
     SELECT p.tenant_id, NULL, 'products', p.id::text, 'update', jsonb_set(to_jsonb(p), '{price}', to_jsonb(i)),
            now() - interval '365 days' + (i::double precision / $3) * interval '364 days'
       FROM products p, generate_series(1, $3) i
      WHERE p.tenant_id = $1 AND p.id = $2
      ORDER BY i`,
    [shop.tenantId, shop.productId, changes],
  );
  await owner.query(
    `INSERT INTO applied_ops (tenant_id, op_id, appliance_id, seq, entity, applied_at)
     SELECT $1, gen_random_uuid(), $2, i, 'sale', now() - interval '365 days' + (i::double precision / $3) * interval '364 days'
       FROM generate_series(1, $3) i`,
    [shop.tenantId, shop.applianceId, sales],
  );
  await owner.query("UPDATE appliances SET last_seq = $2 WHERE id = $1", [shop.applianceId, sales]);
  await owner.query("VACUUM ANALYZE shape_log");
  await owner.query("VACUUM ANALYZE applied_ops");
  await owner.query("CHECKPOINT");
}

async function sizes(owner: Sql, tenantId: string) {
  const [row] = await owner.query<{ log: number; ops: number; log_mb: number; ops_mb: number }>(
    `SELECT (SELECT count(*)::int FROM shape_log WHERE tenant_id = $1) AS log,
            (SELECT count(*)::int FROM applied_ops WHERE tenant_id = $1) AS ops,
            pg_total_relation_size('shape_log') / 1048576.0 AS log_mb,
            pg_total_relation_size('applied_ops') / 1048576.0 AS ops_mb`,
    [tenantId],
  );
  return {
    shapeLogRows: row?.log ?? 0,
    appliedOpsRows: row?.ops ?? 0,
    shapeLogMb: Number(row?.log_mb ?? 0),
    appliedOpsMb: Number(row?.ops_mb ?? 0),
  };
}

export function renderLiveEditGrowthReport(r: LiveEditGrowthResults): string {
  const f = (n: number) => n.toFixed(1);
  const n = (x: number) => x.toLocaleString("en");
  const rows = r.phases
    .map(
      (p) =>
        `| ${p.label} | ${f(p.initialSyncMs)} ms | ${f(p.editToTill.p50)} / ${f(p.editToTill.p95)} / ${f(p.editToTill.max)} ms | ${n(p.shapeLogRows)} (${f(p.shapeLogMb)} MB) | ${n(p.appliedOpsRows)} (${f(p.appliedOpsMb)} MB) |`,
    )
    .join("\n");
  return `## Live edits and growth: a year of a busy shop

A tenant with ${n(r.products)} products; the busy one also has a year of history: ${n(r.day.catalogChanges)} catalog
changes and ${n(r.day.sales)} uploaded sales a day (${n(r.day.catalogChanges * 365)} \`shape_log\` rows, ${n(r.day.sales * 365)}
\`applied_ops\` rows, spread over 365 days). Each row: a fresh appliance's initial sync, then ${r.edits} dashboard edits
one after another, each timed from \`updateCloudProduct\` to the till's \`catalog.changed\`. Sizes are the whole
tables (both tenants) on disk, where deleted rows leave space PostgreSQL reuses; row counts the measured tenant's.

| Tenant | Initial sync | Edit → till p50 / p95 / max | \`shape_log\` rows | \`applied_ops\` rows |
| --- | ---: | ---: | ---: | ---: |
${rows}

Same-run baseline: HTTP round trip to the same server p50 / p95 ${f(r.httpRoundTrip.p50)} / ${f(r.httpRoundTrip.p95)} ms.
The retention pass (every tenant: trim the shape log, forget applied ops) took ${f(r.retentionMs / 1000)} s.
Target: edit → till p95 < 100 ms, flat with a year of history.
`;
}

if (process.argv[1]?.endsWith("live-edit-growth-bench.ts")) {
  const quick = process.argv.includes("--quick");
  const results = await benchLiveEditGrowth(
    quick ? 5_000 : 50_000,
    quick ? 50 : 300,
    quick ? { catalogChanges: 200, sales: 300 } : { catalogChanges: 1_000, sales: 2_000 },
  );
  console.log(renderLiveEditGrowthReport(results));
  process.exit(0);
}

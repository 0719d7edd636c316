/**
 * Download (cloud → edge) benchmarks on a throwaway PostgreSQL 15 cluster:
 *  - initial sync of an N-product catalog to a fresh appliance (ShapeStream → SQLite), against a raw
 *    SELECT of the same rows through the same Postgres (the floor any sync must pay);
 *  - dashboard-edit-to-till latency while online (updateCloudProduct → the till's catalog.changed),
 *    against a raw HTTP round trip to the same cloud server.
 * Stage by stage (query, bytes, transfer, parse, apply): shape-download-stages.ts.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { createCloudProduct, updateCloudProduct } from "@mostrador/cloud/catalog/products";
import { systemClock } from "@mostrador/cloud/core/clock";
import { migrate } from "@mostrador/cloud/db/migrate";
import { cloudMigrations } from "@mostrador/cloud/modules";
import { openPgSql } from "@mostrador/cloud/db/pg";
import { buildCloudServer } from "@mostrador/cloud/server";
import { startPostgresCluster } from "@mostrador/cloud/test-support/postgres-cluster";
import { enrolledAppliance, ownerWithStore } from "@mostrador/cloud/test-support/test-cloud";
import { openApplianceCore } from "@mostrador/desktop/appliance/open-appliance-core";
import { startDownload } from "@mostrador/sync/download/download";
import { summarize, type LatencySummary } from "./stats.js";

export interface ShapeDownloadResults {
  products: number;
  /** The appliance alone in its own process, as on the shop PC (the cloud in this one). */
  ownProcessMs: number;
  ownProcessCpuMs: number;
  initialSyncMs: number;
  /** CPU this process spent on it (cloud and appliance share the process): steadier than wall time on a busy machine. */
  initialSyncCpuMs: number;
  rawSelectMs: number;
  editToTill: LatencySummary;
  httpRoundTrip: LatencySummary;
}

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

export async function benchShapeDownload(products: number, edits: number): Promise<ShapeDownloadResults> {
  const cluster = await startPostgresCluster();
  const dataDir = mkdtempSync(join(tmpdir(), "mostrador-bench-shape-"));
  const base = `postgresql://${cluster.superuser}@${cluster.host}:${cluster.port}`;
  const admin = new pg.Client({ connectionString: `${base}/postgres` });
  await admin.connect();
  await admin.query("CREATE DATABASE bench_shapes");
  await admin.end();
  const owner = openPgSql({ connectionString: `${base}/bench_shapes`, role: null, max: 2 });
  await migrate(owner, cloudMigrations());
  const sql = openPgSql({
    connectionString: `postgresql://${cluster.serviceUser}@${cluster.host}:${cluster.port}/bench_shapes`,
  });
  const app = await buildCloudServer(sql, { clock: systemClock });
  try {
    const url = (await app.listen({ port: 0, host: "127.0.0.1" })).replace("[::1]", "127.0.0.1");
    const cloud = { app, clock: systemClock, close: () => app.close() };
    const shop = await ownerWithStore(sql, cloud as never, "bench");
    const till = await enrolledAppliance(cloud as never, shop.token, shop.storeId);

    // The catalog, as one bulk insert (the capture trigger logs every row, as in production).
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

    let t0 = process.hrtime.bigint();
    await sql.withTenant(shop.tenantId, (q) => q.query("SELECT to_jsonb(t) FROM products t"));
    const rawSelectMs = ms(t0);

    const own = await syncInOwnProcess(url, till.token, join(dataDir, "own"));
    if (own.synced < products) throw new Error(`sincronizados ${own.synced} de ${products} (proceso propio)`);

    const core = openApplianceCore(join(dataDir, "shared"));
    t0 = process.hrtime.bigint();
    const cpu0 = process.cpuUsage();
    const download = startDownload(core, { cloudUrl: url, token: till.token });
    await download.ready;
    const initialSyncMs = ms(t0);
    const cpu = process.cpuUsage(cpu0);
    const initialSyncCpuMs = (cpu.user + cpu.system) / 1000;
    const synced = (core.db.prepare("SELECT count(*) AS n FROM products").get() as { n: number }).n;
    if (synced < products) throw new Error(`sincronizados ${synced} de ${products}`);

    const samples: bigint[] = [];
    const wall0 = process.hrtime.bigint();
    for (let i = 0; i < edits; i++) {
      const arrived = new Promise<void>((resolve) => {
        const off = core.bus.on("catalog.changed", (e) => {
          if (e.productIds.includes(first.id)) {
            off?.();
            resolve();
          }
        });
      });
      const s = process.hrtime.bigint();
      await updateCloudProduct(sql, shop.tenantId, first.id, { price: 1_000 + i }, systemClock);
      await arrived;
      samples.push(process.hrtime.bigint() - s);
    }
    const editToTill = summarize(samples, process.hrtime.bigint() - wall0);

    const rtt: bigint[] = [];
    const rtt0 = process.hrtime.bigint();
    for (let i = 0; i < edits; i++) {
      const s = process.hrtime.bigint();
      await (await fetch(`${url}/v1/health`)).json();
      rtt.push(process.hrtime.bigint() - s);
    }
    const httpRoundTrip = summarize(rtt, process.hrtime.bigint() - rtt0);
    download.stop();
    core.db.close();
    return {
      products,
      ownProcessMs: own.ms,
      ownProcessCpuMs: own.cpuMs,
      initialSyncMs,
      initialSyncCpuMs,
      rawSelectMs,
      editToTill,
      httpRoundTrip,
    };
  } finally {
    await app.close();
    await sql.close();
    await owner.close();
    cluster.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** shape-download-child.ts in its own Node process: its figures, once its catalog is complete. */
async function syncInOwnProcess(
  cloudUrl: string,
  token: string,
  dir: string,
): Promise<{ ms: number; cpuMs: number; synced: number }> {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      fileURLToPath(new URL("./shape-download-child.ts", import.meta.url)),
      cloudUrl,
      token,
      dir,
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  let out = "";
  child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
  const [code] = (await once(child, "exit")) as [number | null];
  if (code !== 0) throw new Error(`la sincronización en su propio proceso terminó con código ${code}`);
  return JSON.parse(out.trim().split("\n").at(-1)!) as { ms: number; cpuMs: number; synced: number };
}

export function renderShapeReport(r: ShapeDownloadResults): string {
  const f = (n: number) => n.toFixed(1);
  return `## Download: cloud → till (shapes)

| Measure | Result | Same-run baseline | Target |
| --- | --- | --- | --- |
| Initial sync of ${r.products.toLocaleString("en")} products to a fresh appliance in its own process | ${f(r.ownProcessMs)} ms (appliance CPU ${f(r.ownProcessCpuMs)} ms) | raw \`SELECT\` of the same rows: ${f(r.rawSelectMs)} ms (${f(r.ownProcessMs / r.rawSelectMs)}×) | < 3 s and ≤ 5× raw |
| Same, cloud and appliance in one process | ${f(r.initialSyncMs)} ms (Node CPU ${f(r.initialSyncCpuMs)} ms) | (${f(r.initialSyncMs / r.rawSelectMs)}×) | |
| Dashboard edit → till catalog (p50 / p95 / max, ${r.editToTill.iterations} edits) | ${f(r.editToTill.p50)} / ${f(r.editToTill.p95)} / ${f(r.editToTill.max)} ms | HTTP round trip p50 / p95: ${f(r.httpRoundTrip.p50)} / ${f(r.httpRoundTrip.p95)} ms | p95 < 1 s |

Throwaway PostgreSQL 15 (fsync off), the cloud on 127.0.0.1, the appliance's \`@electric-sql/client\`
consumer applying into SQLite (synchronous=FULL). The initial sync covers the snapshot request (each
product's text precomputed by the cloud, cloud 0046, and streamed page by page, clocks compact, gzipped on the wire), the
line-by-line parse, per-field merge and set-based SQLite writes in batches of 5,000 applied while the
rest downloads. The first row is the appliance as it runs on the shop PC, in its own Node process
(\`shape-download-child.ts\`, timed from its first request; its CPU is the appliance's alone) while the
cloud answers from the bench's process; the second keeps the earlier method, both in one process, whose
CPU is the sum of both sides' work (steadier than wall time on a shared machine). The edit latency covers the dashboard write, the live
long-poll's wake-up, the HTTP answer and the SQLite apply, until the till's \`catalog.changed\` event.
`;
}

if (process.argv[1]?.endsWith("shape-download-bench.ts")) {
  const quick = process.argv.includes("--quick");
  const results = await benchShapeDownload(quick ? 5_000 : 50_000, quick ? 20 : 100);
  console.log(renderShapeReport(results));
}

/**
 * Upload (edge → cloud) benchmark on a throwaway PostgreSQL 15 cluster (C1's helper): drain N queued
 * sale operations from a real appliance database through the real cloud (HTTP, validation, one
 * transaction per batch, applied_ops, projections), against a raw multi-row INSERT of the same
 * operations into the same Postgres — the floor any upload must pay to land those rows.
 * `tsx scripts/bench/upload-drain-bench.ts [N]` runs it alone and prints the section.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { systemClock } from "@mostrador/cloud/core/clock";
import { migrate } from "@mostrador/cloud/db/migrate";
import { cloudMigrations } from "@mostrador/cloud/modules";
import { openPgSql } from "@mostrador/cloud/db/pg";
import { buildCloudServer } from "@mostrador/cloud/server";
import { startPostgresCluster } from "@mostrador/cloud/test-support/postgres-cluster";
import { enrolledAppliance, ownerWithStore } from "@mostrador/cloud/test-support/test-cloud";
import { openApplianceCore } from "@mostrador/desktop/appliance/open-appliance-core";
import { UploadDrainer } from "@mostrador/sync/upload/drainer";
import { queueSales } from "@mostrador/sync/upload/test-support/queue-ops";

export interface UploadDrainResults {
  ops: number;
  database: "postgresql";
  drainMs: number;
  rawInsertMs: number;
}

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const RAW_CHUNK = 500;

export async function benchUploadDrain(ops: number): Promise<UploadDrainResults> {
  const cluster = await startPostgresCluster();
  const dataDir = mkdtempSync(join(tmpdir(), "mostrador-bench-upload-"));
  const base = `postgresql://${cluster.superuser}@${cluster.host}:${cluster.port}`;
  const admin = new pg.Client({ connectionString: `${base}/postgres` });
  await admin.connect();
  await admin.query("CREATE DATABASE bench_upload");
  await admin.end();
  const owner = openPgSql({ connectionString: `${base}/bench_upload`, role: null, max: 2 });
  await migrate(owner, cloudMigrations());
  const sql = openPgSql({
    connectionString: `postgresql://${cluster.serviceUser}@${cluster.host}:${cluster.port}/bench_upload`,
  });
  const app = await buildCloudServer(sql, { clock: systemClock });
  const core = openApplianceCore(dataDir);
  try {
    const url = (await app.listen({ port: 0, host: "127.0.0.1" })).replace("[::1]", "127.0.0.1");
    const cloud = { app, clock: systemClock, close: () => app.close() };
    const shop = await ownerWithStore(sql, cloud as never, "bench");
    const till = await enrolledAppliance(cloud as never, shop.token, shop.storeId);
    core.db
      .prepare(
        `INSERT INTO sync_credentials (id, cloud_url, appliance_id, tenant_id, store_id, token, name, enrolled_at)
         VALUES (1, ?, ?, ?, ?, ?, 'bench', ?)`,
      )
      .run(url, till.applianceId, till.tenantId, till.storeId, till.token, new Date().toISOString());
    queueSales(core, ops);

    let t0 = process.hrtime.bigint();
    const outcome = await new UploadDrainer(core).drainOnce();
    const drainMs = ms(t0);
    if (outcome.sent !== ops || !outcome.done) throw new Error(`drenadas ${outcome.sent} de ${ops}`);

    // Baseline: the same outbox rows, multi-row INSERTs of 500 into one plain table of the same Postgres.
    await owner.exec(
      "CREATE TABLE raw_ops (op_id uuid PRIMARY KEY, seq bigint, entity text, entity_id text, op text, payload jsonb, created_at timestamptz)",
    );
    const rows = core.db
      .prepare("SELECT id, seq, entity, entity_id, op, payload, created_at FROM outbox ORDER BY seq")
      .all() as Record<string, unknown>[];
    t0 = process.hrtime.bigint();
    for (let i = 0; i < rows.length; i += RAW_CHUNK) {
      const chunk = rows.slice(i, i + RAW_CHUNK);
      const values = chunk.map(
        (_, j) =>
          `($${j * 7 + 1}, $${j * 7 + 2}, $${j * 7 + 3}, $${j * 7 + 4}, $${j * 7 + 5}, $${j * 7 + 6}, $${j * 7 + 7})`,
      );
      await owner.query(
        `INSERT INTO raw_ops VALUES ${values.join(",")}`,
        chunk.flatMap((r) => [r.id, r.seq, r.entity, r.entity_id, r.op, r.payload, r.created_at]),
      );
    }
    const rawInsertMs = ms(t0);
    return { ops, database: "postgresql", drainMs, rawInsertMs };
  } finally {
    core.db.close();
    await app.close();
    await sql.close();
    await owner.close();
    cluster.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export function renderUploadDrainReport(r: UploadDrainResults): string {
  const perSecond = (n: number, msTaken: number) => Math.round((n / msTaken) * 1000).toLocaleString("en-US");
  return `## Upload: draining the outbox into the cloud

${r.ops.toLocaleString("en-US")} queued sale operations (one line, one payment each, as the till writes them) drained
from the appliance's SQLite outbox into the cloud on a throwaway PostgreSQL 15 cluster (not PGlite): HTTP batches of
1000, per-op validation, one transaction per batch with \`applied_ops\` and the sales/lines/payments/stock projections.

| | Time | Operations/s |
| --- | ---: | ---: |
| Drain (\`UploadDrainer\` → \`POST /v1/ingest\`) | ${(r.drainMs / 1000).toFixed(1)} s | ${perSecond(r.ops, r.drainMs)} |
| Baseline: raw multi-row INSERT of the same rows (500 per statement) | ${(r.rawInsertMs / 1000).toFixed(1)} s | ${perSecond(r.ops, r.rawInsertMs)} |
| Ratio drain / raw | ${(r.drainMs / r.rawInsertMs).toFixed(1)}× | |

Target: the whole drain under 60 s — ${r.drainMs < 60_000 ? "met" : "**missed**"}.
`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const n = Number(process.argv[2] ?? 100_000);
  console.log(renderUploadDrainReport(await benchUploadDrain(n)));
}

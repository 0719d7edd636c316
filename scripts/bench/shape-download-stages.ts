/**
 * Where the initial download's time goes, stage by stage, on the same fixture as
 * shape-download-bench.ts: the server's query and serialisation, the bytes on the wire (and what
 * gzip/brotli would make of them), the HTTP transfer, the client's parse and the SQLite apply.
 * A diagnostic, not a figure of `npm run bench`: `npx tsx scripts/bench/shape-download-stages.ts [products]`.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { text as streamText } from "node:stream/consumers";
import { join } from "node:path";
import { brotliCompressSync, constants, gunzipSync, gzipSync, brotliDecompressSync } from "node:zlib";
import pg from "pg";
import type { ChangeMessage, Row } from "@electric-sql/client";
import { createCloudProduct } from "@mostrador/cloud/catalog/products";
import { systemClock } from "@mostrador/cloud/core/clock";
import { migrate } from "@mostrador/cloud/db/migrate";
import { cloudMigrations } from "@mostrador/cloud/modules";
import { openPgSql } from "@mostrador/cloud/db/pg";
import { buildCloudServer } from "@mostrador/cloud/server";
import { readSnapshot } from "@mostrador/cloud/shapes/shape-log";
import { serveShape } from "@mostrador/cloud/shapes/shape-protocol";
import { SHAPE_TABLES } from "@mostrador/cloud/shapes/shape-tables";
import { startPostgresCluster } from "@mostrador/cloud/test-support/postgres-cluster";
import { enrolledAppliance, ownerWithStore } from "@mostrador/cloud/test-support/test-cloud";
import { openApplianceCore } from "@mostrador/desktop/appliance/open-appliance-core";
import { applyProductMessages, retireProductsMissing } from "@mostrador/sync/download/product-apply";
import { readSnapshot as readShapeSnapshot } from "@mostrador/sync/download/snapshot-reader";
import { COMPACT_CLOCKS, COMPACT_CLOCKS_HEADER } from "@mostrador/contracts/http/cloud-shapes";

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const products = Number(process.argv[2] ?? 50_000);

const cluster = await startPostgresCluster();
const dataDir = mkdtempSync(join(tmpdir(), "mostrador-bench-stages-"));
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
const lines: string[] = [];
const note = (label: string, value: string) => {
  lines.push(`${label.padEnd(48)} ${value}`);
  console.log(lines.at(-1));
};
try {
  const url = (await app.listen({ port: 0, host: "127.0.0.1" })).replace("[::1]", "127.0.0.1");
  const cloud = { app, clock: systemClock, close: () => app.close() };
  const shop = await ownerWithStore(sql, cloud as never, "bench");
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
  await sql.withTenant(shop.tenantId, (q) => q.query("SELECT to_jsonb(t) FROM products t"));

  for (let round = 0; round < 2; round++) {
    let t0 = process.hrtime.bigint();
    await sql.withTenant(shop.tenantId, (q) => q.query("SELECT to_jsonb(t) FROM products t"));
    note("raw SELECT to_jsonb(t)", `${ms(t0).toFixed(0)} ms`);

    const table = SHAPE_TABLES.products;
    // As an appliance asks for it: products' clocks compact (contracts/src/http/cloud-shapes.ts).
    const scope = {
      tenantId: shop.tenantId,
      storeId: shop.storeId,
      table,
      columns: Object.keys(table.columns),
      compactClocks: true,
    };
    t0 = process.hrtime.bigint();
    await sql.withTenant(shop.tenantId, (q) => readSnapshot(q, scope));
    note("server readSnapshot (SQL, rows as JSON text)", `${ms(t0).toFixed(0)} ms`);
    t0 = process.hrtime.bigint();
    const served = await serveShape(
      sql,
      scope,
      { offset: "-1", live: false },
      { liveTimeoutMs: 0, pollMs: 10, maxChanges: 5000, now: () => Date.now() },
    );
    note("server serveShape (to the first page; the rest streams)", `${ms(t0).toFixed(0)} ms`);
    const body = typeof served.body === "string" ? served.body : await streamText(served.body);
    const bytes = Buffer.byteLength(body);
    note("snapshot body", `${(bytes / 1e6).toFixed(2)} MB`);
    const raw = Buffer.from(body);
    for (const level of [1, 6]) {
      t0 = process.hrtime.bigint();
      const z = gzipSync(raw, { level });
      const zt = ms(t0);
      t0 = process.hrtime.bigint();
      gunzipSync(z);
      note(
        `gzip -${level}`,
        `${(z.length / 1e6).toFixed(2)} MB in ${zt.toFixed(0)} ms, gunzip ${ms(t0).toFixed(0)} ms`,
      );
    }
    for (const quality of [1, 4]) {
      t0 = process.hrtime.bigint();
      const b = brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: quality } });
      const bt = ms(t0);
      t0 = process.hrtime.bigint();
      brotliDecompressSync(b);
      note(
        `brotli q${quality}`,
        `${(b.length / 1e6).toFixed(2)} MB in ${bt.toFixed(0)} ms, unbrotli ${ms(t0).toFixed(0)} ms`,
      );
    }

    t0 = process.hrtime.bigint();
    const res = await fetch(`${url}/v1/shape?table=products&offset=-1`, {
      headers: { authorization: `Bearer ${till.token}`, [COMPACT_CLOCKS_HEADER]: COMPACT_CLOCKS },
    });
    const text = await res.text();
    note(
      "HTTP GET snapshot → text",
      `${ms(t0).toFixed(0)} ms (${res.headers.get("content-encoding") ?? "identity"}, ${(text.length / 1e6).toFixed(2)} MB)`,
    );

    t0 = process.hrtime.bigint();
    JSON.parse(text);
    note("client JSON.parse (no reviver)", `${ms(t0).toFixed(0)} ms`);
    const schema = JSON.parse(res.headers.get("electric-schema") ?? "{}") as Record<string, { type: string }>;
    const parsers: Record<string, (v: string) => unknown> = {
      int4: Number,
      int8: BigInt,
      bool: (v) => v === "t" || v === "true",
      jsonb: (v) => JSON.parse(v),
    };
    t0 = process.hrtime.bigint();
    const messages = JSON.parse(text, (key, value: unknown) => {
      if (key === "value" && typeof value === "object" && value !== null) {
        const row = value as Record<string, unknown>;
        for (const k of Object.keys(row)) {
          const p = parsers[schema[k]?.type ?? ""];
          if (p && row[k] !== null) row[k] = p(row[k] as string);
        }
      }
      return value;
    }) as ChangeMessage<Row>[];
    note("client parse as @electric-sql/client does", `${ms(t0).toFixed(0)} ms`);

    const core = openApplianceCore(join(dataDir, `r${round}`));
    const changes = messages.filter((m) => "key" in m);
    t0 = process.hrtime.bigint();
    core.db.transaction(() => applyProductMessages(core, changes, true))();
    note("apply (merge + SQLite, one transaction)", `${ms(t0).toFixed(0)} ms`);
    t0 = process.hrtime.bigint();
    core.db.transaction(() => applyProductMessages(core, changes, true))();
    note("re-apply same snapshot (all rows present)", `${ms(t0).toFixed(0)} ms`);
    core.db.close();

    // What the consumer does: parse each line as it arrives and apply 5,000 at a time meanwhile.
    const streamed = openApplianceCore(join(dataDir, `s${round}`));
    t0 = process.hrtime.bigint();
    const applied = new Set<string>();
    const applyBatch = (m: ChangeMessage<Row>[], last: boolean) =>
      streamed.db.transaction(() => {
        for (const id of applyProductMessages(streamed, m, false)) applied.add(id);
        if (last) retireProductsMissing(streamed, applied);
      })();
    const end = await readShapeSnapshot({
      shapeUrl: `${url}/v1/shape?table=products`,
      fetch: (input, init) =>
        fetch(input, {
          ...init,
          headers: { authorization: `Bearer ${till.token}`, [COMPACT_CLOCKS_HEADER]: COMPACT_CLOCKS },
        }),
      signal: new AbortController().signal,
      batchRows: 5_000,
      onBatch: (m) => applyBatch(m, false),
      onRestart: () => applied.clear(),
    });
    applyBatch(end.rest, true);
    note("HTTP + parse + apply, streamed (the consumer's way)", `${ms(t0).toFixed(0)} ms`);
    streamed.db.close();
    console.log("---");
  }
} finally {
  await app.close();
  await sql.close();
  await owner.close();
  cluster.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

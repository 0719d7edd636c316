import type { IngestOp } from "@mostrador/contracts/sync/ingest-batch";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { applyProductOps } from "@mostrador/cloud/catalog/product-ingest";
import { createCloudProduct, listCloudProducts, updateCloudProduct } from "@mostrador/cloud/catalog/products";
import { ManualClock as CloudClock } from "@mostrador/cloud/core/clock";

import { buildCloudServer, type CloudServer } from "@mostrador/cloud/server";
import { compactShapeLog } from "@mostrador/cloud/shapes/shape-log";
import { enrolledAppliance, ownerWithStore } from "@mostrador/cloud/test-support/test-cloud";
import { createTestDatabase, type TestDatabase } from "@mostrador/cloud/test-support/test-database";
import { getProduct } from "@mostrador/desktop/catalog/products";
import { updateProduct } from "@mostrador/desktop/catalog/product-writes";
import { openTestCore, type TestCore } from "@mostrador/desktop/appliance/test-core";
import { downloadShapes, startDownload, type Download } from "./download.js";
import { startShapeConsumer, type ShapeConsumer } from "./shape-consumer.js";
import { loadShapeState } from "./shape-state.js";

// Test-only reach into cloud/: the appliance code under test talks to it over HTTP only.
let db: TestDatabase;
let app: CloudServer;
let url: string;
let owner: Awaited<ReturnType<typeof ownerWithStore>>;
let till: Awaited<ReturnType<typeof enrolledAppliance>>;
const cloudClock = new CloudClock("2026-03-02T12:00:00.000Z");

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.CLOUD_SHAPE_LIVE_TIMEOUT_MS = "2000";
  process.env.CLOUD_SHAPE_POLL_MS = "50";
  app = await buildCloudServer(db.sql, { clock: cloudClock });
  delete process.env.CLOUD_SHAPE_LIVE_TIMEOUT_MS;
  delete process.env.CLOUD_SHAPE_POLL_MS;
  url = (await app.listen({ port: 0, host: "127.0.0.1" })).replace("[::1]", "127.0.0.1");
  const testCloud = { app, clock: cloudClock, close: () => app.close() };
  owner = await ownerWithStore(db.sql, testCloud, "descarga");
  till = await enrolledAppliance(testCloud, owner.token, owner.storeId);
});
afterAll(async () => {
  await app.close();
  await db.drop();
});

let core: TestCore;
let download: Download | undefined;
const requests: string[] = [];
const recordingFetch: typeof fetch = (input, init) => {
  requests.push(String(input));
  return fetch(input, init);
};
const start = () => {
  download = startDownload(core, { cloudUrl: url, token: till.token, fetch: recordingFetch });
  return download;
};
afterEach(() => {
  download?.stop();
  download = undefined;
  core?.close();
});

const waitFor = async (check: () => boolean, ms = 8_000) => {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error("timeout esperando la condición");
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** A cloud product: tenant-wide (every store's, the owner's to edit) unless a store is named. */
const newProduct = (sku: string, price: number, storeId: string | null = null) =>
  createCloudProduct(
    db.sql,
    owner.tenantId,
    { sku, name: `Producto ${sku}`, price, ivaRate: 2100, unit: "each", storeId },
    cloudClock,
  );

/** Uploads the appliance's product outbox entries as the drainer would, through the product projection. */
async function uploadProducts(core: TestCore): Promise<void> {
  const rows = core.db.prepare("SELECT * FROM outbox WHERE entity = 'product' ORDER BY seq").all() as {
    seq: number;
    id: string;
    entity: string;
    entity_id: string;
    op: string;
    payload: string;
    created_at: string;
  }[];
  const ops: IngestOp[] = rows.map((r) => ({
    id: r.id,
    seq: r.seq,
    entity: r.entity,
    entityId: r.entity_id,
    op: r.op,
    payload: JSON.parse(r.payload) as unknown,
    createdAt: r.created_at,
  }));
  await db.sql.withTenant(owner.tenantId, (q) =>
    applyProductOps(
      q,
      {
        tenantId: owner.tenantId,
        storeId: owner.storeId,
        applianceId: till.applianceId,
        now: cloudClock.now(),
      },
      ops,
    ),
  );
  core.db.prepare("DELETE FROM outbox WHERE entity = 'product'").run();
}

describe("download of the catalog with @electric-sql/client", () => {
  it("applies the snapshot, then a dashboard edit arrives live, without echoing it to the outbox", async () => {
    core = openTestCore();
    const p = await newProduct("SNAP-1", 10_000);
    const d = start();
    await d.ready;
    expect(getProduct(core, p.id)).toMatchObject({ sku: "SNAP-1", price: 10_000, active: true });
    const changed: string[][] = [];
    core.bus.on("catalog.changed", (e) => changed.push(e.productIds));
    await updateCloudProduct(
      db.sql,
      owner.tenantId,
      p.id,
      { price: 12_500, name: "Producto nuevo" },
      cloudClock,
    );
    await waitFor(() => getProduct(core, p.id).price === 12_500);
    expect(getProduct(core, p.id).name).toBe("Producto nuevo");
    expect(changed.flat()).toContain(p.id);
    expect(core.db.prepare("SELECT count(*) AS n FROM outbox").get()).toEqual({ n: 0 });
    // Search sees the cloud's name: the FTS index stayed in step.
    expect(
      core.db.prepare("SELECT count(*) AS n FROM products_fts WHERE products_fts MATCH 'nuevo'").get(),
    ).toEqual({ n: 1 });
  });

  it("resumes after a restart from the stored handle and offset instead of a new snapshot", async () => {
    core = openTestCore();
    const p = await newProduct("RES-1", 5_000);
    await start().ready;
    download!.stop();
    const stored = loadShapeState(core.db, "products");
    expect(stored.offset).toMatch(/^\d+_0$/);
    await updateCloudProduct(db.sql, owner.tenantId, p.id, { price: 5_500 }, cloudClock);
    requests.length = 0;
    start();
    await waitFor(() => getProduct(core, p.id).price === 5_500);
    const firstProducts = requests.find((r) => r.includes("table=products"))!;
    expect(new URL(firstProducts).searchParams.get("offset")).toBe(stored.offset);
    expect(new URL(firstProducts).searchParams.get("handle")).toBe(stored.handle);
  });

  it("recovers from must-refetch: re-reads the snapshot, keeps a local edit, retires vanished products", async () => {
    core = openTestCore();
    const kept = await newProduct("REF-1", 1_000);
    const gone = await newProduct("REF-2", 2_000);
    await start().ready;
    download!.stop();
    core.clock.set(new Date(cloudClock.now().getTime() + 60_000).toISOString());
    updateProduct(core, kept.id, { price: 1_111 }); // a till edit not uploaded yet
    await db.owner.query("DELETE FROM products WHERE id = $1", [gone.id]);
    await compactShapeLog(db.sql, owner.tenantId, "products");
    await updateCloudProduct(db.sql, owner.tenantId, kept.id, { name: "Renombrado" }, cloudClock);
    start();
    await waitFor(() => getProduct(core, kept.id).name === "Renombrado");
    expect(getProduct(core, kept.id).price).toBe(1_111);
    expect(getProduct(core, gone.id).active).toBe(false);
    expect(requests.some((r) => r.includes("offset=-1"))).toBe(true);
  });
});

describe("the catalog's snapshot applied while it downloads", () => {
  let consumer: ShapeConsumer | undefined;
  afterEach(() => consumer?.stop());
  const count = (sql: string) => (core.db.prepare(sql).get() as { n: number }).n;

  it("commits it batch by batch; a crash between batches keeps the old offset, and the next start re-reads it: nothing lost, doubled or echoed, the vanished retired", async () => {
    core = openTestCore();
    for (let i = 1; i <= 5; i++) await newProduct(`STR-${i}`, 1_000 * i);
    const products = downloadShapes(core).products;
    const cloudCount = Number(
      (
        await db.owner.query<{ n: string }>("SELECT count(*) AS n FROM products WHERE tenant_id = $1", [
          owner.tenantId,
        ])
      )[0]!.n,
    );
    // The first run commits its first batch of 2, then the apply of the second fails (a crash).
    let applies = 0;
    const errors: Error[] = [];
    const firstBatch: string[] = [];
    consumer = startShapeConsumer(core, {
      cloudUrl: url,
      token: till.token,
      ...products,
      snapshotInBatches: { rows: 2, finish: products.snapshotInBatches!.finish },
      apply: (c, m, fromScratch) => {
        if (++applies === 2) throw new Error("disco lleno");
        return products.apply(c, m, fromScratch);
      },
      onApplied: (keys) => firstBatch.push(...keys),
      onError: (err) => errors.push(err),
      restartDelayMs: 60_000,
    });
    await waitFor(() => errors.length === 1);
    consumer.stop();
    expect(errors[0]!.message).toBe("disco lleno");
    expect(firstBatch).toHaveLength(2);
    expect(count("SELECT count(*) AS n FROM products")).toBe(2);
    expect(loadShapeState(core.db, "products").offset).toBe("-1");

    // Meanwhile the owner deletes one of the products the first batch brought.
    const [vanished, stays] = firstBatch as [string, string];
    await db.owner.query("DELETE FROM products WHERE id = $1", [vanished]);
    consumer = startShapeConsumer(core, {
      cloudUrl: url,
      token: till.token,
      ...products,
      snapshotInBatches: { rows: 2, finish: products.snapshotInBatches!.finish },
    });
    await consumer.ready;
    expect(consumer.batches).toBeGreaterThan(1);
    expect(count("SELECT count(*) AS n FROM products")).toBe(cloudCount);
    expect(count("SELECT count(*) AS n FROM products WHERE active = 0")).toBe(
      1 +
        Number(
          (
            await db.owner.query<{ n: string }>(
              "SELECT count(*) AS n FROM products WHERE tenant_id = $1 AND NOT active",
              [owner.tenantId],
            )
          )[0]!.n,
        ),
    );
    expect(getProduct(core, vanished).active).toBe(false);
    expect(getProduct(core, stays).active).toBe(true);
    expect(count("SELECT count(*) AS n FROM product_cloud_base")).toBe(cloudCount - 1);
    expect(count("SELECT count(*) AS n FROM outbox WHERE entity = 'product'")).toBe(0);
    expect(loadShapeState(core.db, "products").offset).toMatch(/^\d+_0$/);

    // From there the changes go on live, each applied once.
    const changed: string[][] = [];
    core.bus.on("catalog.changed", (e) => changed.push(e.productIds));
    await updateCloudProduct(db.sql, owner.tenantId, stays, { price: 77_700 }, cloudClock);
    await waitFor(() => getProduct(core, stays).price === 77_700);
    expect(changed.filter((ids) => ids.includes(stays))).toHaveLength(1);
  });
});

describe("conflict policy: per-field last-writer-wins by hybrid logical clock", () => {
  // Both sides edit the same row: a product of the till's own store.
  it("keeps the till's later price and the dashboard's name on both sides", async () => {
    core = openTestCore();
    const p = await newProduct("CON-1", 100_00, owner.storeId);
    await start().ready;
    download!.stop(); // the shop goes offline

    cloudClock.advance(5_000);
    await updateCloudProduct(
      db.sql,
      owner.tenantId,
      p.id,
      { name: "Yerba suave", price: 200_00 },
      cloudClock,
    );
    core.clock.set(new Date(cloudClock.now().getTime() + 5_000).toISOString());
    updateProduct(core, p.id, { price: 150_00 });
    expect(getProduct(core, p.id).price).toBe(150_00); // shows at the till at once

    start(); // back online: the cloud's row arrives before the upload
    await waitFor(() => getProduct(core, p.id).name === "Yerba suave");
    expect(getProduct(core, p.id).price).toBe(150_00); // the newer local edit is not overwritten

    await uploadProducts(core);
    const cloudRow = (await listCloudProducts(db.sql, owner.tenantId)).find((x) => x.id === p.id)!;
    expect(cloudRow).toMatchObject({ name: "Yerba suave", price: 150_00 });
    await waitFor(
      () =>
        (
          core.db.prepare("SELECT count(*) AS n FROM product_pending WHERE product_id = ?").get(p.id) as {
            n: number;
          }
        ).n === 0,
    );
    expect(getProduct(core, p.id)).toMatchObject({ name: "Yerba suave", price: 150_00 });
  });

  it("lets a later dashboard edit win over an earlier till edit, on both sides", async () => {
    core = openTestCore();
    const p = await newProduct("CON-2", 300_00, owner.storeId);
    await start().ready;
    download!.stop();
    core.clock.set(new Date(cloudClock.now().getTime() + 1_000).toISOString());
    updateProduct(core, p.id, { price: 310_00 });
    cloudClock.advance(10_000);
    await updateCloudProduct(db.sql, owner.tenantId, p.id, { price: 320_00 }, cloudClock);
    await uploadProducts(core); // the till's older edit arrives after the dashboard's
    start();
    await waitFor(() => getProduct(core, p.id).price === 320_00);
    const cloudRow = (await listCloudProducts(db.sql, owner.tenantId)).find((x) => x.id === p.id)!;
    expect(cloudRow.price).toBe(320_00);
    expect(
      core.db.prepare("SELECT count(*) AS n FROM product_pending WHERE product_id = ?").get(p.id),
    ).toEqual({ n: 0 });
  });

  it("keeps a till's price of a tenant-wide product as its store's own; the shared price stays the owner's", async () => {
    core = openTestCore();
    const p = await newProduct("SHR-1", 500_00);
    await start().ready;
    core.clock.set(new Date(cloudClock.now().getTime() + 5_000).toISOString());
    updateProduct(core, p.id, { price: 450_00, name: "Renombrado en la caja" });
    await uploadProducts(core);
    const cloudRow = (await listCloudProducts(db.sql, owner.tenantId)).find((x) => x.id === p.id)!;
    expect(cloudRow).toMatchObject({ price: 500_00, name: "Producto SHR-1" });
    // The store's price stays at the till, the refused rename is taken back, and nothing stays pending.
    await waitFor(() => getProduct(core, p.id).name === "Producto SHR-1");
    await waitFor(
      () =>
        (
          core.db.prepare("SELECT count(*) AS n FROM product_pending WHERE product_id = ?").get(p.id) as {
            n: number;
          }
        ).n === 0,
    );
    expect(getProduct(core, p.id)).toMatchObject({ price: 450_00, name: "Producto SHR-1" });
  });

  it("creates a product made at the till in the cloud, for that store, idempotently", async () => {
    core = openTestCore();
    const { createProduct } = await import("@mostrador/desktop/catalog/product-writes");
    core.clock.set(cloudClock.now().toISOString());
    const local = createProduct(core, {
      sku: "TILL-1",
      name: "Hecho en caja",
      price: 999,
      ivaRate: 2100,
      unit: "each",
    });
    const rows = core.db.prepare("SELECT payload FROM outbox WHERE entity = 'product'").all() as {
      payload: string;
    }[];
    await uploadProducts(core);
    // Re-sending the same op (a retried batch) changes nothing.
    core.db
      .prepare(
        "INSERT INTO outbox (id, entity, entity_id, op, payload, created_at) VALUES (?, 'product', ?, 'created', ?, ?)",
      )
      .run(
        "0190aaaa-0000-7000-8000-000000000001",
        local.id,
        rows[0]!.payload,
        core.clock.now().toISOString(),
      );
    await uploadProducts(core);
    const cloudRow = (await listCloudProducts(db.sql, owner.tenantId)).find((x) => x.id === local.id)!;
    expect(cloudRow).toMatchObject({ sku: "TILL-1", price: 999, storeId: owner.storeId });
  });
});

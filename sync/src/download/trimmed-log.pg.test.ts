import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createCloudProduct, updateCloudProduct } from "@mostrador/cloud/catalog/products";
import { ManualClock as CloudClock } from "@mostrador/cloud/core/clock";
import { DEFAULT_RETENTION } from "@mostrador/cloud/retention/policy";
import { runRetention } from "@mostrador/cloud/retention/run-retention";
import { buildCloudServer, type CloudServer } from "@mostrador/cloud/server";
import { enrolledAppliance, ownerWithStore } from "@mostrador/cloud/test-support/test-cloud";
import { createTestDatabase, type TestDatabase } from "@mostrador/cloud/test-support/test-database";
import { getProduct } from "@mostrador/desktop/catalog/products";
import { openTestCore, type TestCore } from "@mostrador/desktop/appliance/test-core";
import { startDownload, type Download } from "./download.js";
import { loadShapeState } from "./shape-state.js";

// Test-only reach into cloud/: the appliance code under test talks to it over HTTP only.
let db: TestDatabase;
let app: CloudServer;
let url: string;
let owner: Awaited<ReturnType<typeof ownerWithStore>>;
let till: Awaited<ReturnType<typeof enrolledAppliance>>;
let core: TestCore;
let download: Download | undefined;
const cloudClock = new CloudClock("2026-03-02T12:00:00.000Z");
const requests: string[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  // Long-polls held a full minute: a snapshot whose up-to-date the client sets aside (as a replay of
  // one it saw within the last minute) would only be applied after one, far past every wait below.
  process.env.CLOUD_SHAPE_LIVE_TIMEOUT_MS = "60000";
  app = await buildCloudServer(db.sql, { clock: cloudClock });
  delete process.env.CLOUD_SHAPE_LIVE_TIMEOUT_MS;
  url = (await app.listen({ port: 0, host: "127.0.0.1" })).replace("[::1]", "127.0.0.1");
  const testCloud = { app, clock: cloudClock, close: () => app.close() };
  owner = await ownerWithStore(db.sql, testCloud, "recorte");
  till = await enrolledAppliance(testCloud, owner.token, owner.storeId);
});
afterAll(async () => {
  await app.close();
  await db.drop();
});
afterEach(() => {
  download?.stop();
  core?.close();
});

const start = () => {
  download = startDownload(core, {
    cloudUrl: url,
    token: till.token,
    fetch: (input, init) => {
      requests.push(String(input));
      return fetch(input, init);
    },
  });
  return download;
};

const waitFor = async (check: () => boolean, ms = 8_000) => {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error("timeout esperando la condición");
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe("a till offline for longer than the shape log keeps", () => {
  it("gets must-refetch for the trimmed part, re-reads the snapshot and carries on live", async () => {
    core = openTestCore();
    const product = (sku: string) =>
      createCloudProduct(
        db.sql,
        owner.tenantId,
        { sku, name: `Producto ${sku}`, price: 1_000, ivaRate: 2100, unit: "each" },
        cloudClock,
      );
    const kept = await product("TRIM-1");
    const gone = await product("TRIM-2");
    await start().ready;
    download!.stop(); // the shop goes offline
    const offline = loadShapeState(core.db, "products");

    // While it is away: a rename and a deletion, then the log grows old and the retention trims it.
    await updateCloudProduct(db.sql, owner.tenantId, kept.id, { name: "Renombrado" }, cloudClock);
    await db.owner.query("DELETE FROM products WHERE id = $1", [gone.id]);
    await db.owner.query(
      "UPDATE shape_log SET logged_at = logged_at - interval '400 days' WHERE tenant_id = $1",
      [owner.tenantId],
    );
    const run = await runRetention(db.sql, { now: () => new Date() }, DEFAULT_RETENTION);
    expect(run.shapeLogRows).toBeGreaterThanOrEqual(4);

    requests.length = 0;
    await start().ready;
    await waitFor(() => getProduct(core, kept.id).name === "Renombrado");
    expect(getProduct(core, gone.id).active).toBe(false);
    // It asked from where it was, was sent back to the snapshot, and took the new handle.
    const first = new URL(requests.find((r) => r.includes("table=products"))!);
    expect(first.searchParams.get("offset")).toBe(offline.offset);
    expect(requests.some((r) => r.includes("table=products") && r.includes("offset=-1"))).toBe(true);
    expect(loadShapeState(core.db, "products").handle).not.toBe(offline.handle);

    // And live again from the new position.
    await updateCloudProduct(db.sql, owner.tenantId, kept.id, { price: 2_500 }, cloudClock);
    await waitFor(() => getProduct(core, kept.id).price === 2_500);
  });
});

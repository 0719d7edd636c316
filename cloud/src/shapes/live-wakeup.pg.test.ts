import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCloudProduct, updateCloudProduct } from "../catalog/products.js";
import type { Sql } from "../db/sql.js";
import {
  enrolledAppliance,
  openTestCloud,
  ownerWithStore,
  type TestCloud,
} from "../test-support/test-cloud.js";
import { createTestDatabase, type TestDatabase } from "../test-support/test-database.js";
import { listenToShapeLog } from "./shape-log-listener.js";
import { currentHandle, readSnapshot, type ShapeScope } from "./shape-log.js";
import { serveShape } from "./shape-protocol.js";
import { parseColumns, SHAPE_TABLES } from "./shape-tables.js";

// A re-read every minute and an hour-long poll: only a wake-up answers these long-polls within the
// test's timeout, so a lost one fails the test instead of making it slow.
const OPTIONS = { liveTimeoutMs: 3_600_000, pollMs: 60_000, maxChanges: 100, now: () => Date.now() };

let db: TestDatabase;
let cloud: TestCloud;
let scope: ShapeScope;
let productId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  cloud = await openTestCloud(db.sql);
  const shop = await ownerWithStore(db.sql, cloud, "wake");
  await enrolledAppliance(cloud, shop.token, shop.storeId);
  const table = SHAPE_TABLES.products;
  scope = { tenantId: shop.tenantId, storeId: shop.storeId, table, columns: parseColumns(table, undefined)! };
  productId = (
    await createCloudProduct(
      db.sql,
      shop.tenantId,
      { sku: "W-1", name: "Mate", price: 1_000, ivaRate: 2100, unit: "each" },
      cloud.clock,
    )
  ).id;
});
afterAll(async () => {
  await cloud.close();
  await db.drop();
});

/** db.sql, except that right after the long-poll's first read `write` runs: the race, made certain. */
function writeAfterFirstRead(write: () => Promise<unknown>): Sql {
  let first = true;
  return {
    ...db.sql,
    async withTenant(tenantId, fn) {
      const result = await db.sql.withTenant(tenantId, fn);
      if (first) {
        first = false;
        await write();
      }
      return result;
    },
  };
}

/** A live request from the shape's current head, as a caught-up till sends it. */
async function liveFromHead() {
  return db.sql.withTenant(scope.tenantId, async (q) => {
    const { head } = await readSnapshot(q, scope);
    const { handle } = await currentHandle(q, scope);
    return { offset: `${head}_0`, handle, live: true };
  });
}

describe("a live shape request wakes for a change committed while it reads", () => {
  it("a dashboard edit poked between the log read and the wait is answered at once", async () => {
    const request = await liveFromHead();
    const sql = writeAfterFirstRead(() =>
      updateCloudProduct(db.sql, scope.tenantId, productId, { price: 2_000 }, cloud.clock),
    );
    const answer = await serveShape(sql, scope, request, OPTIONS);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body as string)[0]).toMatchObject({ value: { price: "2000" } });
  });

  it("a write nobody in this process poked (ingest, another instance, SQL) wakes it through NOTIFY", async () => {
    const stop = await listenToShapeLog(db.sql);
    try {
      const request = await liveFromHead();
      const sql = writeAfterFirstRead(() =>
        db.owner.query("UPDATE products SET price = 3000 WHERE id = $1", [productId]),
      );
      const answer = await serveShape(sql, scope, request, OPTIONS);
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body as string)[0]).toMatchObject({ value: { price: "3000" } });
    } finally {
      await stop();
    }
  });
});

describe("a waiting live shape request and the database", () => {
  /** db.sql counting the long-poll's log reads (each one transaction on a pooled connection). */
  function countingReads(): { sql: Sql; reads: () => number } {
    let reads = 0;
    return {
      sql: { ...db.sql, withTenant: (tenantId, fn) => (reads++, db.sql.withTenant(tenantId, fn)) },
      reads: () => reads,
    };
  }
  // A 5 ms re-read over a 400 ms wait: ~80 reads if the re-read ran, 2 (first read, deadline) if not.
  const SHORT = { ...OPTIONS, liveTimeoutMs: 400, pollMs: 5 };

  it("reads the log only at its start and its deadline while the LISTEN holds (no re-read every pollMs)", async () => {
    const stop = await listenToShapeLog(db.sql);
    try {
      const { sql, reads } = countingReads();
      const answer = await serveShape(sql, scope, await liveFromHead(), SHORT);
      expect(answer.status).toBe(200);
      expect(reads()).toBe(2);
    } finally {
      await stop();
    }
  });

  it("re-reads every pollMs without a LISTEN (the safety net)", async () => {
    const { sql, reads } = countingReads();
    await serveShape(sql, scope, await liveFromHead(), SHORT);
    expect(reads()).toBeGreaterThan(2);
  });
});

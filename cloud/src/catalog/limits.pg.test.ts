import { MAX_AMOUNT, PRODUCT_NAME_MAX } from "@mostrador/contracts/limits";
import { v7 as uuidv7 } from "uuid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OpFactory } from "../ingest/test-ops.js";
import {
  bearer,
  enrolledAppliance,
  openTestCloud,
  ownerWithStore,
  type TestCloud,
} from "../test-support/test-cloud.js";
import { createTestDatabase, type TestDatabase } from "../test-support/test-database.js";

/**
 * The till and the cloud share one set of limits (contracts/limits). A price the till accepts must be
 * one the cloud stores: before, a till product priced between $ 1.000 millones and $ 10.000 millones
 * was refused at ingest and parked at its appliance for ever.
 */
let db: TestDatabase;
let cloud: TestCloud;
let shop: Awaited<ReturnType<typeof ownerWithStore>>;
let till: Awaited<ReturnType<typeof enrolledAppliance>>;
const f = new OpFactory();

beforeAll(async () => {
  db = await createTestDatabase();
  cloud = await openTestCloud(db.sql);
  shop = await ownerWithStore(db.sql, cloud, "lim");
  till = await enrolledAppliance(cloud, shop.token, shop.storeId);
});
afterAll(async () => {
  await cloud.close();
  await db.drop();
});

const productOp = (price: number, name = "Tractor") => {
  const id = uuidv7();
  return f.op("product", id, "created", {
    id,
    sku: `SKU-${id.slice(-8)}`,
    name,
    categoryId: null,
    price,
    ivaRate: 2100,
    unit: "each",
    barcodes: [],
    scaleCode: null,
    lowStockThreshold: null,
    active: true,
  });
};
const ingest = (ops: unknown[]) =>
  cloud.app.inject({ method: "POST", url: "/v1/ingest", headers: bearer(till.token), payload: { ops } });

describe("one price limit on the till and in the cloud", () => {
  it("stores a till product priced anywhere up to the till's own limit", async () => {
    for (const price of [500_000_000_000, MAX_AMOUNT]) {
      const op = productOp(price);
      expect((await ingest([op])).statusCode).toBe(200);
      const [row] = await db.owner.query<{ price: number }>("SELECT price FROM products WHERE id = $1", [
        op.entityId,
      ]);
      expect(row?.price).toBe(price);
    }
  });

  it("refuses one centavo past the limit, naming the op, at ingest and in the table's CHECK", async () => {
    const op = productOp(MAX_AMOUNT + 1);
    const res = await ingest([op]);
    expect(res.statusCode).toBe(422);
    expect(res.json<{ rejected: { id: string }[] }>().rejected.map((r) => r.id)).toEqual([op.id]);
    await expect(
      db.owner.query(
        `INSERT INTO products (tenant_id, id, sku, name, price, iva_rate, unit, field_hlc, updated_at)
         VALUES ($1, $2, 'X-1', 'X', $3, 2100, 'each', '{}', now())`,
        [till.tenantId, uuidv7(), MAX_AMOUNT + 1],
      ),
    ).rejects.toThrow(/products_price_check/);
    await expect(
      db.owner.query(
        `INSERT INTO product_store_overrides (tenant_id, store_id, product_id, price, updated_at)
         VALUES ($1, $2, $3, $4, now())`,
        [till.tenantId, till.storeId, uuidv7(), MAX_AMOUNT + 1],
      ),
    ).rejects.toThrow(/product_store_overrides_price_check/);
  });

  it("lets the owner set the same prices and names from the dashboard, and no more", async () => {
    const op = productOp(100);
    await ingest([op]);
    const edit = (body: Record<string, unknown>) =>
      cloud.app.inject({
        method: "PATCH",
        url: `/v1/dashboard/catalog/${op.entityId}`,
        headers: bearer(shop.token),
        payload: body,
      });
    expect((await edit({ price: MAX_AMOUNT, name: "N".repeat(PRODUCT_NAME_MAX) })).statusCode).toBe(200);
    expect((await edit({ price: MAX_AMOUNT + 1 })).statusCode).toBe(400);
    expect((await edit({ name: "N".repeat(PRODUCT_NAME_MAX + 1) })).statusCode).toBe(400);
  });
});

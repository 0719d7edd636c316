import { OverwritesAnswer } from "@mostrador/contracts/http/cloud-catalog";
import { v7 as uuidv7 } from "uuid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OpFactory } from "../ingest/test-ops.js";
import { createStore } from "../tenancy/stores.js";
import {
  bearer,
  enrolledAppliance,
  json,
  openTestCloud,
  ownerWithStore,
  type TestCloud,
} from "../test-support/test-cloud.js";
import { expectAnswer } from "@mostrador/contracts/http/test-contract-check";
import { createTestDatabase, type TestDatabase } from "../test-support/test-database.js";
import { formatHlc } from "./hlc.js";
import { listProductOverwrites, type ProductOverwrite } from "./overwrites.js";
import { createCloudProduct, mergeProductWrites } from "./products.js";

let db: TestDatabase;
let cloud: TestCloud;
let shop: Awaited<ReturnType<typeof ownerWithStore>>;
let storeA2: { id: string };
let till1: Awaited<ReturnType<typeof enrolledAppliance>>;
let till2: Awaited<ReturnType<typeof enrolledAppliance>>;
const f1 = new OpFactory();

beforeAll(async () => {
  db = await createTestDatabase();
  cloud = await openTestCloud(db.sql);
  shop = await ownerWithStore(db.sql, cloud, "rep");
  storeA2 = await createStore(db.sql, shop.tenantId, "Local A2", cloud.clock);
  till1 = await enrolledAppliance(cloud, shop.token, shop.storeId, "Caja A1");
  till2 = await enrolledAppliance(cloud, shop.token, storeA2.id, "Caja A2");
});
afterAll(async () => {
  await cloud.close();
  await db.drop();
});

const dashboard = (method: "GET" | "POST" | "PATCH" | "DELETE", url: string, payload?: unknown) =>
  cloud.app.inject({ method, url, headers: bearer(shop.token), ...(payload ? { payload } : {}) });

/** A product of store A1, uploaded by A1's till. */
async function storeA1Product(name: string, price: number): Promise<string> {
  const id = uuidv7();
  cloud.clock.advance(1_000);
  const res = await cloud.app.inject({
    method: "POST",
    url: "/v1/ingest",
    headers: bearer(till1.token),
    payload: { ops: [f1.product(id, { name, price })] },
  });
  expect(res.statusCode).toBe(200);
  return id;
}

/** What ingest did before cloud 0005: A2's appliance's batch overwrote A1's product. */
async function overwriteAsBefore(productId: string, values: { name: string; price: number }): Promise<void> {
  cloud.clock.advance(1_000);
  const now = cloud.clock.now();
  const hlc = formatHlc(now.getTime(), 0, "tilla2");
  await db.sql.withTenant(shop.tenantId, async (q) => {
    await q.query(
      `INSERT INTO applied_ops (tenant_id, op_id, appliance_id, seq, entity, applied_at)
       VALUES ($1, $2, $3, 1, 'product', $4)`,
      [shop.tenantId, uuidv7(), till2.applianceId, now],
    );
    await mergeProductWrites(q, shop.tenantId, productId, {
      storeId: storeA2.id,
      values,
      clocks: { name: hlc, price: hlc },
      now,
    });
  });
}

async function product(id: string) {
  const [row] = await db.owner.query<{ name: string; price: number }>(
    "SELECT name, price FROM products WHERE id = $1",
    [id],
  );
  return row;
}

describe("repairing products another store's appliance overwrote", () => {
  it("lists the overwrite with what changed, reverts it, and the store's tills get the old values", async () => {
    const id = await storeA1Product("Yerba 1 kg", 450_000);
    await overwriteAsBefore(id, { name: "Yerba hackeada", price: 1 });
    const listed = await dashboard("GET", "/v1/dashboard/catalog/overwrites");
    // The answer holds to the contract (contracts/src/http/cloud-catalog.ts), every field kept.
    expectAnswer(OverwritesAnswer, listed, 200, {
      overwrites: await listProductOverwrites(db.sql, shop.tenantId),
    });
    const list = json<{ overwrites: ProductOverwrite[] }>(listed);
    const found = list.overwrites.filter((o) => o.productId === id);
    expect(found).toEqual([
      expect.objectContaining({
        productStoreName: "Local rep",
        applianceName: "Caja A2",
        applianceStoreName: "Local A2",
        changes: [
          { field: "name", before: "Yerba 1 kg", after: "Yerba hackeada" },
          { field: "price", before: 450_000, after: 1 },
        ],
      }),
    ]);
    const res = await dashboard("POST", `/v1/dashboard/catalog/overwrites/${found[0]!.lsn}/revert`);
    expect(res.statusCode).toBe(204);
    expect(await product(id)).toEqual({ name: "Yerba 1 kg", price: 450_000 });
    const again = json<{ overwrites: ProductOverwrite[] }>(
      await dashboard("GET", "/v1/dashboard/catalog/overwrites"),
    );
    expect(again.overwrites.filter((o) => o.productId === id)).toEqual([]);
    const shape = await cloud.app.inject({
      method: "GET",
      url: "/v1/shape?table=products&offset=-1",
      headers: bearer(till1.token),
    });
    const row = shape.json<{ value?: Record<string, string> }[]>().find((m) => m.value?.id === id);
    expect(row?.value).toMatchObject({ name: "Yerba 1 kg", price: "450000" });
  });

  it("keeps an overwrite the owner accepts, and offers it no more", async () => {
    const id = await storeA1Product("Leche 1 l", 120_000);
    await overwriteAsBefore(id, { name: "Leche entera 1 l", price: 125_000 });
    const list = json<{ overwrites: ProductOverwrite[] }>(
      await dashboard("GET", "/v1/dashboard/catalog/overwrites"),
    );
    const lsn = list.overwrites.find((o) => o.productId === id)!.lsn;
    expect((await dashboard("POST", `/v1/dashboard/catalog/overwrites/${lsn}/keep`)).statusCode).toBe(204);
    expect(await product(id)).toEqual({ name: "Leche entera 1 l", price: 125_000 });
    const after = json<{ overwrites: ProductOverwrite[] }>(
      await dashboard("GET", "/v1/dashboard/catalog/overwrites"),
    );
    expect(after.overwrites.some((o) => o.productId === id)).toBe(false);
    expect((await dashboard("POST", `/v1/dashboard/catalog/overwrites/${lsn}/revert`)).statusCode).toBe(404);
  });

  it("does not list a store's own edits of its products", async () => {
    const id = await storeA1Product("Arroz 1 kg", 200_000);
    const list = json<{ overwrites: ProductOverwrite[] }>(
      await dashboard("GET", "/v1/dashboard/catalog/overwrites"),
    );
    expect(list.overwrites.some((o) => o.productId === id)).toBe(false);
  });
});

describe("the owner's say over the shared catalog", () => {
  it("shows a store's own price of a shared product and puts the store back on the shared price", async () => {
    const shared = await createCloudProduct(
      db.sql,
      shop.tenantId,
      { sku: "SHR-9", name: "Fideos", price: 90_000, ivaRate: 2100, unit: "each" },
      cloud.clock,
    );
    const { storeId: _s, fieldHlc: _h, updatedAt: _u, ...values } = shared;
    const wall = Date.parse(shared.updatedAt) + 60_000;
    const edit = new OpFactory().op("product", shared.id, "updated", {
      ...values,
      price: 85_000,
      fieldHlc: { price: formatHlc(wall, 0, "tilla2") },
    });
    const up = await cloud.app.inject({
      method: "POST",
      url: "/v1/ingest",
      headers: bearer(till2.token),
      payload: { ops: [edit] },
    });
    expect(up.statusCode).toBe(200);
    const catalog = json<{ products: { id: string; overrides: unknown[] }[] }>(
      await dashboard("GET", "/v1/dashboard/catalog?search=Fideos"),
    );
    expect(catalog.products.find((p) => p.id === shared.id)?.overrides).toEqual([
      { storeId: storeA2.id, storeName: "Local A2", price: 85_000, active: null },
    ]);
    const removed = await dashboard("DELETE", `/v1/dashboard/catalog/${shared.id}/overrides/${storeA2.id}`);
    expect(removed.statusCode).toBe(204);
    const after = json<{ products: { id: string; overrides: unknown[] }[] }>(
      await dashboard("GET", "/v1/dashboard/catalog?search=Fideos"),
    );
    expect(after.products.find((p) => p.id === shared.id)?.overrides).toEqual([]);
    const again = await dashboard("DELETE", `/v1/dashboard/catalog/${shared.id}/overrides/${storeA2.id}`);
    expect(again.statusCode).toBe(404);
  });

  it("lets the owner allow the tills to edit the shared catalog, and refuses a non-boolean", async () => {
    expect(json(await dashboard("GET", "/v1/dashboard/catalog")).tillsEditSharedCatalog).toBe(false);
    const res = await dashboard("PATCH", "/v1/dashboard/catalog-policy", { tillsEditSharedCatalog: true });
    expect(res.statusCode).toBe(200);
    expect(json(await dashboard("GET", "/v1/dashboard/catalog")).tillsEditSharedCatalog).toBe(true);
    const bad = await dashboard("PATCH", "/v1/dashboard/catalog-policy", { tillsEditSharedCatalog: "sí" });
    expect(bad.statusCode).toBe(400);
    await dashboard("PATCH", "/v1/dashboard/catalog-policy", { tillsEditSharedCatalog: false });
  });
});

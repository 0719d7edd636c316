import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OpFactory } from "../ingest/test-ops.js";
import { createStore } from "../tenancy/stores.js";
import {
  bearer,
  enrolledAppliance,
  openTestCloud,
  ownerWithStore,
  type TestCloud,
} from "../test-support/test-cloud.js";
import { createTestDatabase, type TestDatabase } from "../test-support/test-database.js";
import { formatHlc } from "./hlc.js";
import { createCloudProduct, updateCloudProduct } from "./products.js";

let db: TestDatabase;
let cloud: TestCloud;
let shop: Awaited<ReturnType<typeof ownerWithStore>>;
let till1: Awaited<ReturnType<typeof enrolledAppliance>>;
let till2: Awaited<ReturnType<typeof enrolledAppliance>>;

beforeAll(async () => {
  db = await createTestDatabase();
  cloud = await openTestCloud(db.sql);
  shop = await ownerWithStore(db.sql, cloud, "o");
  const store2 = await createStore(db.sql, shop.tenantId, "Local 2", cloud.clock);
  till1 = await enrolledAppliance(cloud, shop.token, shop.storeId, "Caja local 1");
  till2 = await enrolledAppliance(cloud, shop.token, store2.id, "Caja local 2");
});
afterAll(async () => {
  await cloud.close();
  await db.drop();
});

async function sharedProduct(name: string, price: number) {
  return createCloudProduct(
    db.sql,
    shop.tenantId,
    { sku: `SKU-${Math.random().toString(36).slice(2, 8)}`, name, price, ivaRate: 2100, unit: "each" },
    cloud.clock,
  );
}

/** A till's edit as its outbox uploads it: the whole product, the clocks of the fields it changed. */
function tillEdit(
  f: OpFactory,
  p: Awaited<ReturnType<typeof sharedProduct>>,
  changes: Record<string, unknown>,
  wallMs: number,
) {
  const clocks = Object.fromEntries(Object.keys(changes).map((k) => [k, formatHlc(wallMs, 0, "till2")]));
  const { storeId: _store, fieldHlc: _clocks, updatedAt: _at, ...values } = p;
  return f.op("product", p.id, "updated", { ...values, ...changes, fieldHlc: clocks });
}

const ingest = (token: string, ops: unknown[]) =>
  cloud.app.inject({ method: "POST", url: "/v1/ingest", headers: bearer(token), payload: { ops } });

type Msg = { headers: Record<string, string>; value?: Record<string, string | null> };

/** The products shape as one till reads it from scratch: id → row (Postgres text values). */
async function tillSees(
  token: string,
): Promise<{ rows: Map<string, Record<string, string | null>>; next: string }> {
  const res = await cloud.app.inject({
    method: "GET",
    url: "/v1/shape?table=products&offset=-1",
    headers: bearer(token),
  });
  expect(res.statusCode).toBe(200);
  const rows = new Map<string, Record<string, string | null>>();
  for (const m of res.json<Msg[]>()) if (m.value) rows.set(String(m.value.id), m.value);
  return {
    rows,
    next: `offset=${String(res.headers["electric-offset"])}&handle=${String(res.headers["electric-handle"])}`,
  };
}

/** The changes after `next`, folded as the till folds them: the last row per product wins. */
async function tillCatchesUp(token: string, next: string, into: Map<string, Record<string, string | null>>) {
  const res = await cloud.app.inject({
    method: "GET",
    url: `/v1/shape?table=products&${next}`,
    headers: bearer(token),
  });
  expect(res.statusCode).toBe(200);
  for (const m of res.json<Msg[]>()) if (m.value) into.set(String(m.value.id), m.value);
  return into;
}

async function row(sqlText: string, params: unknown[]) {
  const [r] = await db.owner.query<Record<string, unknown>>(sqlText, params);
  return r;
}

describe("a till's edit of a tenant-wide product", () => {
  it("becomes its own store's price, never the shared one, and reaches only that store's tills", async () => {
    const yerba = await sharedProduct("Yerba 1 kg", 450_000);
    const wall = Date.parse(yerba.updatedAt) + 60_000;
    const res = await ingest(till2.token, [tillEdit(new OpFactory(), yerba, { price: 399_000 }, wall)]);
    expect(res.statusCode).toBe(200);

    expect(await row("SELECT price FROM products WHERE id = $1", [yerba.id])).toEqual({ price: 450_000 });
    expect(
      await row("SELECT price, active FROM product_store_overrides WHERE product_id = $1", [yerba.id]),
    ).toEqual({ price: 399_000, active: null });
    expect((await tillSees(till2.token)).rows.get(yerba.id)).toMatchObject({ price: "399000", active: "t" });
    expect((await tillSees(till1.token)).rows.get(yerba.id)).toMatchObject({ price: "450000" });
  });

  it("keeps the store's price when the owner later changes the shared one; other stores follow the owner", async () => {
    const leche = await sharedProduct("Leche 1 l", 120_000);
    const [seen1, seen2] = [await tillSees(till1.token), await tillSees(till2.token)];
    const wall = Date.parse(leche.updatedAt) + 60_000;
    expect(
      (await ingest(till2.token, [tillEdit(new OpFactory(), leche, { price: 99_000 }, wall)])).statusCode,
    ).toBe(200);
    cloud.clock.advance(120_000);
    await updateCloudProduct(
      db.sql,
      shop.tenantId,
      leche.id,
      { price: 150_000, name: "Leche entera 1 l" },
      cloud.clock,
    );

    const store1 = await tillCatchesUp(till1.token, seen1.next, seen1.rows);
    const store2 = await tillCatchesUp(till2.token, seen2.next, seen2.rows);
    expect(store1.get(leche.id)).toMatchObject({ price: "150000", name: "Leche entera 1 l" });
    expect(store2.get(leche.id)).toMatchObject({ price: "99000", name: "Leche entera 1 l" });
    // A store that reads from scratch sees the same as one that followed the changes.
    expect((await tillSees(till2.token)).rows.get(leche.id)).toMatchObject({ price: "99000" });
  });

  it("refuses a rename from a till: the shared name comes back to it with a clock that beats its edit", async () => {
    const arroz = await sharedProduct("Arroz 1 kg", 200_000);
    const wall = Date.parse(arroz.updatedAt) + 60_000;
    const res = await ingest(till2.token, [tillEdit(new OpFactory(), arroz, { name: "Arroz trucho" }, wall)]);
    expect(res.statusCode).toBe(200);
    expect(await row("SELECT name FROM products WHERE id = $1", [arroz.id])).toEqual({ name: "Arroz 1 kg" });
    const seen = (await tillSees(till2.token)).rows.get(arroz.id)!;
    expect(seen.name).toBe("Arroz 1 kg");
    const clocks = JSON.parse(String(seen.field_hlc)) as Record<string, string>;
    expect(clocks.name! >= formatHlc(wall, 0, "till2")).toBe(true);
  });

  it("lets an older till edit lose to a newer shared price (last writer wins across both)", async () => {
    const fideos = await sharedProduct("Fideos 500 g", 90_000);
    const before = Date.parse(fideos.updatedAt) - 60_000;
    const res = await ingest(till2.token, [tillEdit(new OpFactory(), fideos, { price: 1 }, before)]);
    expect(res.statusCode).toBe(200);
    expect(
      await row("SELECT count(*)::int AS n FROM product_store_overrides WHERE product_id = $1", [fideos.id]),
    ).toEqual({
      n: 0,
    });
    expect((await tillSees(till2.token)).rows.get(fideos.id)).toMatchObject({ price: "90000" });
  });

  it("changes the shared product itself when the owner lets tills edit the shared catalog", async () => {
    await db.owner.query("UPDATE organizations SET tills_edit_shared_catalog = true WHERE id = $1", [
      shop.tenantId,
    ]);
    try {
      const azucar = await sharedProduct("Azúcar 1 kg", 110_000);
      const wall = Date.parse(azucar.updatedAt) + 60_000;
      const res = await ingest(till2.token, [tillEdit(new OpFactory(), azucar, { price: 115_000 }, wall)]);
      expect(res.statusCode).toBe(200);
      expect(await row("SELECT price FROM products WHERE id = $1", [azucar.id])).toEqual({ price: 115_000 });
      expect((await tillSees(till1.token)).rows.get(azucar.id)).toMatchObject({ price: "115000" });
    } finally {
      await db.owner.query("UPDATE organizations SET tills_edit_shared_catalog = false WHERE id = $1", [
        shop.tenantId,
      ]);
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bearer,
  json,
  openTestCloud,
  ownerWithStore,
  snapshot,
  type TestCloud,
} from "../test-support/test-cloud.js";
import { createTestDatabase, type TestDatabase } from "../test-support/test-database.js";
import { seedProduct, seedStockLevel } from "./test-seed.js";
import type { StockAnswer } from "@mostrador/contracts/http/dashboard";
import type { CatalogAnswer, CatalogProduct } from "@mostrador/contracts/http/cloud-catalog";

let db: TestDatabase;
let cloud: TestCloud;
let a: Awaited<ReturnType<typeof ownerWithStore>>;
let b: Awaited<ReturnType<typeof ownerWithStore>>;
let yerba: string;
let leche: string;

const MISSING = "0190a0b0-0000-7000-8000-000000000000";

beforeAll(async () => {
  db = await createTestDatabase();
  cloud = await openTestCloud(db.sql);
  a = await ownerWithStore(db.sql, cloud, "a");
  b = await ownerWithStore(db.sql, cloud, "b");
  const product = (sku: string, name: string, price: number, lowStockThreshold: number | null) =>
    seedProduct(db.owner, { tenantId: a.tenantId, sku, name, price, lowStockThreshold });
  yerba = await product("YER-1", "Yerba Mate 1 kg", 450_000, 5);
  leche = await product("LEC-1", "Leche entera 1 L", 120_000, 10);
  await product("ALF-50", "Alfajor 50% cacao", 80_000, null);
  await seedStockLevel(db.owner, { tenantId: a.tenantId, storeId: a.storeId, productId: yerba, onHand: 3 });
  await seedStockLevel(db.owner, { tenantId: a.tenantId, storeId: a.storeId, productId: leche, onHand: 40 });
});

afterAll(async () => {
  await cloud.close();
  await db.drop();
});

const call = (method: "GET" | "PATCH", url: string, token: string, payload?: unknown) =>
  cloud.app.inject({
    method,
    url,
    headers: bearer(token),
    ...(payload !== undefined ? { payload: payload as object } : {}),
  });

describe("catalog", () => {
  it("lists the catalog by name and searches name or SKU, treating % literally", async () => {
    const all = json<CatalogAnswer>(await call("GET", "/v1/dashboard/catalog", a.token));
    expect(all.total).toBe(3);
    expect(all.products.map((p) => p.name)).toEqual([
      "Alfajor 50% cacao",
      "Leche entera 1 L",
      "Yerba Mate 1 kg",
    ]);
    const bySku = json<CatalogAnswer>(await call("GET", "/v1/dashboard/catalog?search=yer-", a.token));
    expect(bySku.products.map((p) => p.id)).toEqual([yerba]);
    const percent = json<CatalogAnswer>(await call("GET", "/v1/dashboard/catalog?search=50%25", a.token));
    expect(percent.products.map((p) => p.sku)).toEqual(["ALF-50"]);
    const page = json<CatalogAnswer>(await call("GET", "/v1/dashboard/catalog?limit=1&offset=1", a.token));
    expect(page).toMatchObject({ total: 3, products: [{ name: "Leche entera 1 L" }] });
  });

  it("edits price, name and active through the cloud catalog, so the change is in the shape log for the tills", async () => {
    const res = await call("PATCH", `/v1/dashboard/catalog/${leche}`, a.token, {
      price: 125_050,
      name: "  Leche entera 1 L (sachet) ",
      active: false,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(json<CatalogProduct>(res)).toMatchObject({
      id: leche,
      price: 125_050,
      name: "Leche entera 1 L (sachet)",
      active: false,
    });
    const [logged] = await db.owner.query<{ row: { price: number; name: string; active: boolean } }>(
      "SELECT row FROM shape_log WHERE table_name = 'products' AND pk = $1 ORDER BY lsn DESC LIMIT 1",
      [leche],
    );
    expect(logged?.row).toMatchObject({ price: 125_050, name: "Leche entera 1 L (sachet)", active: false });
  });

  it("marks stock at or under the product's threshold as low, and lists only low stock on request", async () => {
    const all = json<StockAnswer>(await call("GET", "/v1/dashboard/stock", a.token));
    expect(all.items.map((i) => [i.name, i.onHand, i.lowStockThreshold, i.low])).toEqual([
      ["Yerba Mate 1 kg", 3, 5, true],
      ["Leche entera 1 L (sachet)", 40, 10, false],
    ]);
    const low = json<StockAnswer>(
      await call("GET", `/v1/dashboard/stock?lowOnly=true&storeId=${a.storeId}`, a.token),
    );
    expect(low.items.map((i) => i.productId)).toEqual([yerba]);
  });

  const bad: [string, string, unknown, number, RegExp | string][] = [
    ["an empty edit", yerbaUrl(), {}, 400, "nothing_to_change"],
    ["a negative price", yerbaUrl(), { price: -1 }, 400, /como mínimo 0/],
    ["a fractional price (centavos are whole)", yerbaUrl(), { price: 10.5 }, 400, /integer/],
    ["an overflowing price", yerbaUrl(), { price: 1e20 }, 400, /como máximo/],
    ["a price as text", yerbaUrl(), { price: "100" }, 400, /tipo integer/],
    ["a blank name", yerbaUrl(), { name: "   " }, 400, /formato válido/],
    ["a name too long", yerbaUrl(), { name: "x".repeat(121) }, 400, /máximo 120/],
    ["active as text", yerbaUrl(), { active: "no" }, 400, /tipo boolean/],
    ["a field it does not edit", yerbaUrl(), { sku: "OTRO" }, 400, /"sku" no se reconoce/],
    ["an unknown product", `/v1/dashboard/catalog/${MISSING}`, { price: 1 }, 404, "product_not_found"],
    ["a product id that is not a uuid", "/v1/dashboard/catalog/yerba", { price: 1 }, 400, /formato válido/],
  ];
  for (const [name, url, body, status, expected] of bad)
    it(`refuses ${name} and changes nothing`, async () => {
      const before = await snapshot(db.owner);
      const res = await call("PATCH", url.replace("{yerba}", yerba), a.token, body);
      expect(res.statusCode, res.body).toBe(status);
      const { error } = json<{ error: { code: string; message: string } }>(res);
      if (typeof expected === "string") expect(error.code).toBe(expected);
      else expect(error.message).toMatch(expected);
      expect(await snapshot(db.owner)).toBe(before);
    });

  it("refuses malformed JSON and bad list parameters", async () => {
    const raw = await cloud.app.inject({
      method: "PATCH",
      url: `/v1/dashboard/catalog/${yerba}`,
      headers: { ...bearer(a.token), "content-type": "application/json" },
      payload: '{"price": 1',
    });
    expect(json(raw)).toMatchObject({ error: { code: "malformed_json" } });
    for (const qs of [
      "limit=0",
      "limit=501",
      "offset=-1",
      `search=${"x".repeat(121)}`,
      "storeId=x",
      "sort=name",
    ])
      expect((await call("GET", `/v1/dashboard/catalog?${qs}`, a.token)).statusCode, qs).toBe(400);
    expect((await call("GET", `/v1/dashboard/catalog?storeId=${MISSING}`, a.token)).statusCode).toBe(404);
  });
});

describe("catalog tenant isolation", () => {
  it("shows tenant B none of A's products and lets B edit none of them", async () => {
    expect(json<CatalogAnswer>(await call("GET", "/v1/dashboard/catalog", b.token))).toEqual({
      products: [],
      total: 0,
      tillsEditSharedCatalog: false,
    });
    expect((await call("GET", `/v1/dashboard/catalog?storeId=${a.storeId}`, b.token)).statusCode).toBe(404);
    const before = await snapshot(db.owner);
    const res = await call("PATCH", `/v1/dashboard/catalog/${yerba}`, b.token, { price: 1 });
    expect(res.statusCode).toBe(404);
    expect(json(res)).toMatchObject({ error: { code: "product_not_found" } });
    expect(await snapshot(db.owner)).toBe(before);
    expect(json<StockAnswer>(await call("GET", "/v1/dashboard/stock", b.token)).items).toEqual([]);
  });
});

function yerbaUrl(): string {
  return "/v1/dashboard/catalog/{yerba}";
}

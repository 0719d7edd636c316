import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SalesSummary, StockAnswer } from "@mostrador/contracts/http/dashboard";
import type {
  CatalogAnswer,
  CatalogProduct,
  CategoriesAnswer,
} from "@mostrador/contracts/http/cloud-catalog";
import { OpFactory } from "../ingest/test-ops.js";
import { createStore } from "../tenancy/stores.js";
import {
  bearer,
  enrolledAppliance,
  json,
  openTestCloud,
  ownerWithStore,
  snapshot,
  type TestCloud,
} from "../test-support/test-cloud.js";
import { createTestDatabase, type TestDatabase } from "../test-support/test-database.js";
import { formatHlc } from "./hlc.js";
import { listCloudProducts } from "./products.js";

let db: TestDatabase;
let cloud: TestCloud;
let shop: Awaited<ReturnType<typeof ownerWithStore>>;
let till1: Awaited<ReturnType<typeof enrolledAppliance>>;
let till2: Awaited<ReturnType<typeof enrolledAppliance>>;
let other: Awaited<ReturnType<typeof ownerWithStore>>;
let otherTill: Awaited<ReturnType<typeof enrolledAppliance>>;

beforeAll(async () => {
  db = await createTestDatabase();
  cloud = await openTestCloud(db.sql);
  shop = await ownerWithStore(db.sql, cloud, "var");
  const store2 = await createStore(db.sql, shop.tenantId, "Local 2", cloud.clock);
  till1 = await enrolledAppliance(cloud, shop.token, shop.storeId, "Caja local 1");
  till2 = await enrolledAppliance(cloud, shop.token, store2.id, "Caja local 2");
  other = await ownerWithStore(db.sql, cloud, "otro");
  otherTill = await enrolledAppliance(cloud, other.token, other.storeId, "Caja ajena");
});
afterAll(async () => {
  await cloud.close();
  await db.drop();
});

const ingest = (token: string, ops: unknown[]) =>
  cloud.app.inject({ method: "POST", url: "/v1/ingest", headers: bearer(token), payload: { ops } });
const call = (method: "GET" | "POST" | "PATCH", url: string, payload?: Record<string, unknown>) =>
  payload === undefined
    ? cloud.app.inject({ method, url, headers: bearer(shop.token) })
    : cloud.app.inject({ method, url, headers: bearer(shop.token), payload });

const AXES = [
  { name: "Talle", values: ["S", "M"] },
  { name: "Color", values: ["Negro", "Rojo"] },
];

/** A model and its variants as a till uploads them (the 0025 trigger's fields and clocks). */
function grid(f: OpFactory, name: string, wallMs: number) {
  const hlc = formatHlc(wallMs, 0, "till1");
  const all = { sku: hlc, name: hlc, price: hlc, variantAxes: hlc, variantOf: hlc, variantValues: hlc };
  const model = f.product(undefined, {
    name,
    price: 10_000_00,
    variantAxes: AXES,
    variantOf: null,
    variantValues: null,
    priceFollowsModel: true,
    fieldHlc: all,
  });
  const variants = [
    ["S", "Negro"],
    ["S", "Rojo"],
    ["M", "Negro"],
    ["M", "Rojo"],
  ].map((values) =>
    f.product(undefined, {
      name: `${name} ${values.join(" ")}`,
      price: 10_000_00,
      variantAxes: null,
      variantOf: model.entityId,
      variantValues: values,
      priceFollowsModel: true,
      fieldHlc: all,
    }),
  );
  return { model, variants };
}

describe("variants in the cloud catalog", () => {
  it("takes a model and its variants in one batch, and lists them under the model in grid order", async () => {
    const f = new OpFactory();
    const { model, variants } = grid(f, "Remera", Date.parse("2026-03-02T12:00:00Z"));
    const res = await ingest(till1.token, [model, ...variants.reverse()]);
    expect(res.statusCode).toBe(200);
    const page = json<CatalogAnswer>(await call("GET", "/v1/dashboard/catalog?search=Remera"));
    expect(page.total).toBe(1); // the variants are not listed on their own
    const listed = page.products[0]!;
    expect(listed.variantAxes).toEqual(AXES);
    expect(listed.variants.map((v) => v.values)).toEqual([
      ["S", "Negro"],
      ["S", "Rojo"],
      ["M", "Negro"],
      ["M", "Rojo"],
    ]);
    // A variant's SKU finds its model.
    const bySku = json<CatalogAnswer>(
      await call("GET", `/v1/dashboard/catalog?search=${encodeURIComponent(listed.variants[3]!.sku)}`),
    );
    expect(bySku.products.map((p) => p.id)).toEqual([model.entityId]);
  });

  it("lets the owner give one variant its own price and flag, and move a model's price to the variants that follow it", async () => {
    const f = new OpFactory();
    const { model, variants } = grid(f, "Buzo", Date.parse("2026-03-02T12:00:00Z"));
    expect((await ingest(till1.token, [model, ...variants])).statusCode).toBe(200);
    const own = variants[0]!.entityId;
    const saved = await call("PATCH", `/v1/dashboard/catalog/${own}`, { price: 12_000_00, active: false });
    expect(saved.statusCode).toBe(200);
    expect(json<CatalogProduct>(saved)).toMatchObject({
      variantOf: model.entityId,
      price: 12_000_00,
      active: false,
    });
    const res = await call("PATCH", `/v1/dashboard/catalog/${model.entityId}`, {
      price: 15_000_00,
      name: "Buzo frisa",
    });
    expect(res.statusCode).toBe(200);
    const after = json<CatalogProduct>(res);
    expect(after.variants.map((v) => [v.name, v.price, v.priceFollowsModel, v.active])).toEqual([
      ["Buzo frisa S Negro", 12_000_00, false, false],
      ["Buzo frisa S Rojo", 15_000_00, true, true],
      ["Buzo frisa M Negro", 15_000_00, true, true],
      ["Buzo frisa M Rojo", 15_000_00, true, true],
    ]);
  });

  it("refuses a variant's name or category from the dashboard (they are its model's), changing nothing", async () => {
    const f = new OpFactory();
    const { model, variants } = grid(f, "Campera", Date.parse("2026-03-02T12:00:00Z"));
    expect((await ingest(till1.token, [model, ...variants])).statusCode).toBe(200);
    const before = await snapshot(db.owner);
    for (const body of [{ name: "Otra" }, { categoryId: null }]) {
      const res = await call("PATCH", `/v1/dashboard/catalog/${variants[1]!.entityId}`, body);
      expect(res.statusCode).toBe(400);
      expect(json(res)).toMatchObject({ error: { code: "variant_shared_field" } });
    }
    const unknownCategory = await call("PATCH", `/v1/dashboard/catalog/${model.entityId}`, {
      categoryId: "no-existe",
    });
    expect(unknownCategory.statusCode).toBe(404);
    expect(await snapshot(db.owner)).toBe(before);
  });

  it("parks variant ops that name a missing, foreign or non-model product, or cells not of the grid, by name", async () => {
    const f = new OpFactory();
    const { model, variants } = grid(f, "Pantalón", Date.parse("2026-03-02T12:00:00Z"));
    expect((await ingest(till1.token, [model, ...variants])).statusCode).toBe(200);
    const f2 = new OpFactory();
    const store2Model = grid(f2, "Gorra", Date.parse("2026-03-02T12:00:00Z")).model;
    expect((await ingest(till2.token, [store2Model])).statusCode).toBe(200);
    const f3 = new OpFactory();
    const otherTenantModel = grid(f3, "Ajeno", Date.parse("2026-03-02T12:00:00Z")).model;
    expect((await ingest(otherTill.token, [otherTenantModel])).statusCode).toBe(200);

    const variant = (changes: Record<string, unknown>) =>
      f.rawOp("product", crypto.randomUUID(), "created", {
        ...(variants[0]!.payload as Record<string, unknown>),
        sku: `V-${f.seq}`,
        ...changes,
      });
    const cases: [string, ReturnType<typeof variant>, RegExp][] = [];
    const withId = (changes: Record<string, unknown>) => {
      const op = variant(changes);
      (op.payload as Record<string, unknown>).id = op.entityId;
      return op;
    };
    cases.push([
      "missing model",
      withId({ variantOf: "0196a0b0-0000-7000-8000-0000000000ff" }),
      /no existe en la nube/,
    ]);
    cases.push([
      "other tenant's model",
      withId({ variantOf: otherTenantModel.entityId }),
      /no existe en la nube/,
    ]);
    cases.push(["other store's model", withId({ variantOf: store2Model.entityId }), /de otro local/]);
    cases.push(["a variant as model", withId({ variantOf: variants[1]!.entityId }), /no es un modelo/]);
    cases.push([
      "too few values",
      withId({ variantValues: ["S"] }),
      /trae 1 valores y su modelo tiene 2 ejes/,
    ]);
    cases.push([
      "value not of the axis",
      withId({ variantValues: ["XL", "Negro"] }),
      /"XL" no es del eje "Talle"/,
    ]);
    cases.push([
      "values without model",
      withId({ variantOf: null, variantValues: ["S", "Negro"] }),
      /no nombra su modelo/,
    ]);
    cases.push(["model and variant", withId({ variantAxes: AXES }), /modelo y variante a la vez/]);
    cases.push(["malformed values", withId({ variantValues: [1, 2] }), /variantValues/]);
    cases.push([
      "malformed axes",
      withId({ variantOf: null, variantValues: null, variantAxes: [{ name: "Talle" }] }),
      /variantAxes/,
    ]);
    const before = await snapshot(db.owner);
    for (const [what, op, reason] of cases) {
      const res = await ingest(till1.token, [op]);
      expect(res.statusCode, what).toBe(422);
      expect(json<{ rejected: { id: string; reason: string }[] }>(res).rejected, what).toEqual([
        { id: op.id, reason: expect.stringMatching(reason) as unknown },
      ]);
    }
    expect(await snapshot(db.owner)).toBe(before);
  });

  it("breaks sales and stock down per variant, naming the model and the values", async () => {
    const f = new OpFactory();
    const { model, variants } = grid(f, "Musculosa", Date.parse("2026-03-02T12:00:00Z"));
    const [sNegro, mRojo] = [variants[0]!.entityId, variants[3]!.entityId];
    const sale = f.sale([
      { productId: sNegro, quantity: 2, unitPrice: 10_000_00 },
      { productId: mRojo, quantity: 1, unitPrice: 10_000_00 },
    ]).op;
    const movement = f.op("stock_movement", "mov-musculosa-1", "created", {
      id: "mov-musculosa-1",
      productId: mRojo,
      quantity: 7,
      reason: "purchase",
      at: "2026-03-02T11:00:00.000Z",
    });
    expect((await ingest(till1.token, [model, ...variants, sale, movement])).statusCode).toBe(200);
    const sales = json<SalesSummary>(
      await call("GET", `/v1/dashboard/sales?period=today&storeId=${shop.storeId}`),
    );
    const lines = sales.topProducts.filter((p) => p.variant?.modelId === model.entityId);
    expect(lines.map((p) => [p.productId, p.quantity, p.variant?.values])).toEqual([
      [sNegro, 2, ["S", "Negro"]],
      [mRojo, 1, ["M", "Rojo"]],
    ]);
    expect(lines[0]!.variant?.modelName).toBe("Musculosa");
    const stock = json<StockAnswer>(await call("GET", `/v1/dashboard/stock?storeId=${shop.storeId}`));
    expect(stock.items.find((i) => i.productId === mRojo)).toMatchObject({
      onHand: 6, // 7 received, 1 sold
      variant: { modelId: model.entityId, modelName: "Musculosa", values: ["M", "Rojo"] },
    });
  });

  it("still takes a product op from an appliance that sends no variant fields", async () => {
    const f = new OpFactory();
    const op = f.product();
    const payload = op.payload as Record<string, unknown>;
    for (const k of ["variantAxes", "variantOf", "variantValues", "priceFollowsModel", "fieldHlc"])
      delete payload[k];
    expect((await ingest(till1.token, [op])).statusCode).toBe(200);
    const saved = (await listCloudProducts(db.sql, shop.tenantId)).find((p) => p.id === op.entityId)!;
    expect(saved).toMatchObject({
      variantAxes: null,
      variantOf: null,
      variantValues: null,
      priceFollowsModel: true,
    });
  });
});

describe("categories in the cloud", () => {
  const categoryOp = (
    f: OpFactory,
    id: string,
    name: string,
    op: "created" | "updated" = "created",
    wallMs?: number,
  ) =>
    f.op("category", id, op, {
      id,
      name,
      ...(wallMs === undefined ? {} : { fieldHlc: { name: formatHlc(wallMs, 0, "till1") } }),
    });

  it("creates and renames from the dashboard; a name taken in any case is refused; bad names are refused", async () => {
    const created = await call("POST", "/v1/dashboard/categories", { name: "  Lácteos  " });
    expect(created.statusCode).toBe(201);
    const lacteos = json<{ id: string; name: string }>(created);
    expect(lacteos.name).toBe("Lácteos");
    const before = await snapshot(db.owner);
    const clash = await call("POST", "/v1/dashboard/categories", { name: "LÁCTEOS" });
    expect(clash.statusCode).toBe(409);
    expect(json(clash)).toMatchObject({ error: { code: "category_taken" } });
    for (const name of ["", "   ", "x".repeat(61)]) {
      expect((await call("POST", "/v1/dashboard/categories", { name })).statusCode, name).toBe(400);
    }
    expect((await call("PATCH", "/v1/dashboard/categories/no-existe", { name: "Otra" })).statusCode).toBe(
      404,
    );
    expect(await snapshot(db.owner)).toBe(before);
    const quesos = json<{ id: string }>(await call("POST", "/v1/dashboard/categories", { name: "Quesos" }));
    expect(
      (await call("PATCH", `/v1/dashboard/categories/${quesos.id}`, { name: "lácteos" })).statusCode,
    ).toBe(409);
    const renamed = await call("PATCH", `/v1/dashboard/categories/${lacteos.id}`, {
      name: "Lácteos y quesos frescos",
    });
    expect(json(renamed)).toMatchObject({ id: lacteos.id, name: "Lácteos y quesos frescos", products: 0 });
    const list = json<CategoriesAnswer>(await call("GET", "/v1/dashboard/categories"));
    expect(list.categories.map((c) => c.name)).toEqual(
      expect.arrayContaining(["Lácteos y quesos frescos", "Quesos"]),
    );
  });

  it("merges a till's category born with a name the cloud already holds, and re-points its products", async () => {
    const holder = json<{ id: string }>(await call("POST", "/v1/dashboard/categories", { name: "Fiambres" }));
    const f = new OpFactory();
    const id = crypto.randomUUID();
    const product = f.product(undefined, { categoryId: id });
    const res = await ingest(till1.token, [categoryOp(f, id, "FIAMBRES"), product]);
    expect(res.statusCode).toBe(200);
    const saved = (await listCloudProducts(db.sql, shop.tenantId)).find((p) => p.id === product.entityId)!;
    expect(saved.categoryId).toBe(holder.id);
    const rows = await db.owner.query<{ id: string; merged_into: string | null }>(
      "SELECT id, merged_into FROM categories WHERE id = ANY($1::text[]) ORDER BY id",
      [[holder.id, id]],
    );
    expect(rows.find((r) => r.id === id)?.merged_into).toBe(holder.id);
    expect(rows.find((r) => r.id === holder.id)?.merged_into).toBeNull();
  });

  it("applies a till's rename by its clock: an older rename loses to the owner's later one", async () => {
    const f = new OpFactory();
    const id = crypto.randomUUID();
    const t0 = cloud.clock.now().getTime();
    expect(
      (await ingest(till1.token, [categoryOp(f, id, "Almacen", "created", t0 - 60_000)])).statusCode,
    ).toBe(200);
    expect((await call("PATCH", `/v1/dashboard/categories/${id}`, { name: "Almacén" })).statusCode).toBe(200);
    expect(
      (await ingest(till1.token, [categoryOp(f, id, "Almacen seco", "updated", t0 - 30_000)])).statusCode,
    ).toBe(200);
    const [row] = await db.owner.query<{ name: string }>("SELECT name FROM categories WHERE id = $1", [id]);
    expect(row?.name).toBe("Almacén");
  });

  it("parks a category op with a blank name or a payload naming another category, changing nothing", async () => {
    const f = new OpFactory();
    const id = crypto.randomUUID();
    const blank = categoryOp(f, id, "   ");
    const mismatched = f.rawOp("category", crypto.randomUUID(), "created", {
      id: crypto.randomUUID(),
      name: "X",
    });
    const before = await snapshot(db.owner);
    for (const op of [blank, mismatched]) {
      const res = await ingest(till1.token, [op]);
      expect(res.statusCode).toBe(422);
      expect(json<{ rejected: { id: string }[] }>(res).rejected.map((r) => r.id)).toEqual([op.id]);
    }
    expect(await snapshot(db.owner)).toBe(before);
  });
});

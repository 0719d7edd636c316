import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { renameCloudCategory } from "@mostrador/cloud/catalog/categories";
import { listCloudProducts, updateCloudProduct } from "@mostrador/cloud/catalog/products";
import { ManualClock as CloudClock } from "@mostrador/cloud/core/clock";
import { buildCloudServer, type CloudServer } from "@mostrador/cloud/server";
import { enrolledAppliance, ownerWithStore } from "@mostrador/cloud/test-support/test-cloud";
import { createTestDatabase, type TestDatabase } from "@mostrador/cloud/test-support/test-database";
import { openTestCore, type TestCore } from "@mostrador/desktop/appliance/test-core";
import { enqueueOutbox } from "@mostrador/kernel/outbox/outbox";
import { createCategory } from "@mostrador/desktop/catalog/categories";
import { createProduct, updateProduct } from "@mostrador/desktop/catalog/product-writes";
import type { ChangeMessage, Row } from "@electric-sql/client";
import { startDownload, type Download } from "./download.js";
import { applyCategoryMessages } from "./category-apply.js";
import { applyProductMessages } from "./product-apply.js";

// A till and the real cloud over HTTP: the till's outbox is posted to /v1/ingest as the drainer posts
// it, and the catalog comes back through /v1/shape. Variants are written through the catalog's write
// path, with their variant columns (desktop 0019) set in SQL before the op that carries them.
let db: TestDatabase;
let app: CloudServer;
let url: string;
const cloudClock = new CloudClock("2026-05-04T12:00:00.000Z");
type Shop = Awaited<ReturnType<typeof ownerWithStore>> & {
  tills: Awaited<ReturnType<typeof enrolledAppliance>>[];
};

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.CLOUD_SHAPE_LIVE_TIMEOUT_MS = "2000";
  process.env.CLOUD_SHAPE_POLL_MS = "50";
  app = await buildCloudServer(db.sql, { clock: cloudClock });
  delete process.env.CLOUD_SHAPE_LIVE_TIMEOUT_MS;
  delete process.env.CLOUD_SHAPE_POLL_MS;
  url = (await app.listen({ port: 0, host: "127.0.0.1" })).replace("[::1]", "127.0.0.1");
});
afterAll(async () => {
  await app.close();
  await db.drop();
});

async function newShop(label: string, tills = 1): Promise<Shop> {
  const testCloud = { app, clock: cloudClock, close: () => app.close() };
  const owner = await ownerWithStore(db.sql, testCloud, label);
  const list = [];
  for (let i = 1; i <= tills; i++)
    list.push(await enrolledAppliance(testCloud, owner.token, owner.storeId, `Caja ${i}`));
  return { ...owner, tills: list };
}

const cores: TestCore[] = [];
const downloads: Download[] = [];
afterEach(() => {
  for (const d of downloads.splice(0)) d.stop();
  for (const c of cores.splice(0)) c.close();
});
function till(): TestCore {
  const core = openTestCore();
  core.clock.set(cloudClock.now().toISOString());
  cores.push(core);
  return core;
}
function online(core: TestCore, token: string): Download {
  const d = startDownload(core, { cloudUrl: url, token });
  downloads.push(d);
  return d;
}

const waitFor = async (check: () => boolean, ms = 8_000) => {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error("timeout esperando la condición");
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** Posts the till's whole outbox to /v1/ingest as the drainer does, then empties it. */
async function upload(core: TestCore, token: string): Promise<{ status: number; body: unknown }> {
  const rows = core.db.prepare("SELECT * FROM outbox ORDER BY seq").all() as {
    seq: number;
    id: string;
    entity: string;
    entity_id: string;
    op: string;
    payload: string;
    created_at: string;
  }[];
  const ops = rows.map((r) => ({
    id: r.id,
    seq: r.seq,
    entity: r.entity,
    entityId: r.entity_id,
    op: r.op,
    payload: JSON.parse(r.payload) as unknown,
    createdAt: r.created_at,
  }));
  const res = await fetch(`${url}/v1/ingest`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ ops }),
  });
  const body = (await res.json()) as unknown;
  if (res.status === 200) core.db.prepare("DELETE FROM outbox").run();
  return { status: res.status, body };
}

let skuCounter = 0;
const sku = (prefix: string) => `${prefix}-${++skuCounter}`;

/** A model (talle × color) and its 2×2 variants, made at the till. */
function edgeGrid(core: TestCore, name: string, categoryId: string | null, price: number) {
  const axes = [
    { name: "Talle", values: ["S", "M"] },
    { name: "Color", values: ["Negro", "Rojo"] },
  ];
  const model = createProduct(core, {
    sku: sku("MOD"),
    name,
    categoryId,
    price,
    ivaRate: 2100,
    unit: "each",
  });
  core.db.prepare("UPDATE products SET variant_axes = ? WHERE id = ?").run(JSON.stringify(axes), model.id);
  updateProduct(core, model.id, {});
  const variants = [];
  for (const talle of axes[0]!.values)
    for (const color of axes[1]!.values) {
      const v = createProduct(core, {
        sku: sku("VAR"),
        name: `${name} ${talle} ${color}`,
        categoryId,
        price,
        ivaRate: 2100,
        unit: "each",
      });
      core.db
        .prepare(
          "UPDATE products SET variant_of = ?, variant_values = ?, price_follows_model = 1 WHERE id = ?",
        )
        .run(model.id, JSON.stringify([talle, color]), v.id);
      updateProduct(core, v.id, {});
      variants.push({ id: v.id, talle, color });
    }
  return { model, variants };
}

const row = (core: TestCore, id: string) =>
  core.db
    .prepare(
      "SELECT name, price, active, category_id, variant_axes, variant_of, variant_values, price_follows_model FROM products WHERE id = ?",
    )
    .get(id) as Record<string, unknown>;

const categoryRows = (core: TestCore) =>
  core.db.prepare("SELECT id, name FROM categories ORDER BY name").all() as { id: string; name: string }[];

const pendingCount = (core: TestCore) =>
  (core.db.prepare("SELECT count(*) AS n FROM product_pending").get() as { n: number }).n +
  (core.db.prepare("SELECT count(*) AS n FROM category_pending").get() as { n: number }).n;

describe("variants and categories between the till and the cloud", () => {
  it("a 2×2 grid born at the till reaches the cloud; the owner's variant price and category rename come back down", async () => {
    const shop = await newShop("grilla");
    const core = till();
    const remeras = createCategory(core, { name: "Remeras" });
    const { model, variants } = edgeGrid(core, "Remera lisa", remeras.id, 10_000_00);

    const up = await upload(core, shop.tills[0]!.token);
    expect(up.status).toBe(200);
    const cloud = await listCloudProducts(db.sql, shop.tenantId);
    const cloudModel = cloud.find((p) => p.id === model.id)!;
    expect(cloudModel.variantAxes).toEqual([
      { name: "Talle", values: ["S", "M"] },
      { name: "Color", values: ["Negro", "Rojo"] },
    ]);
    const cloudVariants = cloud.filter((p) => p.variantOf === model.id);
    expect(cloudVariants.map((v) => v.variantValues).sort()).toEqual([
      ["M", "Negro"],
      ["M", "Rojo"],
      ["S", "Negro"],
      ["S", "Rojo"],
    ]);
    expect(cloudVariants.every((v) => v.priceFollowsModel && v.categoryId === remeras.id)).toBe(true);

    await online(core, shop.tills[0]!.token).ready;
    expect(pendingCount(core)).toBe(0); // the cloud acknowledged every field the till wrote

    const mRojo = variants.find((v) => v.talle === "M" && v.color === "Rojo")!;
    cloudClock.advance(60_000);
    await updateCloudProduct(db.sql, shop.tenantId, mRojo.id, { price: 12_500_00 }, cloudClock);
    await renameCloudCategory(db.sql, shop.tenantId, remeras.id, "Remeras y musculosas", cloudClock);

    await waitFor(() => row(core, mRojo.id).price === 12_500_00);
    expect(row(core, mRojo.id)).toMatchObject({ price_follows_model: 0, variant_of: model.id });
    await waitFor(() => categoryRows(core)[0]?.name === "Remeras y musculosas");
    expect(categoryRows(core)).toEqual([{ id: remeras.id, name: "Remeras y musculosas" }]);
    // Nothing from the cloud went back into the outbox (no echo).
    expect(core.db.prepare("SELECT count(*) AS n FROM outbox").get()).toEqual({ n: 0 });
  });

  it("the owner's change of a model's price moves the variants that follow it, and only those", async () => {
    const shop = await newShop("modelo");
    const core = till();
    const { model, variants } = edgeGrid(core, "Buzo", null, 20_000_00);
    expect((await upload(core, shop.tills[0]!.token)).status).toBe(200);
    await online(core, shop.tills[0]!.token).ready;
    const own = variants[0]!;
    cloudClock.advance(1_000);
    await updateCloudProduct(db.sql, shop.tenantId, own.id, { price: 21_000_00 }, cloudClock);
    cloudClock.advance(1_000);
    await updateCloudProduct(
      db.sql,
      shop.tenantId,
      model.id,
      { price: 25_000_00, name: "Buzo frisa" },
      cloudClock,
    );
    await waitFor(() => row(core, variants[1]!.id).price === 25_000_00);
    expect(row(core, own.id)).toMatchObject({ price: 21_000_00, name: `Buzo frisa S Negro` });
    for (const v of variants.slice(1))
      expect(row(core, v.id)).toMatchObject({ price: 25_000_00, name: `Buzo frisa ${v.talle} ${v.color}` });
    expect(row(core, model.id)).toMatchObject({ price: 25_000_00, name: "Buzo frisa" });
  });

  it("concurrent edits of a variant converge per field on both sides", async () => {
    const shop = await newShop("concurrente");
    const core = till();
    const { variants } = edgeGrid(core, "Campera", null, 50_000_00);
    expect((await upload(core, shop.tills[0]!.token)).status).toBe(200);
    const d = online(core, shop.tills[0]!.token);
    await d.ready;
    d.stop(); // offline
    const v = variants[3]!;
    // The owner takes the variant off sale and sets its price; later, the till sets another price.
    cloudClock.advance(5_000);
    await updateCloudProduct(db.sql, shop.tenantId, v.id, { active: false, price: 51_000_00 }, cloudClock);
    core.clock.set(new Date(cloudClock.now().getTime() + 5_000).toISOString());
    updateProduct(core, v.id, { price: 49_000_00 });
    online(core, shop.tills[0]!.token);
    await waitFor(() => row(core, v.id).active === 0);
    expect(row(core, v.id).price).toBe(49_000_00); // the later till price stays
    expect((await upload(core, shop.tills[0]!.token)).status).toBe(200);
    const cloudRow = (await listCloudProducts(db.sql, shop.tenantId)).find((p) => p.id === v.id)!;
    expect(cloudRow).toMatchObject({ active: false, price: 49_000_00, priceFollowsModel: false });
    await waitFor(() => pendingCount(core) === 0);
    expect(row(core, v.id)).toMatchObject({ active: 0, price: 49_000_00, price_follows_model: 0 });
  });

  it("a variant whose model arrives in a later batch waits, then applies", () => {
    const core = till();
    const hlc = "001777896000000-00000-cloud";
    const base = {
      category_id: null,
      price: 9_000_00n,
      iva_rate: 2100,
      unit: "each",
      barcodes: [],
      scale_code: null,
      low_stock_threshold: null,
      active: true,
      field_hlc: { sku: hlc, name: hlc, price: hlc },
    };
    const modelId = "0196a0b0-0000-7000-8000-00000000a001";
    const variantId = "0196a0b0-0000-7000-8000-00000000a002";
    const message = (value: Record<string, unknown>) =>
      ({ headers: { operation: "insert" }, key: String(value.id), value }) as unknown as ChangeMessage<Row>;
    const variant = {
      ...base,
      id: variantId,
      sku: "SHORT-S",
      name: "Short S",
      variant_axes: null,
      variant_of: modelId,
      variant_values: ["S"],
      price_follows_model: true,
    };
    core.db.transaction(() => applyProductMessages(core, [message(variant)], false))();
    expect(row(core, variantId)).toBeUndefined();
    expect(core.db.prepare("SELECT pk, reason FROM download_rejects").all()).toEqual([
      {
        pk: variantId,
        reason: expect.stringContaining("El modelo de esta variante todavía no llegó") as unknown,
      },
    ]);
    const model = {
      ...base,
      id: modelId,
      sku: "SHORT",
      name: "Short",
      variant_axes: [{ name: "Talle", values: ["S", "M"] }],
      variant_of: null,
      variant_values: null,
      price_follows_model: true,
    };
    const touched = core.db.transaction(() => applyProductMessages(core, [message(model)], false))();
    expect(touched.sort()).toEqual([modelId, variantId].sort());
    expect(row(core, variantId)).toMatchObject({
      variant_of: modelId,
      variant_values: '["S"]',
      price: 9_000_00,
    });
    expect(row(core, modelId)).toMatchObject({ variant_axes: '[{"name":"Talle","values":["S","M"]}]' });
    expect(core.db.prepare("SELECT count(*) AS n FROM download_rejects").get()).toEqual({ n: 0 });
    expect(core.db.prepare("SELECT count(*) AS n FROM outbox").get()).toEqual({ n: 0 });
  });

  it("keeps a till's newer category rename over an older cloud name, and gives way to a newer one", () => {
    const core = till();
    const cat = createCategory(core, { name: "Bebidas" });
    const clockOf = () =>
      (
        core.db.prepare("SELECT hlc FROM category_pending WHERE category_id = ?").get(cat.id) as
          { hlc: string } | undefined
      )?.hlc;
    const created = JSON.parse(
      (core.db.prepare("SELECT payload FROM outbox WHERE entity = 'category'").get() as { payload: string })
        .payload,
    ) as { fieldHlc?: { name?: string } };
    expect(created.fieldHlc?.name).toBe(clockOf()); // the op carries the name's clock
    const cloudRow = (name: string, hlc: string) =>
      ({
        headers: { operation: "update" },
        key: cat.id,
        value: { id: cat.id, name, merged_into: null, field_hlc: { name: hlc } },
      }) as unknown as ChangeMessage<Row>;
    const apply = (m: ChangeMessage<Row>) =>
      core.db.transaction(() => applyCategoryMessages(core, [m], false))();
    apply(cloudRow("Bebidas", clockOf()!)); // the cloud acknowledges the creation
    expect(clockOf()).toBeUndefined();

    // A rename at the till (the op a rename enqueues), then an older cloud name arrives: the till's stays.
    core.clock.set("2026-05-04T13:00:00.000Z");
    core.db.transaction(() => {
      core.db.prepare("UPDATE categories SET name = ? WHERE id = ?").run("Bebidas frías", cat.id);
      enqueueOutbox(core.db, {
        entity: "category",
        entityId: cat.id,
        op: "updated",
        payload: { id: cat.id, name: "Bebidas frías" },
        at: core.clock.now().toISOString(),
      });
    })();
    const renamedAt = clockOf()!;
    apply(cloudRow("Gaseosas", "001777892400000-00000-cloud")); // 2026-05-04T11:00Z
    expect(categoryRows(core)).toEqual([{ id: cat.id, name: "Bebidas frías" }]);
    expect(clockOf()).toBe(renamedAt);
    // A later cloud name wins and the till's rename is done with.
    apply(cloudRow("Bebidas y jugos", "001777903200000-00000-cloud")); // 2026-05-04T14:00Z
    expect(categoryRows(core)).toEqual([{ id: cat.id, name: "Bebidas y jugos" }]);
    expect(clockOf()).toBeUndefined();
  });

  it("the same category name born at two tills converges to one category everywhere", async () => {
    const shop = await newShop("choque", 2);
    const a = till();
    const b = till();
    const bebidasA = createCategory(a, { name: "Bebidas" });
    const colaA = createProduct(a, {
      sku: sku("COLA"),
      name: "Cola",
      categoryId: bebidasA.id,
      price: 1_000_00,
      ivaRate: 2100,
      unit: "each",
    });
    const bebidasB = createCategory(b, { name: "BEBIDAS" });
    const aguaB = createProduct(b, {
      sku: sku("AGUA"),
      name: "Agua",
      categoryId: bebidasB.id,
      price: 800_00,
      ivaRate: 2100,
      unit: "each",
    });
    expect((await upload(a, shop.tills[0]!.token)).status).toBe(200);
    expect((await upload(b, shop.tills[1]!.token)).status).toBe(200);

    // The cloud keeps the one that reached it first; the other is merged into it, with its products.
    const cats = await db.sql.withTenant(shop.tenantId, (q) =>
      q.query<{ id: string; name: string; merged_into: string | null }>(
        "SELECT id, name, merged_into FROM categories ORDER BY name",
      ),
    );
    expect(cats.filter((c) => c.merged_into === null)).toEqual([
      { id: bebidasA.id, name: "Bebidas", merged_into: null },
    ]);
    expect(cats.find((c) => c.id === bebidasB.id)?.merged_into).toBe(bebidasA.id);
    const agua = (await listCloudProducts(db.sql, shop.tenantId)).find((p) => p.id === aguaB.id)!;
    expect(agua.categoryId).toBe(bebidasA.id);

    await Promise.all([online(a, shop.tills[0]!.token).ready, online(b, shop.tills[1]!.token).ready]);
    for (const core of [a, b]) {
      await waitFor(
        () => categoryRows(core).length === 1 && row(core, aguaB.id)?.category_id === bebidasA.id,
      );
      expect(categoryRows(core)).toEqual([{ id: bebidasA.id, name: "Bebidas" }]);
      expect(row(core, colaA.id).category_id).toBe(bebidasA.id);
      await waitFor(() => pendingCount(core) === 0);
    }
    // A later edit at till B names the category that stayed, and nothing is parked anywhere.
    updateProduct(b, aguaB.id, { price: 850_00 });
    expect((await upload(b, shop.tills[1]!.token)).status).toBe(200);
    expect((await listCloudProducts(db.sql, shop.tenantId)).find((p) => p.id === aguaB.id)).toMatchObject({
      price: 850_00,
      categoryId: bebidasA.id,
    });
  });
});

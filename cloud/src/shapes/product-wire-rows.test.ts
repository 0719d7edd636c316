import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { v7 as uuidv7 } from "uuid";
import { createCloudProduct, updateCloudProduct } from "../catalog/products.js";
import { ManualClock } from "../core/clock.js";
import type { Queryable } from "../db/sql.js";
import { OpFactory } from "../ingest/test-ops.js";
import {
  enrolledAppliance,
  ingest,
  openTestCloud,
  ownerWithStore,
  type TestCloud,
} from "../test-support/test-cloud.js";
import { createTestDatabase, type TestDatabase } from "../test-support/test-database.js";
import { readSnapshot, type ShapeScope } from "./shape-log.js";
import { SHAPE_TABLES, textRowSql, withCompactClocks } from "./shape-tables.js";

let db: TestDatabase;
let cloud: TestCloud;
let shop: Awaited<ReturnType<typeof ownerWithStore>>;
let till: Awaited<ReturnType<typeof enrolledAppliance>>;
const clock = new ManualClock();
const products = SHAPE_TABLES.products;

beforeAll(async () => {
  db = await createTestDatabase();
  cloud = await openTestCloud(db.sql);
  shop = await ownerWithStore(db.sql, cloud, "wire");
  till = await enrolledAppliance(cloud, shop.token, shop.storeId);
});
afterAll(async () => {
  await cloud.close();
  await db.drop();
});

const scope = (): ShapeScope => ({
  tenantId: shop.tenantId,
  storeId: shop.storeId,
  table: products,
  columns: Object.keys(products.columns),
  compactClocks: true,
});

/** Every row as the snapshot built it before 0046: from the row itself, clocks compacted in Node. */
async function builtRows(q: Queryable): Promise<Map<string, string>> {
  const rows = await q.query<{ pk: string; value: string; clocks: unknown }>(
    `SELECT s.r ->> 'id' AS pk, ${textRowSql(products, scope().columns, "s.r", true)} AS value,
            s.r -> 'field_hlc' AS clocks
       FROM (SELECT ${products.storeView!.row} AS r FROM products t ${products.storeView!.join}
              WHERE ${products.storeFilter}) s`,
    [shop.storeId],
  );
  return new Map(rows.map((r) => [r.pk, withCompactClocks(r.value, r.clocks)]));
}

/** The snapshot's rows (precomputed texts where they apply) beside the rows built from scratch. */
async function snapshotAndBuilt(setup?: (q: Queryable) => Promise<unknown>) {
  return db.sql.withTenant(shop.tenantId, async (q) => {
    await setup?.(q);
    const { rows } = await readSnapshot(q, scope());
    const wire = await q.query<{ id: string; text: string }>(
      "SELECT product_id::text AS id, wire_text AS text FROM product_wire_rows",
    );
    return {
      snapshot: new Map(rows.map((r) => [r.pk, r.value])),
      built: await builtRows(q),
      wire: new Map(wire.map((w) => [w.id, w.text])),
    };
  });
}

describe("products' precomputed snapshot text (cloud 0046)", () => {
  it("stays equal to the row built from scratch after each kind of product write", async () => {
    // Dashboard: created with barcodes, then edited (one field's clock moves ahead of the rest).
    const yerba = await createCloudProduct(
      db.sql,
      shop.tenantId,
      {
        sku: "YER-1",
        name: 'Yerba "Suave" 1 kg',
        price: 450_000,
        ivaRate: 2100,
        unit: "each",
        barcodes: ["7790387000011"],
      },
      clock,
    );
    clock.advance(60_000);
    await updateCloudProduct(
      db.sql,
      shop.tenantId,
      yerba.id,
      { price: 470_000, barcodes: ["7790387000011", "1"] },
      clock,
    );
    // A till's product (this store's own, through ingest and the product projection).
    const ops = new OpFactory();
    const tillProduct = uuidv7();
    expect(
      (await ingest(cloud, till.token, [ops.product(tillProduct, { name: "Café ñandú", scaleCode: 12 })]))
        .statusCode,
    ).toBe(200);
    // A variant model and one variant, and clocks with a field outside the compact mask, set in SQL
    // as a category merge or a migration would.
    const model = await createCloudProduct(
      db.sql,
      shop.tenantId,
      { sku: "REM-1", name: "Remera", price: 1_000, ivaRate: 2100, unit: "each" },
      clock,
    );
    const variant = await createCloudProduct(
      db.sql,
      shop.tenantId,
      { sku: "REM-1-S", name: "Remera S", price: 1_000, ivaRate: 2100, unit: "each" },
      clock,
    );
    await db.sql.withTenant(shop.tenantId, (q) =>
      q.query(
        `UPDATE products SET variant_axes = '[{"name": "Talle", "values": ["S"]}]'::jsonb WHERE id = $1;`,
        [model.id],
      ),
    );
    await db.sql.withTenant(shop.tenantId, (q) =>
      q.query(
        `UPDATE products SET variant_of = $2, variant_values = '["S"]'::jsonb, active = false, category_id = 'cat-x',
                field_hlc = field_hlc || '{"futureField": "000001772452800999-00000-zz", "active": "000001772452800999-00000-zz"}'
          WHERE id = $1`,
        [variant.id, model.id],
      ),
    );

    const after = await snapshotAndBuilt();
    expect(after.snapshot.size).toBe(4);
    expect(after.snapshot).toEqual(after.built);
    // The snapshot served the stored texts themselves.
    expect(after.wire).toEqual(after.snapshot);
    expect(JSON.parse(after.snapshot.get(variant.id)!)).toMatchObject({ active: "f", variant_of: model.id });

    // This store's price override: its row is built (the text is the tenant's), and still equal.
    const overridden = await snapshotAndBuilt((q) =>
      q.query(
        `INSERT INTO product_store_overrides (tenant_id, store_id, product_id, price, active, field_hlc, updated_at)
         VALUES ($1, $2, $3, 999, NULL, '{"price": "000001772452900000-00000-ff"}', now())`,
        [shop.tenantId, shop.storeId, yerba.id],
      ),
    );
    expect(overridden.snapshot).toEqual(overridden.built);
    expect(JSON.parse(overridden.snapshot.get(yerba.id)!)).toMatchObject({ price: "999" });

    // A session in another time zone writes timestamps with another offset: its rows are built too.
    const elsewhere = await snapshotAndBuilt((q) =>
      q.query("SET LOCAL TimeZone = 'America/Argentina/Buenos_Aires'"),
    );
    expect(elsewhere.snapshot).toEqual(elsewhere.built);
    expect(elsewhere.snapshot.get(tillProduct)).toContain("-03");
    expect(elsewhere.wire.get(tillProduct)).not.toEqual(elsewhere.snapshot.get(tillProduct));

    // Deleted: its text goes with it.
    const deleted = await snapshotAndBuilt((q) =>
      q.query("DELETE FROM products WHERE id = $1", [variant.id]),
    );
    expect([...deleted.wire.keys()].sort()).toEqual([...deleted.snapshot.keys()].sort());
    expect(deleted.snapshot).toEqual(deleted.built);
  });
});

import { MAX_AMOUNT, PRODUCT_NAME_MAX } from "@mostrador/contracts/limits";
import { v7 as uuidv7 } from "uuid";
import { beforeAll, describe, expect, it } from "vitest";
import { OpFactory } from "../ingest/test-ops.js";
import {
  bearer,
  enrolledAppliance,
  ingest as ingestAs,
  ownerWithStore,
  useTestCloud,
} from "../test-support/test-cloud.js";

/**
 * The till and the cloud share one set of limits (contracts/limits). A price the till accepts must be
 * one the cloud stores: before, a till product priced between $ 1.000 millones and $ 10.000 millones
 * was refused at ingest and parked at its appliance for ever.
 */
const t = useTestCloud();
let shop: Awaited<ReturnType<typeof ownerWithStore>>;
let till: Awaited<ReturnType<typeof enrolledAppliance>>;
const f = new OpFactory();

beforeAll(async () => {
  shop = await ownerWithStore(t.db.sql, t.cloud, "lim");
  till = await enrolledAppliance(t.cloud, shop.token, shop.storeId);
});

const productOp = (price: number) => f.product(uuidv7(), { name: "Tractor", price });
const ingest = (ops: unknown[]) => ingestAs(t.cloud, till.token, ops);

describe("one price limit on the till and in the cloud", () => {
  it("stores a till product priced anywhere up to the till's own limit", async () => {
    for (const price of [500_000_000_000, MAX_AMOUNT]) {
      const op = productOp(price);
      expect((await ingest([op])).statusCode).toBe(200);
      const [row] = await t.db.owner.query<{ price: number }>("SELECT price FROM products WHERE id = $1", [
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
      t.db.owner.query(
        `INSERT INTO products (tenant_id, id, sku, name, price, iva_rate, unit, field_hlc, updated_at)
         VALUES ($1, $2, 'X-1', 'X', $3, 2100, 'each', '{}', now())`,
        [till.tenantId, uuidv7(), MAX_AMOUNT + 1],
      ),
    ).rejects.toThrow(/products_price_check/);
    await expect(
      t.db.owner.query(
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
      t.cloud.app.inject({
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

import { PurchasingAnswer } from "@mostrador/contracts/http/cloud-purchasing";
import { describe, expect, it } from "vitest";
import { storesInScope } from "../dashboard/store-scope.js";
import { OpFactory } from "../ingest/test-ops.js";
import { expectAnswer } from "@mostrador/contracts/http/test-contract-check";
import { recentCounts, recentPurchases, storeValuations } from "./dashboard.js";
import {
  bearer,
  enrolledAppliance,
  ingest,
  json,
  ownerWithStore,
  useTestCloud,
} from "../test-support/test-cloud.js";

const t = useTestCloud();

describe("purchasing projection and dashboard", () => {
  it("projects a supplier, an order and its receipts; the dashboard values stock at the latest average cost", async () => {
    const { db, cloud } = t;
    const a = await ownerWithStore(db.sql, cloud, "compras");
    const appliance = await enrolledAppliance(cloud, a.token, a.storeId);
    const f = new OpFactory();
    const at = (s: number) => new Date(Date.parse("2026-03-02T12:00:00Z") + s * 1000).toISOString();
    const supplier = {
      id: "sup-1",
      name: "Distribuidora Sur",
      cuit: "20-12345678-6",
      contact: null,
      phone: null,
      email: null,
      paymentTerms: "30 días",
      leadTimeDays: 7,
      notes: null,
      active: true,
      at: at(1),
    };
    const order = {
      id: "po-1",
      number: 1,
      supplierId: "sup-1",
      lines: [{ productId: "p-yerba", quantity: 10, unitCost: 1_000, received: 0 }],
      total: 10_000,
      note: null,
    };
    const receipt = (id: string, quantity: number, unitCost: number, averageCost: number, s: number) => ({
      id,
      orderId: "po-1",
      supplierId: "sup-1",
      lines: [{ productId: "p-yerba", quantity, unitCost, averageCost, stockMovementId: `m-${id}` }],
      total: quantity * unitCost,
      staffId: null,
      at: at(s),
    });
    const movement = (id: string, quantity: number, s: number) =>
      f.op("stock_movement", `m-${id}`, "created", {
        id: `m-${id}`,
        productId: "p-yerba",
        quantity,
        reason: "receipt",
        at: at(s),
      });
    const ops = [
      f.op("supplier", "sup-1", "created", supplier),
      f.op("purchase_order", "po-1", "created", { ...order, status: "draft", at: at(2) }),
      f.op("purchase_order", "po-1", "sent", { ...order, status: "sent", at: at(3) }),
      movement("r1", 4, 4),
      f.op("purchase_receipt", "r1", "created", receipt("r1", 4, 1_000, 1_000, 4)),
      movement("r2", 6, 5),
      f.op("purchase_receipt", "r2", "created", receipt("r2", 6, 1_500, 1_300, 5)),
      f.op("purchase_order", "po-1", "received", { ...order, status: "received", at: at(5) }),
    ];
    // The later half first, then the earlier: the newest state wins whatever order batches arrive in.
    expect((await ingest(cloud, appliance.token, ops.slice(4))).statusCode).toBe(200);
    expect((await ingest(cloud, appliance.token, ops.slice(0, 4))).statusCode).toBe(200);
    // A retry of everything changes nothing.
    expect((await ingest(cloud, appliance.token, ops)).statusCode).toBe(200);

    const res = await cloud.app.inject({
      method: "GET",
      url: "/v1/dashboard/purchasing",
      headers: bearer(a.token),
    });
    // The contract: the answer validates and is the domain's value whole (nothing dropped by the serializer).
    const domain = await db.sql.withTenant(a.tenantId, async (q) => {
      const stores = await storesInScope(q, null);
      return {
        valuation: await storeValuations(q, stores),
        ...(await recentPurchases(q, stores, 50)),
        counts: await recentCounts(q, stores, 50),
      };
    });
    expectAnswer(PurchasingAnswer, res, 200, domain);
    const answer = json<PurchasingAnswer>(res);
    expect(answer.valuation).toEqual([
      {
        storeId: a.storeId,
        storeName: "Local compras",
        total: 13_000,
        withoutCost: 0,
        categories: [{ categoryId: null, categoryName: null, value: 13_000 }],
      },
    ]);
    expect(answer.orders).toEqual([
      expect.objectContaining({
        id: "po-1",
        number: 1,
        supplierName: "Distribuidora Sur",
        status: "received",
        total: 10_000,
      }),
    ]);
    expect(answer.receipts.map((r) => [r.id, r.total, r.orderNumber])).toEqual([
      ["r2", 9_000, 1],
      ["r1", 4_000, 1],
    ]);
  });

  it("another tenant sees none of it, and a bad payload is refused by the ingest's schema", async () => {
    const { db, cloud } = t;
    const b = await ownerWithStore(db.sql, cloud, "otro");
    const appliance = await enrolledAppliance(cloud, b.token, b.storeId);
    const res = await cloud.app.inject({
      method: "GET",
      url: "/v1/dashboard/purchasing",
      headers: bearer(b.token),
    });
    expect(json<PurchasingAnswer>(res)).toMatchObject({
      counts: [],
      orders: [],
      receipts: [],
      valuation: [{ total: 0 }],
    });
    const bad = new OpFactory().rawOp("purchase_receipt", "r9", "created", {
      id: "r9",
      orderId: null,
      supplierId: null,
      lines: [{ productId: "p", quantity: 1, unitCost: -5, averageCost: 0, stockMovementId: "m" }],
      total: 0,
      staffId: null,
      at: "2026-03-02T12:00:00Z",
    });
    const refused = await ingest(cloud, appliance.token, [bad]);
    expect(refused.statusCode).toBe(422);
    expect(json<{ rejected: { id: string }[] }>(refused).rejected.map((r) => r.id)).toEqual([bad.id]);
    const after = await cloud.app.inject({
      method: "GET",
      url: "/v1/dashboard/purchasing",
      headers: bearer(b.token),
    });
    expect(json<PurchasingAnswer>(after).receipts).toEqual([]);
  });

  it("a cost set by hand (product_cost/updated) values the stock; a late older cost changes nothing", async () => {
    const { db, cloud } = t;
    const c = await ownerWithStore(db.sql, cloud, "costos");
    const appliance = await enrolledAppliance(cloud, c.token, c.storeId);
    const f = new OpFactory();
    const at = (s: number) => new Date(Date.parse("2026-03-02T12:00:00Z") + s * 1000).toISOString();
    const cost = (averageCost: number, s: number) =>
      f.op("product_cost", "p-arroz", "updated", {
        productId: "p-arroz",
        averageCost,
        source: "import",
        at: at(s),
      });
    const moved = f.op("stock_movement", "m-arroz", "created", {
      id: "m-arroz",
      productId: "p-arroz",
      quantity: 5,
      reason: "count",
      at: at(1),
    });
    expect((await ingest(cloud, appliance.token, [moved, cost(1_000, 3)])).statusCode).toBe(200);
    expect((await ingest(cloud, appliance.token, [cost(500, 2)])).statusCode).toBe(200);
    const res = await cloud.app.inject({
      method: "GET",
      url: "/v1/dashboard/purchasing",
      headers: bearer(c.token),
    });
    expect(json<PurchasingAnswer>(res).valuation).toMatchObject([{ total: 5_000, withoutCost: 0 }]);
    const bad = new OpFactory().rawOp("product_cost", "p-arroz", "updated", {
      productId: "p-arroz",
      averageCost: -1,
      source: "import",
      at: at(9),
    });
    expect((await ingest(cloud, appliance.token, [bad])).statusCode).toBe(422);
  });
});

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeProduct } from "../catalog/test-catalog.js";
import { bearer, openTestApi, type TestApi } from "../api/test-api.js";

const TABLES = [
  "suppliers",
  "purchase_orders",
  "purchase_order_lines",
  "purchase_receipts",
  "purchase_receipt_lines",
  "product_costs",
  "stock_movements",
  "outbox",
];

describe("purchasing API", () => {
  let t: TestApi;
  let manager: { authorization: string };
  let cashier: { authorization: string };
  beforeEach(async () => {
    t = await openTestApi();
    manager = bearer(t.tokenFor("manager", "Martín"));
    cashier = bearer(t.tokenFor("cashier", "Lucía"));
  });
  afterEach(async () => t.close());

  const snapshot = () => TABLES.map((table) => t.core.db.prepare(`SELECT * FROM ${table}`).all());
  const post = (url: string, payload: unknown, headers = manager) =>
    t.app.inject({ method: "POST", url: `/api${url}`, headers, payload: payload as object });
  const get = (url: string) => t.app.inject({ method: "GET", url: `/api${url}`, headers: cashier });

  it("a supplier, an order sent and received in two parts: stock, cost and valuation follow", async () => {
    const p = makeProduct(t.core);
    const supplier = await post("/suppliers", {
      name: "Distribuidora Sur",
      cuit: "20123456786",
      phone: "011 4444-5555",
    });
    expect(supplier.statusCode).toBe(201);
    expect(supplier.json()).toMatchObject({ cuit: "20-12345678-6", leadTimeDays: 7 });
    const order = await post("/purchase-orders", {
      supplierId: supplier.json().id,
      lines: [{ productId: p.id, quantity: 10, unitCost: 1_000 }],
    });
    expect(order.statusCode).toBe(201);
    const id = order.json().id as string;
    expect((await post(`/purchase-orders/${id}/send`, {})).json().status).toBe("sent");
    const first = await post("/purchase-receipts", {
      orderId: id,
      lines: [{ productId: p.id, quantity: 4, unitCost: 1_000 }],
    });
    expect(first.statusCode).toBe(201);
    expect(first.json().order.status).toBe("partly_received");
    const second = await post("/purchase-receipts", {
      orderId: id,
      lines: [{ productId: p.id, quantity: 6, unitCost: 1_500 }],
    });
    expect(second.json()).toMatchObject({
      total: 9_000,
      lines: [{ averageCost: 1_300, onHand: 10 }],
      order: { status: "received" },
    });
    expect((await get("/stock/valuation")).json()).toMatchObject({ total: 13_000, withoutCost: 0 });
    expect((await get("/purchase-orders")).json()[0]).toMatchObject({ id, status: "received" });
    expect((await get("/suppliers")).json()).toHaveLength(1);
  });

  it("refuses a negative cost, a zero quantity, an unknown product and a bad CUIT with a 400 in Spanish, changing nothing", async () => {
    const p = makeProduct(t.core);
    const s = (await post("/suppliers", { name: "Sur" })).json();
    const before = snapshot();
    const cases: [string, unknown, RegExp][] = [
      ["/purchase-receipts", { lines: [{ productId: p.id, quantity: 1, unitCost: -1 }] }, /./],
      ["/purchase-receipts", { lines: [{ productId: p.id, quantity: 0, unitCost: 1 }] }, /./],
      [
        "/purchase-receipts",
        { lines: [{ productId: "no-existe", quantity: 1, unitCost: 1 }] },
        /producto no existe/,
      ],
      [
        "/purchase-orders",
        { supplierId: s.id, lines: [{ productId: p.id, quantity: 1, unitCost: -5 }] },
        /./,
      ],
      [
        "/purchase-orders",
        { supplierId: s.id, lines: [{ productId: "no-existe", quantity: 1, unitCost: 5 }] },
        /producto no existe/,
      ],
      ["/purchase-orders", { supplierId: s.id, lines: [] }, /./],
      ["/suppliers", { name: "Otro", cuit: "20-12345678-5" }, /dígito verificador/],
      ["/suppliers", { name: "Otro", cuit: "abc" }, /11 dígitos/],
    ];
    for (const [url, payload, message] of cases) {
      const res = await post(url, payload);
      expect(res.statusCode, `${url} ${JSON.stringify(payload)}`).toBe(400);
      expect(res.json().error.message).toMatch(message);
    }
    expect(snapshot()).toEqual(before);
  });

  it("a cashier reads but cannot create suppliers, orders or receipts", async () => {
    const p = makeProduct(t.core);
    const before = snapshot();
    expect((await post("/suppliers", { name: "Sur" }, cashier)).statusCode).toBe(403);
    expect(
      (await post("/purchase-receipts", { lines: [{ productId: p.id, quantity: 1, unitCost: 1 }] }, cashier))
        .statusCode,
    ).toBe(403);
    expect((await get("/stock/reorder")).statusCode).toBe(200);
    expect(snapshot()).toEqual(before);
  });

  it("an unknown order is a 404 on its page and receiving more than ordered is a 409", async () => {
    const p = makeProduct(t.core);
    expect((await get("/purchase-orders/no-existe")).statusCode).toBe(404);
    const s = (await post("/suppliers", { name: "Sur" })).json();
    const order = (
      await post("/purchase-orders", {
        supplierId: s.id,
        lines: [{ productId: p.id, quantity: 1, unitCost: 1 }],
      })
    ).json();
    await post(`/purchase-orders/${order.id}/send`, {});
    const over = await post("/purchase-receipts", {
      orderId: order.id,
      lines: [{ productId: p.id, quantity: 2, unitCost: 1 }],
    });
    expect(over.statusCode).toBe(409);
    expect(over.json().error.code).toBe("over_received");
  });

  it("turns low-stock lines into a draft order in one step", async () => {
    const p = makeProduct(t.core, { lowStockThreshold: 3 });
    const s = (await post("/suppliers", { name: "Sur" })).json();
    const [item] = (await get("/stock/reorder")).json();
    expect(item).toMatchObject({ productId: p.id, suggested: 3 });
    const order = await post("/purchase-orders/from-low-stock", {
      supplierId: s.id,
      lines: [{ productId: p.id, quantity: item.suggested }],
    });
    expect(order.statusCode).toBe(201);
    expect(order.json()).toMatchObject({
      status: "draft",
      lines: [{ productId: p.id, quantity: 3, unitCost: 0 }],
    });
  });
});

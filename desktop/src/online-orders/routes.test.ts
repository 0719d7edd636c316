import { OnlineOrderDetail, OnlineOrdersAnswer } from "@mostrador/contracts/http/online-orders";
import { Value } from "@sinclair/typebox/value";
import { v7 as uuidv7 } from "uuid";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bearer, openTestApi, type TestApi } from "../api/test-api.js";
import { createProduct } from "../catalog/product-writes.js";
import { openCashSessionRow, writeCounts } from "../pos/test-fixtures.js";

let t: TestApi;
beforeEach(async () => {
  t = await openTestApi();
});
afterEach(async () => t.close());

function seed(status: string, placedAt: string, productId: string | null = null) {
  const id = uuidv7();
  t.core.db
    .prepare(
      `INSERT INTO online_orders (id, channel, remote_order_id, number, status, buyer_name, total, lines, placed_at, updated_at)
       VALUES (?, 'mercadolibre', ?, ?, ?, 'Juan Pérez', 900000, ?, ?, ?)`,
    )
    .run(
      id,
      id.slice(-8),
      id.slice(-4),
      status,
      JSON.stringify([
        {
          productId,
          remoteProductId: "MLA1",
          remoteVariantId: "",
          sku: null,
          title: "Taza",
          quantity: 2,
          unitPrice: 450000,
        },
      ]),
      placedAt,
      placedAt,
    );
  return id;
}

describe("GET /api/online-orders", () => {
  it("lists the orders newest first, by status, and shows one with its lines", async () => {
    const older = seed("paid", "2026-03-02T10:00:00.000Z");
    const newer = seed("cancelled", "2026-03-02T11:00:00.000Z");
    const headers = bearer(t.tokenFor("cashier"));
    const all = await t.app.inject({ url: "/api/online-orders", headers });
    expect(Value.Check(OnlineOrdersAnswer, all.json())).toBe(true);
    expect(all.json<{ orders: { id: string }[] }>().orders.map((o) => o.id)).toEqual([newer, older]);
    const paid = await t.app.inject({ url: "/api/online-orders?status=paid", headers });
    expect(paid.json<{ orders: { id: string }[] }>().orders.map((o) => o.id)).toEqual([older]);
    const one = await t.app.inject({ url: `/api/online-orders/${older}`, headers });
    expect(Value.Check(OnlineOrderDetail, one.json())).toBe(true);
    expect(one.json()).toMatchObject({
      buyerName: "Juan Pérez",
      total: 900000,
      lines: [{ title: "Taza", quantity: 2, productName: null }],
    });
  });

  it("refuses a bad status, an unknown order, and a caller without a session", async () => {
    const headers = bearer(t.tokenFor("cashier"));
    expect((await t.app.inject({ url: "/api/online-orders?status=shipped", headers })).statusCode).toBe(400);
    const missing = await t.app.inject({ url: `/api/online-orders/${uuidv7()}`, headers });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.message).toBe("Ese pedido online no existe");
    expect((await t.app.inject({ url: "/api/online-orders" })).statusCode).toBe(401);
  });
});

describe("POST /api/online-orders/:id/prepare and /return", () => {
  it("prepares a paid order into a sale once; refuses an unknown, a prepared and a cancelled order, writing nothing", async () => {
    const headers = bearer(t.tokenFor("cashier", "Lucía"));
    const cashierId = t.core.db.prepare("SELECT id FROM staff WHERE name = 'Lucía'").pluck().get() as string;
    const taza = createProduct(t.core, {
      sku: "TAZA",
      name: "Taza",
      price: 400_000,
      ivaRate: 2100,
      unit: "each",
    });
    const paid = seed("paid", "2026-03-02T10:00:00.000Z", taza.id);
    const cancelled = seed("cancelled", "2026-03-02T11:00:00.000Z", taza.id);
    const post = (id: string, what = "prepare") =>
      t.app.inject({ method: "POST", url: `/api/online-orders/${id}/${what}`, headers, payload: {} });

    const closed = await post(paid);
    expect(closed.statusCode).toBe(409);
    expect(closed.json().error.message).toBe("La caja está cerrada: abrila antes de cobrar");
    openCashSessionRow(t.core, t.terminal.id, cashierId);
    const before = writeCounts(t.core);
    expect((await post(uuidv7())).statusCode).toBe(404);
    const refused = await post(cancelled);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toMatch(/está cancelado en el canal/);
    expect((await post(paid, "return")).statusCode).toBe(409);
    expect(writeCounts(t.core)).toEqual(before);

    const sold = await post(paid);
    expect(sold.statusCode).toBe(201);
    expect(sold.json()).toMatchObject({ total: 900000, payments: [{ method: "online", amount: 900000 }] });
    const again = writeCounts(t.core);
    const twice = await post(paid);
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.message).toMatch(/ya se preparó/);
    expect(writeCounts(t.core)).toEqual(again);
    const one = await t.app.inject({ url: `/api/online-orders/${paid}`, headers });
    expect(Value.Check(OnlineOrderDetail, one.json())).toBe(true);
    expect(one.json()).toMatchObject({ prepared: true, reserved: false, sale: { id: sold.json().id } });
  });
});

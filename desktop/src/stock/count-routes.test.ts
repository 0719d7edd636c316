import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeProduct } from "../catalog/test-catalog.js";
import { bearer, openTestApi, type TestApi } from "../api/test-api.js";
import { insertStockMovements } from "./movements.js";

const TABLES = ["stock_counts", "stock_count_products", "stock_count_entries", "stock_movements", "outbox"];

describe("stock counts API", () => {
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

  async function openCount() {
    const p = makeProduct(t.core);
    insertStockMovements(t.core.db, [
      {
        productId: p.id,
        quantity: 10,
        reason: "receipt",
        refId: null,
        staffId: null,
        at: t.core.clock.now().toISOString(),
      },
    ]);
    const res = await post("/stock-counts", { scope: "products", productIds: [p.id] });
    expect(res.statusCode).toBe(201);
    return { product: p, id: res.json().count.id as string };
  }

  it("a cashier counts, a retry answers 200 with nothing added, a manager approves the difference", async () => {
    const { product, id } = await openCount();
    const entry = { clientId: "caja1-000001", productId: product.id, quantity: 7 };
    const first = await post(`/stock-counts/${id}/entries`, entry, cashier);
    expect(first.statusCode).toBe(201);
    const retry = await post(`/stock-counts/${id}/entries`, entry, cashier);
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toMatchObject({
      created: false,
      line: { counted: 7, expected: 10, difference: -3 },
    });
    expect((await post(`/stock-counts/${id}/approve`, {}, cashier)).statusCode).toBe(403);
    const approved = await post(`/stock-counts/${id}/approve`, {});
    expect(approved.statusCode).toBe(200);
    expect(approved.json().lines[0].product.onHand).toBe(7);
    const list = await t.app.inject({ method: "GET", url: "/api/stock-counts", headers: cashier });
    expect(list.json()).toMatchObject([{ status: "approved", products: 1, counted: 1 }]);
  });

  it("refuses bad input with a clear Spanish error and changes nothing", async () => {
    const { product, id } = await openCount();
    const other = makeProduct(t.core, { name: "Fuera del conteo" });
    const before = snapshot();
    const cases: [string, unknown, number, RegExp][] = [
      [
        `/stock-counts/${id}/entries`,
        { clientId: "c-00000001", productId: product.id, quantity: -1 },
        400,
        /./,
      ],
      [
        `/stock-counts/${id}/entries`,
        { clientId: "c-00000001", productId: product.id, quantity: 1.5 },
        400,
        /./,
      ],
      [
        `/stock-counts/${id}/entries`,
        { clientId: "c-00000001", productId: "no-existe", quantity: 1 },
        404,
        /producto no existe/,
      ],
      [
        `/stock-counts/${id}/entries`,
        { clientId: "c-00000001", productId: other.id, quantity: 1 },
        400,
        /no está en el conteo/,
      ],
      [`/stock-counts/${id}/entries`, { productId: product.id, quantity: 1 }, 400, /./],
      [
        "/stock-counts/no-existe/entries",
        { clientId: "c-00000001", productId: product.id, quantity: 1 },
        404,
        /conteo no existe/,
      ],
      ["/stock-counts", { scope: "category" }, 400, /categoría/],
      ["/stock-counts", { scope: "shelf" }, 400, /./],
    ];
    for (const [url, payload, status, message] of cases) {
      const res = await post(url, payload);
      expect(res.statusCode, `${url} ${JSON.stringify(payload)}`).toBe(status);
      expect(res.json().error.message).toMatch(message);
    }
    expect(snapshot()).toEqual(before);
  });

  it("approving twice, or approving a cancelled count, is a clear 409 and changes nothing", async () => {
    const { product, id } = await openCount();
    await post(`/stock-counts/${id}/entries`, {
      clientId: "c-00000001",
      productId: product.id,
      quantity: 12,
    });
    expect((await post(`/stock-counts/${id}/approve`, {})).statusCode).toBe(200);
    const before = snapshot();
    const again = await post(`/stock-counts/${id}/approve`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({
      code: "count_approved",
      message: "El conteo 1 ya fue aprobado",
    });
    expect((await post(`/stock-counts/${id}/cancel`, {})).statusCode).toBe(409);
    expect(snapshot()).toEqual(before);

    const second = await openCount();
    expect((await post(`/stock-counts/${second.id}/cancel`, {})).json().count.status).toBe("cancelled");
    expect((await post(`/stock-counts/${second.id}/approve`, {})).json().error.code).toBe("count_cancelled");
  });
});

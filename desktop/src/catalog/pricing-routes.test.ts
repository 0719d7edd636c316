import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bearer, openTestApi, type TestApi } from "../api/test-api.js";
import { createCategory } from "./categories.js";
import { catalogSnapshot, makeProduct } from "./test-catalog.js";

describe("bulk prices API", () => {
  let t: TestApi;
  let manager: { authorization: string };
  let cashier: { authorization: string };
  beforeEach(async () => {
    t = await openTestApi();
    manager = bearer(t.tokenFor("manager", "Martín"));
    cashier = bearer(t.tokenFor("cashier", "Lucía"));
  });
  afterEach(async () => t.close());

  const post = (url: string, payload: unknown, headers = manager) =>
    t.app.inject({ method: "POST", url: `/api${url}`, headers, payload: payload as object });

  it("previews, applies the same rows, and shows them in the product's price history", async () => {
    const c = createCategory(t.core, { name: "Almacén" });
    const p = makeProduct(t.core, { price: 99_900, categoryId: c.id });
    const body = { target: "category", categoryId: c.id, mode: "percent", amount: 1000, rounding: "end9" };
    const preview = await post("/prices/bulk/preview", body);
    expect(preview.statusCode).toBe(200);
    expect(preview.json().rows).toEqual([expect.objectContaining({ oldPrice: 99_900, newPrice: 109_900 })]);
    const applied = await post("/prices/bulk", body);
    expect(applied.json().rows).toEqual(preview.json().rows);
    const history = await t.app.inject({
      method: "GET",
      url: `/api/products/${p.id}/price-history`,
      headers: cashier,
    });
    expect(history.json()).toEqual([
      expect.objectContaining({ oldPrice: 99_900, newPrice: 109_900, source: "bulk", staffName: "Martín" }),
    ]);
  });

  it("refuses bad input and a cashier, changing nothing", async () => {
    const c = createCategory(t.core, { name: "Almacén" });
    makeProduct(t.core, { price: 1_000, categoryId: c.id });
    const before = catalogSnapshot(t.core);
    const bad: [unknown, number][] = [
      [{ target: "category", categoryId: c.id, mode: "percent", amount: -20_000 }, 400],
      [{ target: "category", categoryId: c.id, mode: "percent", amount: 1.5 }, 400],
      [{ target: "category", categoryId: c.id, mode: "amount", amount: 10, rounding: "end7" }, 400],
      [{ target: "category", categoryId: "no-existe", mode: "amount", amount: 10 }, 404],
      [{ target: "products", productIds: ["no-existe"], mode: "amount", amount: 10 }, 404],
    ];
    for (const [payload, status] of bad) {
      const res = await post("/prices/bulk", payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(status);
      expect(res.json().error.message).toEqual(expect.any(String));
    }
    const body = { target: "category", categoryId: c.id, mode: "amount", amount: 100 };
    expect((await post("/prices/bulk", body, cashier)).statusCode).toBe(403);
    expect(catalogSnapshot(t.core)).toEqual(before);
  });

  it("rounds to the shop's price endings set in the settings, and refuses an unknown ending there", async () => {
    const owner = bearer(t.tokenFor("owner", "Olga"));
    const c = createCategory(t.core, { name: "Almacén" });
    makeProduct(t.core, { price: 100_000, categoryId: c.id });
    const bad = await t.app.inject({
      method: "PATCH",
      url: "/api/settings",
      headers: owner,
      payload: { priceRounding: "end7" },
    });
    expect(bad.statusCode).toBe(400);
    const ok = await t.app.inject({
      method: "PATCH",
      url: "/api/settings",
      headers: owner,
      payload: { priceRounding: "end99" },
    });
    expect(ok.json().priceRounding).toBe("end99");
    const preview = await post("/prices/bulk/preview", {
      target: "category",
      categoryId: c.id,
      mode: "percent",
      amount: 500,
    });
    expect(preview.json()).toMatchObject({
      rounding: "end99",
      rows: [{ oldPrice: 100_000, newPrice: 109_900 }],
    });
  });
});

import { BarList, BarSchema } from "@mostrador/contracts/http/bar";
import { Value } from "@sinclair/typebox/value";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCategory } from "../catalog/categories.js";
import { createProduct } from "../catalog/product-writes.js";
import { updateProduct } from "../catalog/product-writes.js";
import { bearer, openTestApi, type TestApi } from "../api/test-api.js";

describe("/api/bars: the bar screen's button layouts", () => {
  let t: TestApi;
  let manager: Record<string, string>;
  let cashier: Record<string, string>;
  let bebidas: { id: string };
  let tragos: { id: string };
  let fernet: { id: string };
  let cerveza: { id: string };
  let agua: { id: string };
  let queso: { id: string };

  beforeEach(async () => {
    t = await openTestApi();
    manager = bearer(t.tokenFor("manager", "Marcos Encargado"));
    cashier = bearer(t.tokenFor("cashier", "Carla Cajera"));
    bebidas = createCategory(t.core, { name: "Bebidas" });
    tragos = createCategory(t.core, { name: "Tragos" });
    const product = (
      sku: string,
      name: string,
      price: number,
      categoryId: string,
      unit: "each" | "kg" = "each",
    ) => createProduct(t.core, { sku, name, price, ivaRate: 2100, unit, categoryId });
    fernet = product("FER", "Fernet con cola", 600_000, tragos.id);
    cerveza = product("CER", "Cerveza tirada", 450_000, bebidas.id);
    agua = product("AGU", "Agua mineral", 200_000, bebidas.id);
    queso = product("QUE", "Queso por peso", 900_000, bebidas.id, "kg");
  });
  afterEach(async () => t.close());

  const send = (
    method: "POST" | "PUT" | "DELETE" | "GET",
    url: string,
    payload?: object,
    headers = manager,
  ) => t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const layout = () => ({
    name: "Barra principal",
    groups: [
      { categoryId: tragos.id, productIds: [fernet.id] },
      { categoryId: bebidas.id, label: "Cervezas y agua", productIds: [cerveza.id, agua.id] },
    ],
  });
  // Everything a refused write could have touched.
  const tables = () =>
    t.core.db
      .prepare(
        `SELECT (SELECT count(*) FROM bars) AS bars, (SELECT count(*) FROM bar_groups) AS groups,
                (SELECT count(*) FROM bar_buttons) AS buttons,
                (SELECT group_concat(name) FROM bars) AS names,
                (SELECT count(*) FROM audit_log WHERE action LIKE 'bar.%') AS audits`,
      )
      .get();

  it("a manager creates a bar; anyone logged in reads its groups in order with names and prices", async () => {
    const created = await send("POST", "/api/bars", layout());
    expect(created.statusCode).toBe(201);
    const bar = created.json() as typeof BarSchema.static;
    expect(Value.Check(BarSchema, bar)).toBe(true);

    const read = await send("GET", "/api/bars", undefined, cashier);
    expect(read.statusCode).toBe(200);
    const bars = read.json() as typeof BarList.static;
    expect(Value.Check(BarList, bars)).toBe(true);
    expect(bars).toHaveLength(1);
    expect(bars[0]!.groups.map((g) => g.title)).toEqual(["Tragos", "Cervezas y agua"]);
    expect(bars[0]!.groups[1]!.buttons).toEqual([
      { productId: cerveza.id, name: "Cerveza tirada", price: 450_000, active: true },
      { productId: agua.id, name: "Agua mineral", price: 200_000, active: true },
    ]);
    expect(tables()).toMatchObject({ bars: 1, groups: 2, buttons: 3, audits: 1 });
  });

  it("a new order replaces the whole layout, and a product taken off sale shows as inactive", async () => {
    const bar = (await send("POST", "/api/bars", layout())).json() as { id: string };
    const moved = await send("PUT", `/api/bars/${bar.id}`, {
      name: "Barra VIP",
      groups: [{ categoryId: bebidas.id, productIds: [agua.id, cerveza.id] }],
    });
    expect(moved.statusCode).toBe(200);
    updateProduct(t.core, agua.id, { active: false });
    const [read] = (await send("GET", "/api/bars")).json() as (typeof BarList.static)[number][];
    expect(read!.name).toBe("Barra VIP");
    expect(read!.groups).toHaveLength(1);
    expect(read!.groups[0]!.buttons.map((b) => [b.name, b.active])).toEqual([
      ["Agua mineral", false],
      ["Cerveza tirada", true],
    ]);
    expect(tables()).toMatchObject({ bars: 1, groups: 1, buttons: 2, audits: 2 });
  });

  it("a manager deletes a bar with its buttons; the products stay", async () => {
    const bar = (await send("POST", "/api/bars", layout())).json() as { id: string };
    expect((await send("DELETE", `/api/bars/${bar.id}`)).statusCode).toBe(204);
    expect(tables()).toMatchObject({ bars: 0, groups: 0, buttons: 0, audits: 2 });
    expect(t.core.db.prepare("SELECT count(*) AS n FROM products").get()).toEqual({ n: 4 });
  });

  describe("bad input is refused with a Spanish message and nothing changes", () => {
    const refusals: [string, () => object, number, string | RegExp][] = [
      ["an empty name", () => ({ ...layout(), name: "   " }), 400, /nombre/],
      [
        "an unknown category",
        () => ({ name: "B", groups: [{ categoryId: "nope", productIds: [fernet.id] }] }),
        400,
        /categoría no existe/,
      ],
      [
        "an unknown product",
        () => ({ name: "B", groups: [{ categoryId: null, label: "X", productIds: ["nope"] }] }),
        400,
        /producto no existe/,
      ],
      [
        "a product twice in a group",
        () => ({ name: "B", groups: [{ categoryId: tragos.id, productIds: [fernet.id, fernet.id] }] }),
        400,
        /dos veces/,
      ],
      [
        "a weighed product",
        () => ({ name: "B", groups: [{ categoryId: bebidas.id, productIds: [queso.id] }] }),
        400,
        /por peso/,
      ],
      [
        "a group with neither category nor title",
        () => ({ name: "B", groups: [{ categoryId: null, label: " ", productIds: [agua.id] }] }),
        400,
        /categoría o poné un título/,
      ],
      [
        "an empty group",
        () => ({ name: "B", groups: [{ categoryId: tragos.id, productIds: [] }] }),
        400,
        /./,
      ],
      ["an unknown field", () => ({ ...layout(), color: "rojo" }), 400, /./],
      ["a name too long", () => ({ ...layout(), name: "x".repeat(41) }), 400, /./],
    ];
    it.each(refusals)("%s", async (_what, body, status, message) => {
      const existing = (await send("POST", "/api/bars", { ...layout(), name: "Barra de antes" })).json() as {
        id: string;
      };
      const before = tables();
      for (const answer of [
        await send("POST", "/api/bars", body()),
        await send("PUT", `/api/bars/${existing.id}`, body()),
      ]) {
        expect(answer.statusCode).toBe(status);
        expect((answer.json() as { error: { message: string } }).error.message).toMatch(message);
      }
      expect(tables()).toEqual(before);
    });

    it("a second bar with the same name (any case) is refused", async () => {
      await send("POST", "/api/bars", layout());
      const before = tables();
      const again = await send("POST", "/api/bars", { ...layout(), name: "BARRA PRINCIPAL" });
      expect(again.statusCode).toBe(409);
      expect((again.json() as { error: { message: string } }).error.message).toMatch(/Ya hay una barra/);
      expect(tables()).toEqual(before);
    });

    it("a cashier may not change a layout", async () => {
      const bar = (await send("POST", "/api/bars", layout())).json() as { id: string };
      const before = tables();
      expect((await send("POST", "/api/bars", { ...layout(), name: "Otra" }, cashier)).statusCode).toBe(403);
      expect((await send("PUT", `/api/bars/${bar.id}`, layout(), cashier)).statusCode).toBe(403);
      expect((await send("DELETE", `/api/bars/${bar.id}`, undefined, cashier)).statusCode).toBe(403);
      expect(tables()).toEqual(before);
    });

    it("an unknown bar is a 404 with a clear message", async () => {
      for (const answer of [
        await send("GET", "/api/bars/nope"),
        await send("PUT", "/api/bars/nope", layout()),
        await send("DELETE", "/api/bars/nope"),
      ]) {
        expect(answer.statusCode).toBe(404);
        expect((answer.json() as { error: { message: string } }).error.message).toMatch(/La barra no existe/);
      }
      expect(tables()).toMatchObject({ bars: 0, audits: 0 });
    });
  });
});

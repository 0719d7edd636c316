import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { newId } from "@mostrador/kernel/db/ids";
import { bearer, openTestApi, type TestApi } from "../api/test-api.js";
import { openCashSessionRow, writeCounts } from "../pos/test-fixtures.js";
import { catalogSnapshot, makeProduct } from "./test-catalog.js";

const remera = {
  sku: "REM-LISA",
  name: "Remera lisa",
  price: 1_500_000,
  ivaRate: 2100,
  unit: "each",
  axes: [
    { name: "Talle", values: ["S", "M"] },
    { name: "Color", values: ["Negro", "Rojo"] },
  ],
};

describe("variants API", () => {
  let t: TestApi;
  let manager: { authorization: string };
  let cashier: { authorization: string };
  beforeEach(async () => {
    t = await openTestApi();
    manager = bearer(t.tokenFor("manager", "Martín"));
    cashier = bearer(t.tokenFor("cashier", "Lucía"));
  });
  afterEach(async () => t.close());

  const call = (
    method: "GET" | "POST" | "PUT" | "PATCH",
    url: string,
    payload?: unknown,
    headers = manager,
  ) =>
    t.app.inject({ method, url: `/api${url}`, headers, ...(payload ? { payload: payload as object } : {}) });

  it("creates a model with its grid, reads the grid, edits a variant, adds a value, and edits the model's price", async () => {
    const created = await call("POST", "/variant-models", {
      ...remera,
      cells: [{ values: ["M", "Negro"], barcodes: ["RL-M-NEG"] }],
    });
    expect(created.statusCode).toBe(201);
    const modelId = created.json().model.id as string;
    const grid = await call("GET", `/products/${modelId}/variants`, undefined, cashier);
    expect(grid.statusCode).toBe(200);
    expect(grid.json().cells).toHaveLength(4);
    expect(grid.json().cells[2]).toMatchObject({
      values: ["M", "Negro"],
      name: "Remera lisa · M / Negro",
      sku: "REM-LISA-M-NEGRO",
      onHand: 0,
      active: true,
    });
    const id = grid.json().cells[0].variantId as string;
    const patched = await call("PATCH", `/variants/${id}`, { price: 1_400_000, active: false });
    expect(patched.json().cells[0]).toMatchObject({
      price: 1_400_000,
      priceFollowsModel: false,
      active: false,
    });
    const wider = await call("PUT", `/products/${modelId}/variant-axes`, {
      axes: [
        { name: "Talle", values: ["S", "M", "L"] },
        { name: "Color", values: ["Negro", "Rojo"] },
      ],
    });
    expect(wider.json().cells).toHaveLength(6);
    const model = await call("PATCH", `/products/${modelId}`, { price: 1_600_000 });
    expect(model.statusCode).toBe(200);
    const after = (await call("GET", `/products/${modelId}/variants`)).json();
    expect(after.cells.map((c: { price: number }) => c.price)).toEqual([
      1_400_000, 1_600_000, 1_600_000, 1_600_000, 1_600_000, 1_600_000,
    ]);
    const scan = await call("GET", "/scan/RL-M-NEG", undefined, cashier);
    expect(scan.json().product).toMatchObject({ name: "Remera lisa · M / Negro", variantOf: modelId });
  });

  it("refuses to sell a variant turned off after the till scanned it, by id or by barcode, writing nothing", async () => {
    const cashierId = t.core.db.prepare("SELECT id FROM staff WHERE name = 'Lucía'").pluck().get() as string;
    openCashSessionRow(t.core, t.terminal.id, cashierId);
    const created = await call("POST", "/variant-models", {
      ...remera,
      cells: [{ values: ["M", "Negro"], barcodes: ["RL-M-NEG"] }],
    });
    const mNegro = (created.json().cells as { variantId: string; values: string[] }[]).find(
      (c) => c.values.join(" / ") === "M / Negro",
    )!.variantId;
    const stocked = await call("POST", "/stock/adjustments", {
      productId: mNegro,
      quantity: 2,
      reason: "receipt",
    });
    expect(stocked.statusCode).toBe(200);
    // The till scans it onto the ticket while it is still on sale; then a manager turns it off.
    expect((await call("GET", "/scan/RL-M-NEG", undefined, cashier)).statusCode).toBe(200);
    expect((await call("PATCH", `/variants/${mNegro}`, { active: false })).statusCode).toBe(200);
    const before = { ...writeCounts(t.core), ...catalogSnapshot(t.core) };
    for (const line of [{ productId: mNegro }, { barcode: "RL-M-NEG" }]) {
      const res = await call(
        "POST",
        "/sales",
        { id: newId(), lines: [{ ...line, quantity: 1 }], payments: [{ method: "cash", amount: 1_500_000 }] },
        cashier,
      );
      expect(res.statusCode, JSON.stringify(line)).toBe(400);
      expect(res.json().error.code).toBe("variant_inactive");
      expect(res.json().error.message).toMatch(/Remera lisa · M \/ Negro.*está desactivada/);
    }
    expect({ ...writeCounts(t.core), ...catalogSnapshot(t.core) }).toEqual(before);
  });

  it("converts a simple product into a model over HTTP", async () => {
    const jean = makeProduct(t.core, { name: "Jean", barcodes: ["JEAN-1"] });
    const res = await call("POST", `/products/${jean.id}/convert-to-model`, {
      axes: [{ name: "Talle", values: ["40", "42"] }],
      keep: ["40"],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().cells[0]).toMatchObject({ values: ["40"], barcodes: ["JEAN-1"] });
  });

  it("refuses bad input and a cashier with a Spanish message, changing nothing", async () => {
    const simple = makeProduct(t.core, { barcodes: ["OTRO-1"] });
    const model = (await call("POST", "/variant-models", remera)).json().model.id as string;
    const before = catalogSnapshot(t.core);
    const bad: [string, "GET" | "POST" | "PUT" | "PATCH", string, unknown, number][] = [
      [
        "empty value",
        "POST",
        "/variant-models",
        { ...remera, sku: "X", axes: [{ name: "Talle", values: [""] }] },
        400,
      ],
      ["no axes", "POST", "/variant-models", { ...remera, sku: "X", axes: [] }, 400],
      [
        "duplicate value",
        "POST",
        "/variant-models",
        { ...remera, sku: "X", axes: [{ name: "Talle", values: ["S", "s"] }] },
        400,
      ],
      [
        "barcode of another product",
        "POST",
        "/variant-models",
        { ...remera, sku: "X", cells: [{ values: ["S", "Rojo"], barcodes: ["OTRO-1"] }] },
        409,
      ],
      ["sku taken", "POST", "/variant-models", remera, 409],
      ["barcodes on a model", "PATCH", `/products/${model}`, { barcodes: ["RL-9"] }, 400],
      ["grid of a simple product", "GET", `/products/${simple.id}/variants`, undefined, 400],
      ["unknown model", "GET", "/products/nope/variants", undefined, 404],
      ["variant of a simple product", "PATCH", `/variants/${simple.id}`, { price: 1 }, 400],
      ["empty variant patch", "PATCH", `/variants/${simple.id}`, {}, 400],
      ["axes of a simple product", "PUT", `/products/${simple.id}/variant-axes`, { axes: remera.axes }, 400],
      ["unknown field", "PUT", `/products/${model}/variant-axes`, { axes: remera.axes, extra: 1 }, 400],
      [
        "a barcode in two cells of one save",
        "PATCH",
        `/products/${model}/variants`,
        {
          cells: [
            { values: ["S", "Negro"], barcodes: ["Z-1"] },
            { values: ["M", "Negro"], barcodes: ["Z-1"] },
          ],
        },
        409,
      ],
      [
        "another product's barcode in the second cell of a save",
        "PATCH",
        `/products/${model}/variants`,
        {
          cells: [
            { values: ["S", "Negro"], price: 1 },
            { values: ["M", "Negro"], barcodes: ["OTRO-1"] },
          ],
        },
        409,
      ],
      ["a save with no cells", "PATCH", `/products/${model}/variants`, { cells: [] }, 400],
      [
        "a save on a simple product",
        "PATCH",
        `/products/${simple.id}/variants`,
        { cells: [{ values: ["S"], price: 1 }] },
        400,
      ],
    ];
    for (const [what, method, url, payload, status] of bad) {
      const res = await call(method, url, payload);
      expect(res.statusCode, what).toBe(status);
      expect(res.json().error.message, what).toEqual(expect.any(String));
    }
    expect((await call("POST", "/variant-models", { ...remera, sku: "Y" }, cashier)).statusCode).toBe(403);
    const save = { cells: [{ values: ["S", "Negro"], price: 1 }] };
    expect((await call("PATCH", `/products/${model}/variants`, save, cashier)).statusCode).toBe(403);
    expect(catalogSnapshot(t.core)).toEqual(before);
  });
});

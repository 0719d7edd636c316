import { syncPayloadErrors } from "@mostrador/contracts/sync/check-payload";
import ExcelJS from "exceljs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bearer, openTestApi, type TestApi } from "../api/test-api.js";
import { makeProduct } from "../catalog/test-catalog.js";
import { averageCost } from "../purchasing/costs.js";
import { receiveGoods } from "../purchasing/receipts.js";
import { insertStockMovements, onHand } from "../stock/movements.js";

/** Stock levels and costs from a spreadsheet: through the HTTP API, as the Planillas screen sends them. */
describe("spreadsheet import of stock levels and costs", () => {
  let t: TestApi;
  let manager: { authorization: string };
  beforeEach(async () => {
    t = await openTestApi();
    manager = bearer(t.tokenFor("manager", "Martín"));
  });
  afterEach(async () => t.close());

  const send = (url: string, text: string, headers = manager) =>
    t.app.inject({
      method: "POST",
      url: `/api/spreadsheets/${url}`,
      headers: { ...headers, "content-type": "application/octet-stream" },
      payload: Buffer.from(text),
    });
  const importUrl = (kind: string, mapping: object, dryRun = false) =>
    `import?kind=${kind}&dryRun=${dryRun}&mapping=${encodeURIComponent(JSON.stringify(mapping))}`;
  const state = () => {
    const all = (sql: string) => t.core.db.prepare(sql).all();
    return {
      movements: all("SELECT * FROM stock_movements ORDER BY rowid"),
      onHand: all("SELECT * FROM stock_on_hand ORDER BY product_id"),
      costs: all("SELECT * FROM product_costs ORDER BY product_id"),
      outbox: all("SELECT * FROM outbox ORDER BY seq"),
      audit: all("SELECT * FROM audit_log ORDER BY rowid"),
    };
  };
  const receive = (productId: string, quantity: number) =>
    insertStockMovements(t.core.db, [
      {
        productId,
        quantity,
        reason: "receipt",
        refId: null,
        staffId: null,
        at: t.core.clock.now().toISOString(),
      },
    ]);
  const outboxOf = (entity: string) =>
    (
      t.core.db
        .prepare("SELECT entity, op, payload FROM outbox WHERE entity = ? ORDER BY seq")
        .all(entity) as {
        entity: string;
        op: string;
        payload: string;
      }[]
    ).map((r) => ({ ...r, payload: JSON.parse(r.payload) as Record<string, unknown> }));

  function shop() {
    const yerba = makeProduct(t.core, { sku: "YER-1", name: "Yerba", barcodes: ["7790150006306"] });
    const cheese = makeProduct(t.core, { sku: "QUE-1", name: "Queso", unit: "kg" });
    const rice = makeProduct(t.core, { sku: "ARR-1", name: "Arroz" });
    receive(yerba.id, 10);
    receive(cheese.id, 2_000);
    receive(rice.id, 4);
    return { yerba, cheese, rice };
  }

  it("suggests the columns of a stock sheet from their Spanish names", async () => {
    const res = await send("preview?kind=stock", "Código;Cód. barras;Cantidad\r\nYER-1;;3\r\n");
    expect(res.statusCode).toBe(200);
    expect(res.json().mapping).toEqual({ sku: 0, barcode: 1, quantity: 2 });
    const costs = await send("preview?kind=costs", "EAN;Descripción;Costo unitario\r\n1;x;2\r\n");
    expect(costs.json().mapping).toEqual({ barcode: 0, cost: 2 });
  });

  it("writes one count movement per product whose stock differs, with its outbox entry, in one go (kg with decimal comma, by barcode)", async () => {
    const { yerba, cheese, rice } = shop();
    const csv = "Código;EAN;Cantidad\r\n;7790150006306;7\r\nQUE-1;;2,250\r\nARR-1;;4\r\n";
    const mapping = { sku: 0, barcode: 1, quantity: 2 };
    const before = state();
    const dry = await send(importUrl("stock", mapping, true), csv);
    expect(dry.json()).toEqual({ applied: false, rows: 3, created: 0, updated: 2 });
    expect(state()).toEqual(before);

    const res = await send(importUrl("stock", mapping), csv);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ applied: true, rows: 3, created: 0, updated: 2 });
    expect([onHand(t.core.db, yerba.id), onHand(t.core.db, cheese.id), onHand(t.core.db, rice.id)]).toEqual([
      7, 2_250, 4,
    ]);
    const moves = outboxOf("stock_movement").slice(-2);
    expect(moves.map((m) => [m.payload.productId, m.payload.quantity, m.payload.reason])).toEqual([
      [yerba.id, -3, "count"],
      [cheese.id, 250, "count"],
    ]);
    for (const m of moves) expect(syncPayloadErrors(m.entity, m.op, m.payload)).toEqual([]);
    const audit = t.core.db
      .prepare("SELECT details FROM audit_log WHERE action = 'stock.import'")
      .pluck()
      .all();
    expect(audit.map((d) => JSON.parse(d as string))).toEqual([{ rows: 3, movements: 2 }]);
  });

  it("refuses a stock sheet with a negative quantity, an unknown product, a bad number, half a unit and a duplicate row, by row and column, changing nothing", async () => {
    shop();
    const csv =
      "Código;Cantidad\r\nYER-1;-2\r\nNOPE-9;3\r\nQUE-1;1,2345\r\nARR-1;2,5\r\nYER-1;4\r\nARR-1;dos\r\n";
    const before = state();
    const res = await send(importUrl("stock", { sku: 0, quantity: 1 }), csv);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe("import_invalid");
    expect(res.json().error.details.errors).toEqual([
      { row: 2, column: "Cantidad", message: "La cantidad no puede ser negativa" },
      { row: 3, column: "Código", message: "No hay ningún producto con el código NOPE-9" },
      { row: 4, column: "Cantidad", message: "«1,2345» no es una cantidad en kg (ej.: 1,250)" },
      { row: 5, column: "Cantidad", message: "«2,5» no es una cantidad entera de unidades" },
      { row: 6, column: "Código", message: "El producto YER-1 está repetido (ya aparece en la fila 2)" },
      { row: 7, column: "Código", message: "El producto ARR-1 está repetido (ya aparece en la fila 5)" },
    ]);
    expect(state()).toEqual(before);
  });

  it("sets each product's average cost from a cost sheet, tells the cloud, and the next receipt averages from it", async () => {
    const { yerba, cheese } = shop();
    const csv = "Código;Costo\r\nYER-1;$ 1.234,50\r\nQUE-1;9.000\r\nARR-1;\r\n";
    const mapping = { sku: 0, cost: 1 };
    const before = state();
    expect((await send(importUrl("costs", mapping, true), csv)).json()).toEqual({
      applied: false,
      rows: 2,
      created: 2,
      updated: 0,
    });
    expect(state()).toEqual(before);
    const res = await send(importUrl("costs", mapping), csv);
    expect(res.json()).toEqual({ applied: true, rows: 2, created: 2, updated: 0 });
    expect([averageCost(t.core.db, yerba.id), averageCost(t.core.db, cheese.id)]).toEqual([123_450, 900_000]);
    const sent = outboxOf("product_cost");
    expect(sent.map((o) => [o.op, o.payload.productId, o.payload.averageCost])).toEqual([
      ["updated", yerba.id, 123_450],
      ["updated", cheese.id, 900_000],
    ]);
    for (const o of sent) expect(syncPayloadErrors(o.entity, o.op, o.payload)).toEqual([]);
    // The same sheet again changes nothing and sends nothing.
    expect((await send(importUrl("costs", mapping), csv)).json()).toEqual({
      applied: true,
      rows: 2,
      created: 0,
      updated: 0,
    });
    expect(outboxOf("product_cost")).toHaveLength(2);
    // 10 on hand at $1.234,50 and 10 received at $20: the average starts from the imported cost.
    receiveGoods(
      t.core,
      { staffId: null },
      { lines: [{ productId: yerba.id, quantity: 10, unitCost: 2_000 }] },
    );
    expect(averageCost(t.core.db, yerba.id)).toBe(62_725);
  });

  it("refuses a cost sheet with a negative cost, an unknown product, a bad number and a duplicate row, changing nothing", async () => {
    shop();
    const csv = "Código;Costo\r\nYER-1;-5\r\nNOPE-9;10\r\nQUE-1;diez\r\nARR-1;1,005\r\nQUE-1;20\r\n";
    const before = state();
    const res = await send(importUrl("costs", { sku: 0, cost: 1 }), csv);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toEqual({
      total: 5,
      errors: [
        { row: 2, column: "Costo", message: "El costo no puede ser negativo" },
        { row: 3, column: "Código", message: "No hay ningún producto con el código NOPE-9" },
        { row: 4, column: "Costo", message: "«diez» no es un costo (ej.: 1234,50)" },
        { row: 5, column: "Costo", message: "«1,005» no es un costo (ej.: 1234,50)" },
        { row: 6, column: "Código", message: "El producto QUE-1 está repetido (ya aparece en la fila 4)" },
      ],
    });
    expect(state()).toEqual(before);
  });

  it("a sheet without a code or barcode column, or a cashier, is refused before any row", async () => {
    shop();
    const missing = await send(importUrl("stock", { quantity: 1 }), "Código;Cantidad\r\nYER-1;2\r\n");
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.code).toBe("missing_columns");
    const cashier = bearer(t.tokenFor("cashier", "Caro"));
    const before = state();
    const res = await send(importUrl("costs", { sku: 0, cost: 1 }), "Código;Costo\r\nYER-1;2\r\n", cashier);
    expect(res.statusCode).toBe(403);
    expect(state()).toEqual(before);
  });

  it("exports stock and costs as CSV and XLSX that import back unchanged", async () => {
    const { yerba, cheese } = shop();
    await send(importUrl("costs", { sku: 0, cost: 1 }), "Código;Costo\r\nYER-1;1234,50\r\n");
    const stockCsv = await t.app.inject({
      method: "GET",
      url: "/api/spreadsheets/export?kind=stock&format=csv",
      headers: manager,
    });
    expect(stockCsv.statusCode).toBe(200);
    const text = stockCsv.rawPayload.subarray(3).toString("utf8");
    expect(text).toContain("Código;Nombre;Unidad;Cantidad\r\n");
    expect(text).toContain("QUE-1;Queso;kg;2\r\n");
    const costsCsv = await t.app.inject({
      method: "GET",
      url: "/api/spreadsheets/export?kind=costs&format=csv",
      headers: manager,
    });
    expect(costsCsv.rawPayload.subarray(3).toString("utf8")).toContain("YER-1;Yerba;unidad;1234,50\r\n");

    const before = state();
    for (const [kind, body] of [
      ["stock", stockCsv.rawPayload],
      ["costs", costsCsv.rawPayload],
    ] as const) {
      const preview = await t.app.inject({
        method: "POST",
        url: `/api/spreadsheets/preview?kind=${kind}`,
        headers: { ...manager, "content-type": "application/octet-stream" },
        payload: body,
      });
      const res = await t.app.inject({
        method: "POST",
        url: `/api/spreadsheets/${importUrl(kind, preview.json().mapping)}`,
        headers: { ...manager, "content-type": "application/octet-stream" },
        payload: body,
      });
      expect(res.statusCode).toBe(200);
      expect(res.json().updated).toBe(0);
    }
    expect(state().movements).toEqual(before.movements);
    expect(state().costs).toEqual(before.costs);

    const xlsx = await t.app.inject({
      method: "GET",
      url: "/api/spreadsheets/export?kind=stock&format=xlsx",
      headers: manager,
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = workbook.worksheets[0]!;
    expect(ws.name).toBe("Stock");
    const rows = ws.getSheetValues().slice(2) as unknown[][];
    expect(rows.map((r) => r.slice(1))).toContainEqual(["QUE-1", "Queso", "kg", "2"]);
    expect(yerba.id && cheese.id).toBeTruthy();
  });
});

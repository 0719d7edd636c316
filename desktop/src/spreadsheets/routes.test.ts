import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SPREADSHEET_MAX_BYTES } from "@mostrador/contracts/http/spreadsheets";
import { bearer, openTestApi, type TestApi } from "../api/test-api.js";
import { catalogSnapshot, makeProduct } from "../catalog/test-catalog.js";

const CATALOG_CSV =
  "Código;Descripción;Cód. barras;Rubro;Precio;IVA;Unidad;Stock mínimo\r\n" +
  "AZU-1;Azúcar Ledesma 1 kg;7790150006306;Almacén;$ 1.234,50;21;u;5\r\n" +
  "QUE-1;Queso cremoso;;Lácteos;8.900;10,5;kg;1,5\r\n";
const MAPPING = {
  sku: 0,
  name: 1,
  barcodes: 2,
  category: 3,
  price: 4,
  ivaRate: 5,
  unit: 6,
  lowStockThreshold: 7,
};

describe("spreadsheets API", () => {
  let t: TestApi;
  let manager: { authorization: string };
  beforeEach(async () => {
    t = await openTestApi();
    manager = bearer(t.tokenFor("manager", "Martín"));
  });
  afterEach(async () => t.close());

  const send = (url: string, body: Buffer, headers = manager) =>
    t.app.inject({
      method: "POST",
      url: `/api/spreadsheets/${url}`,
      headers: { ...headers, "content-type": "application/octet-stream" },
      payload: body,
    });
  const importUrl = (kind: string, mapping: object, dryRun = false) =>
    `import?kind=${kind}&dryRun=${dryRun}&mapping=${encodeURIComponent(JSON.stringify(mapping))}`;
  const products = () =>
    t.core.db
      .prepare(
        "SELECT sku, name, price, iva_rate AS iva, unit, low_stock_threshold AS min FROM products ORDER BY sku",
      )
      .all();

  it("previews an es-AR Windows-1252 CSV with the columns mapped from their Spanish names", async () => {
    const res = await send("preview?kind=products", iconv.encode(CATALOG_CSV, "windows-1252"));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      format: "csv",
      encoding: "windows-1252",
      separator: ";",
      rowCount: 2,
      mapping: MAPPING,
    });
    expect(res.json().sample[0][1]).toBe("Azúcar Ledesma 1 kg");
  });

  it("imports the catalog in one go: products, categories, barcodes, each with its outbox entry", async () => {
    const res = await send(importUrl("products", MAPPING), iconv.encode(CATALOG_CSV, "windows-1252"));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ applied: true, rows: 2, created: 2, updated: 0 });
    expect(products()).toEqual([
      { sku: "AZU-1", name: "Azúcar Ledesma 1 kg", price: 123450, iva: 2100, unit: "each", min: 5 },
      { sku: "QUE-1", name: "Queso cremoso", price: 890000, iva: 1050, unit: "kg", min: 1500 },
    ]);
    const outbox = t.core.db.prepare("SELECT entity, op FROM outbox ORDER BY seq").all();
    expect(outbox.filter((o) => (o as { entity: string }).entity === "product")).toHaveLength(2);
    expect(outbox.filter((o) => (o as { entity: string }).entity === "category")).toHaveLength(2);
    const audit = t.core.db.prepare("SELECT action FROM audit_log WHERE action = 'catalog.import'").all();
    expect(audit).toHaveLength(1);
  });

  it("a second import updates what changed and leaves the rest (no outbox for unchanged rows)", async () => {
    await send(importUrl("products", MAPPING), Buffer.from(CATALOG_CSV));
    const outboxBefore = t.core.db.prepare("SELECT count(*) FROM outbox").pluck().get() as number;
    const changed = CATALOG_CSV.replace("$ 1.234,50", "1300");
    const res = await send(importUrl("products", MAPPING), Buffer.from(changed));
    expect(res.json()).toEqual({ applied: true, rows: 2, created: 0, updated: 1 });
    expect(t.core.db.prepare("SELECT count(*) FROM outbox").pluck().get()).toBe(outboxBefore + 1);
  });

  it("a dry run checks everything and writes nothing", async () => {
    const before = catalogSnapshot(t.core);
    const res = await send(importUrl("products", MAPPING, true), Buffer.from(CATALOG_CSV));
    expect(res.json()).toEqual({ applied: false, rows: 2, created: 2, updated: 0 });
    expect(catalogSnapshot(t.core)).toEqual(before);
  });

  it("bad rows are listed by row and column in Spanish, and nothing changes", async () => {
    makeProduct(t.core, { sku: "OTRO", barcodes: ["7790070410139"] });
    const before = catalogSnapshot(t.core);
    const csv =
      "Código;Descripción;Cód. barras;Precio\n" +
      "A-1;Uno;;-5\n" + // negative price
      "A-2;Dos;7790070410139;10\n" + // barcode of another product
      "A-3;Tres;7790150006306;10\n" +
      "A-3;Tres bis;;10\n" + // repeated SKU
      "A-4;Cuatro;7790150006306;abc\n" + // repeated barcode, bad price
      'A-5;=HYPERLINK("x");;10\n'; // a formula
    const res = await send(
      importUrl("products", { sku: 0, name: 1, barcodes: 2, price: 3 }),
      Buffer.from(csv),
    );
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error.code).toBe("import_invalid");
    expect(body.error.message).toMatch(/no se cambió nada/);
    expect(body.error.details.errors).toEqual([
      { row: 2, column: "Precio", message: "El precio no puede ser negativo" },
      {
        row: 3,
        column: "Cód. barras",
        message: "El código de barras 7790070410139 ya es del producto con código OTRO",
      },
      { row: 5, column: "Código", message: "El código A-3 está repetido (ya aparece en la fila 4)" },
      { row: 6, column: "Precio", message: "«abc» no es un precio (ej.: 1234,50)" },
      { row: 7, column: "Descripción", message: expect.stringMatching(/fórmula/) },
    ]);
    expect(catalogSnapshot(t.core)).toEqual(before);
  });

  it("a repeated barcode inside the file is refused on the later row", async () => {
    const csv = "sku;name;barcode;price\nA;Uno;7790150006306;1\nB;Dos;7790150006306;1\n";
    const res = await send(
      importUrl("products", { sku: 0, name: 1, barcodes: 2, price: 3 }),
      Buffer.from(csv),
    );
    expect(res.json().error.details.errors).toEqual([
      {
        row: 3,
        column: "barcode",
        message: "El código de barras 7790150006306 está repetido (ya aparece en la fila 2)",
      },
    ]);
    expect(products()).toEqual([]);
  });

  it("refuses a mapping without the required columns", async () => {
    const res = await send(importUrl("products", { sku: 0, name: 1 }), Buffer.from(CATALOG_CSV));
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: "missing_columns",
      message: "Faltan columnas obligatorias: Precio",
    });
    const outOfRange = await send(
      importUrl("products", { sku: 0, name: 1, price: 40 }),
      Buffer.from(CATALOG_CSV),
    );
    expect(outOfRange.json().error.code).toBe("invalid_mapping");
  });

  it("refuses a 50 MB upload from its size, before reading it", async () => {
    const res = await send("preview?kind=products", Buffer.alloc(50 * 1024 * 1024, 0x41));
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: "file_too_large" });
    expect(SPREADSHEET_MAX_BYTES).toBeLessThan(50 * 1024 * 1024);
  });

  it("an XLSX formula without a saved value is refused by row and column", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Hoja1");
    ws.addRow(["SKU", "Nombre", "Precio"]);
    ws.addRow(["A", "Uno", { formula: "1+1" }]);
    const res = await send(
      importUrl("products", { sku: 0, name: 1, price: 2 }),
      Buffer.from(await wb.xlsx.writeBuffer()),
    );
    expect(res.json().error.details.errors).toEqual([
      { row: 2, column: "Precio", message: expect.stringMatching(/fórmula sin valor guardado/) },
    ]);
  });

  it("a cashier cannot import", async () => {
    const cashier = bearer(t.tokenFor("cashier"));
    const res = await send(importUrl("products", MAPPING), Buffer.from(CATALOG_CSV), cashier);
    expect(res.statusCode).toBe(403);
    expect(products()).toEqual([]);
  });

  it("updates prices by code or barcode; an unknown product refuses the whole list", async () => {
    const a = makeProduct(t.core, { sku: "A", price: 100 });
    makeProduct(t.core, { sku: "B", price: 100, barcodes: ["7790150006306"] });
    const ok = await send(
      importUrl("prices", { sku: 0, barcode: 1, price: 2 }),
      Buffer.from("sku;ean;precio\nA;;2,50\n;7790150006306;3\n"),
    );
    expect(ok.json()).toEqual({ applied: true, rows: 2, created: 0, updated: 2 });
    const before = catalogSnapshot(t.core);
    const bad = await send(importUrl("prices", { sku: 0, price: 1 }), Buffer.from("sku;precio\nA;9\nZZ;1\n"));
    expect(bad.json().error.details.errors).toEqual([
      { row: 3, column: "sku", message: "No hay ningún producto con el código ZZ" },
    ]);
    expect(catalogSnapshot(t.core)).toEqual(before);
    expect(t.core.db.prepare("SELECT price FROM products WHERE id = ?").pluck().get(a.id)).toBe(250);
  });

  it("imports suppliers; a bad CUIT refuses the file by row and column", async () => {
    const csv = "Proveedor;CUIT;Teléfono\nDistribuidora Sur;20-12345678-6;011 4444\nLa Serenísima;20123;\n";
    const res = await send(importUrl("suppliers", { name: 0, cuit: 1, phone: 2 }), Buffer.from(csv));
    expect(res.json().error.details.errors).toEqual([
      { row: 3, column: "CUIT", message: "El CUIT debe tener 11 dígitos (XX-XXXXXXXX-X)" },
    ]);
    expect(t.core.db.prepare("SELECT count(*) FROM suppliers").pluck().get()).toBe(0);
    const good = await send(
      importUrl("suppliers", { name: 0, cuit: 1, phone: 2 }),
      Buffer.from(csv.replace("20123", "")),
    );
    expect(good.json()).toEqual({ applied: true, rows: 2, created: 2, updated: 0 });
    expect(t.core.db.prepare("SELECT count(*) FROM outbox WHERE entity = 'supplier'").pluck().get()).toBe(2);
  });

  it("refuses a file in a broken encoding, changing nothing", async () => {
    const before = catalogSnapshot(t.core);
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from("sku;name;price\nA;Uno;1\n", "utf16le"),
    ]);
    const res = await send(importUrl("products", { sku: 0, name: 1, price: 2 }), utf16);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: "unreadable_file",
      message: expect.stringMatching(/UTF-16/),
    });
    const undefinedIn1252 = Buffer.from([0x73, 0x6b, 0x75, 0x0a, 0x41, 0x81, 0x0a]);
    expect((await send("preview?kind=products", undefinedIn1252)).json().error.code).toBe("unreadable_file");
    expect(catalogSnapshot(t.core)).toEqual(before);
  });

  it("a suppliers dry run writes nothing", async () => {
    const csv = "Proveedor;CUIT\nDistribuidora Sur;20-12345678-6\n";
    const res = await send(importUrl("suppliers", { name: 0, cuit: 1 }, true), Buffer.from(csv));
    expect(res.json()).toEqual({ applied: false, rows: 1, created: 1, updated: 0 });
    expect(t.core.db.prepare("SELECT count(*) FROM suppliers").pluck().get()).toBe(0);
    expect(t.core.db.prepare("SELECT count(*) FROM outbox").pluck().get()).toBe(0);
  });

  it("exports the catalog as an Excel es-AR CSV and an XLSX that import back unchanged", async () => {
    await send(importUrl("products", MAPPING), Buffer.from(CATALOG_CSV));
    const csv = await t.app.inject({
      method: "GET",
      url: "/api/spreadsheets/export?kind=products&format=csv",
      headers: manager,
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const text = csv.rawPayload.subarray(3).toString("utf8");
    expect(text.split("\r\n")[1]).toBe("AZU-1;Azúcar Ledesma 1 kg;7790150006306;Almacén;1234,50;21;unidad;5");
    const xlsx = await t.app.inject({
      method: "GET",
      url: "/api/spreadsheets/export?kind=products&format=xlsx",
      headers: manager,
    });
    const outboxBefore = t.core.db.prepare("SELECT count(*) FROM outbox").pluck().get();
    for (const file of [csv.rawPayload, xlsx.rawPayload]) {
      const preview = (await send("preview?kind=products", file)).json();
      expect(preview.mapping).toEqual(MAPPING);
      const again = await send(importUrl("products", preview.mapping), file);
      expect(again.json()).toEqual({ applied: true, rows: 2, created: 0, updated: 0 });
    }
    expect(t.core.db.prepare("SELECT count(*) FROM outbox").pluck().get()).toBe(outboxBefore);
  });
});

import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { DomainError } from "@mostrador/kernel/core/errors";
import { SPREADSHEET_MAX_BYTES } from "@mostrador/contracts/http/spreadsheets";
import { FORMULA_WITHOUT_VALUE, readTable } from "./read-table.js";
import { parseDecimal, parseMoney } from "./sheet-numbers.js";
import { suggestMapping } from "./sheet-mapping.js";

async function refusal(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error("expected a refusal");
}

describe("reading a spreadsheet", () => {
  it("an Excel es-AR CSV: ';' separator, Windows-1252 accents, decimal comma kept as text", async () => {
    const bytes = iconv.encode('Código;Descripción;Precio\r\nA-1;Azúcar 1 kg;"1.234,50"\r\n', "windows-1252");
    const t = await readTable(bytes);
    expect(t).toMatchObject({ format: "csv", encoding: "windows-1252", separator: ";" });
    expect(t.headers).toEqual(["Código", "Descripción", "Precio"]);
    expect(t.rows).toEqual([{ line: 2, cells: ["A-1", "Azúcar 1 kg", "1.234,50"] }]);
  });

  it("UTF-8 with a BOM and commas, and tab-separated UTF-8 without one", async () => {
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("sku,name\nA,Ñandú\n")]);
    expect(await readTable(withBom)).toMatchObject({
      encoding: "utf-8",
      separator: ",",
      headers: ["sku", "name"],
    });
    const tabs = await readTable(Buffer.from("sku\tname\nA\tLimón\n"));
    expect(tabs).toMatchObject({ separator: "\t", rows: [{ cells: ["A", "Limón"] }] });
  });

  it("refuses broken encodings: UTF-16, binary, a UTF-8 BOM over invalid bytes", async () => {
    expect((await refusal(readTable(Buffer.from([0xff, 0xfe, 0x41, 0x00])))).code).toBe("unreadable_file");
    expect((await refusal(readTable(Buffer.from([0x41, 0x00, 0x42])))).code).toBe("unreadable_file");
    const badBom = Buffer.from([0xef, 0xbb, 0xbf, 0x41, 0xc3, 0x28]);
    expect((await refusal(readTable(badBom))).message).toMatch(/UTF-8/);
  });

  it("refuses a file over the size limit before parsing it", async () => {
    const e = await refusal(readTable(new Uint8Array(SPREADSHEET_MAX_BYTES + 1)));
    expect(e.code).toBe("file_too_large");
    expect(e.message).toMatch(/MB/);
  });

  it("reads XLSX numbers with a decimal comma and formulas by their saved value, never evaluated", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Hoja1");
    ws.addRow(["Código", "Precio", "Con IVA"]);
    ws.addRow(["A", 1234.5, { formula: "B2*1.21", result: 1493.75 }]);
    ws.addRow(["B", 10, { formula: "B3*1.21" }]);
    const t = await readTable(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(t.format).toBe("xlsx");
    expect(t.rows[0]).toEqual({ line: 2, cells: ["A", "1234,5", "1493,75"] });
    expect(t.rows[1]?.cells[2]).toBe(FORMULA_WITHOUT_VALUE);
  });

  it("refuses a damaged XLSX", async () => {
    const zipHeader = Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]);
    expect((await refusal(readTable(zipHeader))).code).toBe("unreadable_xlsx");
  });
});

describe("numbers as shops type them", () => {
  it.each([
    ["$ 1.234,50", 123450],
    ["1234,5", 123450],
    ["1.234", 123400],
    ["1234.50", 123450],
    ["$1.234.567", 123456700],
    ["-12,00", -1200],
  ])("%s is %d centavos", (text, cents) => expect(parseMoney(text)).toBe(cents));

  it("refuses what is not an amount", () => {
    for (const t of ["", "abc", "1,2,3", "12,345.6", "1,001"]) expect(parseMoney(t)).toBeNull();
    expect(parseDecimal("10,5%")).toBe(10.5);
  });
});

describe("the suggested mapping", () => {
  it("recognises Spanish and English header names", () => {
    expect(
      suggestMapping("products", ["Código", "Descripción", "Cód. barras", "Rubro", "Precio venta", "IVA %"]),
    ).toEqual({
      sku: 0,
      name: 1,
      barcodes: 2,
      category: 3,
      price: 4,
      ivaRate: 5,
    });
    expect(suggestMapping("products", ["SKU", "Name", "Barcode", "Price", "Unit"])).toEqual({
      sku: 0,
      name: 1,
      barcodes: 2,
      price: 3,
      unit: 4,
    });
  });
});

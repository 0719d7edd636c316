import { describe, expect, it } from "vitest";
import { type EntryLine, lineForCode, quantityToInput, readLine } from "./line-entry.js";

const line = (over: Partial<EntryLine> = {}): EntryLine => ({
  productId: "p1",
  name: "Queso",
  sku: "QUE-1",
  unit: "kg",
  barcodes: ["7790001"],
  quantity: "1,5",
  cost: "8.000,01",
  ...over,
});

describe("typing a purchase line", () => {
  it("reads kg as grams and pesos as centavos", () => {
    expect(readLine(line())).toEqual({
      ok: true,
      value: { productId: "p1", quantity: 1_500, unitCost: 800_001 },
    });
    expect(quantityToInput(1_500, "kg")).toBe("1,5");
  });

  it("refuses a zero or fractional unit quantity and a negative cost before sending", () => {
    expect(readLine(line({ unit: "each", quantity: "0" }))).toEqual({ ok: false, problem: "quantity" });
    expect(readLine(line({ unit: "each", quantity: "1,5" }))).toEqual({ ok: false, problem: "quantity" });
    expect(readLine(line({ cost: "-3" }))).toEqual({ ok: false, problem: "cost" });
  });

  it("finds the line of a scanned barcode or a typed SKU", () => {
    const lines = [line({ productId: "a", barcodes: [], sku: "A" }), line()];
    expect(lineForCode(lines, " 7790001 ")).toBe(1);
    expect(lineForCode(lines, "a")).toBe(0);
    expect(lineForCode(lines, "nada")).toBe(-1);
  });
});

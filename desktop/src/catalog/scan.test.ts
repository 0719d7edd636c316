import type { ScaleLayout } from "@mostrador/contracts/http/settings";
import { withCheckDigit } from "@mostrador/contracts/pos/gs1";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DomainError } from "@mostrador/kernel/core/errors";
import { openTestCore, type TestCore } from "../appliance/test-core.js";
import { DEFAULT_SETTINGS } from "@mostrador/kernel/shop/settings";

import { updateProduct } from "./product-writes.js";
import { buildScaleLabel } from "./scale-barcode.js";
import { resolveScan } from "./scan.js";
import { makeProduct } from "./test-catalog.js";

const [priceLayout, weightLayout] = DEFAULT_SETTINGS.scaleLayouts as [ScaleLayout, ScaleLayout];

function errorOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error("expected a DomainError");
}

describe("resolveScan", () => {
  let t: TestCore;
  beforeEach(() => {
    t = openTestCore();
  });
  afterEach(() => t.close());

  it("finds a product by its exact barcode, quantity 1", () => {
    const coca = makeProduct(t, { name: "Coca-Cola 2,25 L", barcodes: ["7790895000997"] });
    expect(resolveScan(t, "7790895000997")).toEqual({
      product: coca,
      quantity: 1,
      labelTotal: null,
      barcode: "7790895000997",
      source: "barcode",
    });
  });

  it("trims the CR/LF a scanner appends", () => {
    makeProduct(t, { barcodes: ["7790895000997"] });
    expect(resolveScan(t, " 7790895000997\r\n").barcode).toBe("7790895000997");
  });

  it("finds a product stored as EAN-13 when the scanner sends the 12-digit UPC-A, and vice versa", () => {
    const a = makeProduct(t, { barcodes: ["0036000291452"] });
    const b = makeProduct(t, { barcodes: ["012345678905"] });
    expect(resolveScan(t, "036000291452").product.id).toBe(a.id);
    expect(resolveScan(t, "0012345678905").product.id).toBe(b.id);
  });

  it("turns a weight label into grams and leaves the price to the till", () => {
    const asado = makeProduct(t, {
      name: "Asado",
      unit: "kg",
      price: 1_749_000,
      scaleCode: 14,
      ivaRate: 1050,
    });
    const code = buildScaleLabel(weightLayout, 14, 1250);
    expect(resolveScan(t, code)).toEqual({
      product: asado,
      quantity: 1250,
      labelTotal: null,
      barcode: code,
      source: "weight_label",
    });
  });

  it("takes the line total from a price label and derives the grams for a kg product", () => {
    makeProduct(t, { name: "Jamón cocido", unit: "kg", price: 1_999_000, scaleCode: 2 });
    const result = resolveScan(t, buildScaleLabel(priceLayout, 2, 599_700));
    expect(result.labelTotal).toBe(599_700);
    expect(result.quantity).toBe(300); // 5.997 / 19.990 per kg = 0,300 kg
  });

  it("counts a price label on a unit product as one unit", () => {
    makeProduct(t, { name: "Torta", unit: "each", price: 900_000, scaleCode: 3 });
    expect(resolveScan(t, buildScaleLabel(priceLayout, 3, 1_250_000))).toMatchObject({
      quantity: 1,
      labelTotal: 1_250_000,
    });
  });

  it("never derives zero grams from a tiny price label", () => {
    makeProduct(t, { unit: "kg", price: 100_000_000, scaleCode: 4 });
    expect(resolveScan(t, buildScaleLabel(priceLayout, 4, 100)).quantity).toBe(1);
  });

  it("answers unknown_barcode naming the code", () => {
    const e = errorOf(() => resolveScan(t, "7790895000997"));
    expect([e.kind, e.code]).toEqual(["not_found", "unknown_barcode"]);
    expect(e.message).toContain("7790895000997");
  });

  it("refuses a misread EAN-13 as bad_check_digit", () => {
    makeProduct(t, { barcodes: ["7790895000997"] });
    expect(errorOf(() => resolveScan(t, "7790895000998")).code).toBe("bad_check_digit");
  });

  it("refuses a scale label for an item code no product has", () => {
    const e = errorOf(() => resolveScan(t, buildScaleLabel(weightLayout, 99, 500)));
    expect([e.kind, e.code]).toEqual(["invalid", "unknown_scale_item"]);
  });

  it("refuses a 2x code with no layout", () => {
    expect(errorOf(() => resolveScan(t, withCheckDigit("250001201250"))).code).toBe("unknown_scale_prefix");
  });

  it("refuses a weight label on a product sold by the unit", () => {
    makeProduct(t, { unit: "each", scaleCode: 5 });
    expect(errorOf(() => resolveScan(t, buildScaleLabel(weightLayout, 5, 500))).code).toBe(
      "weight_label_for_unit_product",
    );
  });

  it("refuses inactive products, by barcode and by scale label", () => {
    const p = makeProduct(t, { barcodes: ["7790895000997"] });
    const q = makeProduct(t, { unit: "kg", scaleCode: 6 });
    updateProduct(t, p.id, { active: false });
    updateProduct(t, q.id, { active: false });
    expect(errorOf(() => resolveScan(t, "7790895000997")).code).toBe("product_inactive");
    expect(errorOf(() => resolveScan(t, buildScaleLabel(weightLayout, 6, 500))).code).toBe(
      "product_inactive",
    );
  });

  it("prefers an exact barcode over a scale reading of the same digits", () => {
    const code = buildScaleLabel(weightLayout, 7, 500);
    const own = makeProduct(t, { barcodes: [code] });
    makeProduct(t, { unit: "kg", scaleCode: 7 });
    expect(resolveScan(t, code)).toMatchObject({ product: { id: own.id }, quantity: 1 });
  });
});

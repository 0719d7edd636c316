import { describe, expect, it } from "vitest";
import { bodyOf, formOf } from "./product-form.js";

describe("product form", () => {
  it("turns a typed es-AR price into exact centavos and tidies barcodes", () => {
    const form = {
      ...formOf(null),
      sku: " YER-1 ",
      name: "Yerba 1 kg",
      price: "3.599,90",
      barcodes: "7790001000012, 7790001000012 7790001000029",
    };
    expect(bodyOf(form, false)).toEqual({
      sku: "YER-1",
      name: "Yerba 1 kg",
      price: 359990,
      ivaRate: 2100,
      unit: "each",
      barcodes: ["7790001000012", "7790001000029"],
    });
  });

  it("names the field that is wrong", () => {
    const base = { ...formOf(null), sku: "A", name: "B", price: "10" };
    expect(bodyOf({ ...base, price: "1,234" }, false)).toEqual({ field: "price", reason: "decimals" });
    expect(bodyOf({ ...base, price: "abc" }, false)).toEqual({ field: "price", reason: "format" });
    expect(bodyOf({ ...base, name: " " }, false)).toEqual({ field: "name", reason: "required" });
    expect(bodyOf({ ...base, barcodes: "12ab, 7790$" }, false)).toEqual({
      field: "barcodes",
      reason: "barcode",
    });
    expect(bodyOf({ ...base, lowStockThreshold: "-3" }, false)).toEqual({
      field: "lowStockThreshold",
      reason: "negative",
    });
  });

  it("round-trips an existing product's price through the form", () => {
    const product = {
      id: "p1",
      sku: "Q1",
      name: "Queso",
      categoryId: null,
      categoryName: null,
      price: 899905,
      ivaRate: 1050 as const,
      unit: "kg" as const,
      barcodes: [],
      scaleCode: 12,
      lowStockThreshold: 2000,
      active: false,
      onHand: 0,
    };
    const body = bodyOf(formOf(product), true);
    expect(body).toMatchObject({
      price: 899905,
      ivaRate: 1050,
      unit: "kg",
      scaleCode: 12,
      lowStockThreshold: 2000,
      active: false,
    });
    expect(bodyOf({ ...formOf(product), scaleCode: "", lowStockThreshold: "" }, true)).toMatchObject({
      scaleCode: null,
      lowStockThreshold: null,
    });
  });
});

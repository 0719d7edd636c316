import { describe, expect, it } from "vitest";
import { bodyOf, fieldOfError, formOf, problemsOf } from "./product-form.js";

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

describe("product form: every error at its field", () => {
  it("reports each field in error, in the order of the form, not only the first", () => {
    const form = { ...formOf(null), sku: "", name: "", price: "abc", lowStockThreshold: "-1" };
    expect(problemsOf(form, false)).toEqual([
      { field: "sku", reason: "required" },
      { field: "name", reason: "required" },
      { field: "price", reason: "format" },
      { field: "lowStockThreshold", reason: "negative" },
    ]);
    expect(problemsOf({ ...formOf(null), sku: "A", name: "B", price: "1" }, false)).toEqual([]);
  });

  it("finds the field a server refusal names, by code or by the field in its message", () => {
    expect(fieldOfError({ code: "sku_taken", message: 'El SKU A ya lo usa "B"' })).toBe("sku");
    expect(fieldOfError({ code: "barcode_taken", message: "x" })).toBe("barcodes");
    expect(fieldOfError({ code: "invalid_input", message: 'El campo "price" admite como máximo $ 1' })).toBe(
      "price",
    );
    expect(fieldOfError({ code: "invalid_input", message: 'El campo "barcodes.0" es demasiado largo' })).toBe(
      "barcodes",
    );
    expect(
      fieldOfError({ code: "permission_denied", message: "Tu rol no permite esta operación" }),
    ).toBeNull();
  });

  it("starts a new product in the shop's usual unit (kg for a butcher), units otherwise", () => {
    expect(formOf(null, "kg").unit).toBe("kg");
    expect(formOf(null).unit).toBe("each");
  });
});

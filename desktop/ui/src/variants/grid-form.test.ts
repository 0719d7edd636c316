import type { VariantCell } from "@mostrador/contracts/http/catalog";
import { describe, expect, it } from "vitest";
import { axesOf, cellFormOf, cellPatch } from "./grid-form.js";

const cell: VariantCell = {
  variantId: "v1",
  values: ["M", "Negro"],
  name: "Remera · M / Negro",
  sku: "REM-M-NEGRO",
  barcodes: [],
  price: 1_500_000,
  priceFollowsModel: true,
  cost: null,
  onHand: 0,
  active: true,
};

describe("the product editor's variant grid", () => {
  it("reads axes typed as comma separated values, and names the axis that lacks a name or values", () => {
    expect(axesOf([{ name: " Talle ", values: "S, M , L," }])).toEqual([
      { name: "Talle", values: ["S", "M", "L"] },
    ]);
    expect(axesOf([{ name: "", values: "S" }])).toEqual({ kind: "axisName", index: 0 });
    expect(
      axesOf([
        { name: "Talle", values: "S" },
        { name: "Color", values: " , " },
      ]),
    ).toEqual({ kind: "axisValues", index: 1 });
  });

  it("sends only what changed on a cell: barcodes, own price, back to the model's, active", () => {
    const form = cellFormOf(cell);
    expect(cellPatch(cell, form)).toBeNull();
    expect(cellPatch(cell, { ...form, barcodes: "7790001, 7790002", price: "1.400,50" })).toEqual({
      barcodes: ["7790001", "7790002"],
      price: 140_050,
    });
    const own = { ...cell, priceFollowsModel: false, price: 140_050 };
    expect(cellFormOf(own).price).toBe("1400,50");
    expect(cellPatch(own, { ...cellFormOf(own), price: "" })).toEqual({ price: null });
    expect(cellPatch(cell, { ...form, active: false })).toEqual({ active: false });
  });

  it("refuses a price or barcode that cannot be read", () => {
    const form = cellFormOf(cell);
    expect(cellPatch(cell, { ...form, price: "abc" })).toEqual({ kind: "price", reason: "format" });
    expect(cellPatch(cell, { ...form, barcodes: "no vale!" })).toEqual({
      kind: "barcode",
      reason: "barcode",
    });
  });
});

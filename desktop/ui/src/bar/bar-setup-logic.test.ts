import { describe, expect, it } from "vitest";
import type { Product } from "@mostrador/contracts/http/catalog";
import { draftOf, moveItem, productsForButtons } from "./bar-setup-logic.js";

describe("the bar layout editor", () => {
  it("moves a group or a button one place, and nothing past either end", () => {
    expect(moveItem(["a", "b", "c"], 1, -1)).toEqual(["b", "a", "c"]);
    expect(moveItem(["a", "b", "c"], 1, 1)).toEqual(["a", "c", "b"]);
    expect(moveItem(["a", "b", "c"], 0, -1)).toEqual(["a", "b", "c"]);
    expect(moveItem(["a", "b", "c"], 2, 1)).toEqual(["a", "b", "c"]);
  });

  it("edits a bar's groups with their buttons in order, the category's name as an empty label", () => {
    const draft = draftOf({
      id: "b",
      name: "Barra",
      updatedAt: "2026-12-07T00:00:00.000Z",
      groups: [
        {
          categoryId: "c",
          label: null,
          title: "Tragos",
          buttons: [
            { productId: "2", name: "Gin tonic", price: 1, active: true },
            { productId: "1", name: "Fernet", price: 1, active: false },
          ],
        },
      ],
    });
    expect(draft).toEqual({
      name: "Barra",
      groups: [{ categoryId: "c", label: "", productIds: ["2", "1"] }],
    });
    expect(draftOf(null)).toEqual({ name: "", groups: [] });
  });

  it("offers as buttons only active products sold by the unit, never a model with variants", () => {
    const base = { active: true, unit: "each", variantAxes: null };
    const products = [
      { ...base, id: "ok" },
      { ...base, id: "weighed", unit: "kg" },
      { ...base, id: "off", active: false },
      { ...base, id: "model", variantAxes: [{ name: "Talle", values: ["M"] }] },
    ] as unknown as Product[];
    expect(productsForButtons(products).map((p) => p.id)).toEqual(["ok"]);
  });
});

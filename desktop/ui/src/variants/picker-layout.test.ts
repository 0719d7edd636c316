import type { VariantCell, VariantGrid } from "@mostrador/contracts/http/catalog";
import { describe, expect, it } from "vitest";
import { firstCursor, moveCursor, pickerLayout } from "./picker-layout.js";

const cell = (values: string[], active = true): VariantCell => ({
  variantId: values.join("-"),
  values,
  name: `Remera · ${values.join(" / ")}`,
  sku: values.join("-"),
  barcodes: [],
  price: 100,
  priceFollowsModel: true,
  cost: null,
  onHand: 2,
  active,
});

const gridOf = (axes: VariantGrid["axes"], cells: VariantCell[]): VariantGrid =>
  ({ model: {} as VariantGrid["model"], axes, cells }) as VariantGrid;

describe("the till's variant picker layout", () => {
  const axes = [
    { name: "Talle", values: ["S", "M"] },
    { name: "Color", values: ["Negro", "Rojo", "Azul"] },
  ];
  const grid = gridOf(axes, [
    cell(["S", "Negro"], false),
    cell(["S", "Rojo"]),
    cell(["S", "Azul"]),
    cell(["M", "Negro"]),
    cell(["M", "Rojo"], false),
    cell(["M", "Azul"]),
    cell(["XL", "Negro"]),
  ]);

  it("lays two axes out as rows by columns, leaving out cells of values no longer listed", () => {
    const layout = pickerLayout(grid);
    expect(layout.kind).toBe("matrix");
    if (layout.kind !== "matrix") return;
    expect(layout.rows).toEqual(["S", "M"]);
    expect(layout.columns).toEqual(["Negro", "Rojo", "Azul"]);
    expect(layout.cells.map((r) => r.map((c) => c?.variantId))).toEqual([
      ["S-Negro", "S-Rojo", "S-Azul"],
      ["M-Negro", "M-Rojo", "M-Azul"],
    ]);
  });

  it("lays one axis, or three, out as a list", () => {
    expect(pickerLayout(gridOf([{ name: "Talle", values: ["S"] }], [cell(["S"])])).kind).toBe("list");
    const three = gridOf(
      [
        { name: "A", values: ["1"] },
        { name: "B", values: ["2"] },
        { name: "C", values: ["3"] },
      ],
      [cell(["1", "2", "3"])],
    );
    expect(pickerLayout(three)).toEqual({ kind: "list", cells: [[cell(["1", "2", "3"])]] });
  });

  it("starts on the first cell that can be sold and moves with the arrows over disabled ones", () => {
    const layout = pickerLayout(grid);
    const start = firstCursor(layout);
    expect(start).toEqual({ row: 0, col: 1 });
    if (!start) return;
    expect(moveCursor(layout, start, "ArrowDown")).toEqual(start); // M/Rojo is off, nothing below it
    expect(moveCursor(layout, start, "ArrowLeft")).toEqual(start); // S/Negro is off
    const right = moveCursor(layout, start, "ArrowRight");
    expect(right).toEqual({ row: 0, col: 2 });
    expect(moveCursor(layout, right, "ArrowDown")).toEqual({ row: 1, col: 2 });
    expect(moveCursor(layout, { row: 1, col: 2 }, "ArrowLeft")).toEqual({ row: 1, col: 0 });
  });

  it("has no cursor when every cell is off", () => {
    expect(firstCursor(pickerLayout(gridOf(axes, [cell(["S", "Negro"], false)])))).toBeNull();
  });
});

import type { PatchVariantInput, VariantAxis, VariantCell } from "@mostrador/contracts/http/catalog";
import { centavosToInput, type ParseFailure, parsePesos } from "../input/parse-decimal.js";

/** The editor's axes and grid as typed text, and what they send to the API. */

export interface AxisForm {
  name: string;
  /** "S, M, L": comma separated, as a shop writes a size run. */
  values: string;
}

export interface CellForm {
  sku: string;
  /** Comma separated, like the product editor's barcodes. */
  barcodes: string;
  /** Pesos typed; empty = follows the model's price. */
  price: string;
  active: boolean;
}

export type GridProblem =
  | { kind: "axisName" | "axisValues"; index: number }
  | { kind: "price" | "barcode"; reason: ParseFailure | "barcode" };

export const axisFormsOf = (axes: readonly VariantAxis[]): AxisForm[] =>
  axes.map((a) => ({ name: a.name, values: a.values.join(", ") }));

/** The axes to send; the server refuses repeated values and too big a grid in words. */
export function axesOf(forms: readonly AxisForm[]): VariantAxis[] | GridProblem {
  const axes: VariantAxis[] = [];
  for (const [index, form] of forms.entries()) {
    const name = form.name.trim();
    const values = form.values
      .split(",")
      .map((v) => v.trim())
      .filter(Boolean);
    if (!name) return { kind: "axisName", index };
    if (values.length === 0) return { kind: "axisValues", index };
    axes.push({ name, values });
  }
  return axes;
}

export const isGridProblem = (v: unknown): v is GridProblem =>
  typeof v === "object" && v !== null && "kind" in v;

export function cellFormOf(cell: VariantCell): CellForm {
  return {
    sku: cell.sku,
    barcodes: cell.barcodes.join(", "),
    price: cell.priceFollowsModel ? "" : centavosToInput(cell.price),
    active: cell.active,
  };
}

/** What changed on one cell, or null when nothing did. */
export function cellPatch(cell: VariantCell, form: CellForm): PatchVariantInput | GridProblem | null {
  const out: PatchVariantInput = {};
  const before = cellFormOf(cell);
  if (form.sku.trim() !== before.sku) out.sku = form.sku.trim();
  const barcodes = form.barcodes.split(/[\s,;]+/).filter(Boolean);
  if (barcodes.some((b) => !/^[\w.-]{1,48}$/.test(b))) return { kind: "barcode", reason: "barcode" };
  if (barcodes.join(",") !== cell.barcodes.join(",")) out.barcodes = barcodes;
  if (form.price.trim() === "") {
    if (!cell.priceFollowsModel) out.price = null;
  } else {
    const price = parsePesos(form.price);
    if (!price.ok) return { kind: "price", reason: price.reason };
    if (cell.priceFollowsModel || price.value !== cell.price) out.price = price.value;
  }
  if (form.active !== cell.active) out.active = form.active;
  return Object.keys(out).length > 0 ? out : null;
}

import type { PatchVariantInput, VariantAxis, VariantCellInput } from "@mostrador/contracts/http/catalog";
import type { IvaRate } from "@mostrador/contracts/http/sales";
import { Refusal } from "@mostrador/contracts/refusal";
import type { Ctx } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import type { ProductPatch, ProductUnit } from "../catalog/product-input.js";
import { type Actor, writeProductUpdate } from "../catalog/product-writes.js";
import { getProduct } from "../catalog/products.js";
import { cellKey, valueKey } from "../catalog/variant-axes.js";
import { createModel, getVariantGrid, setAxes, updateVariant } from "../catalog/variants.js";
import type { Table } from "./read-table.js";
import type { RowErrors, SheetRow } from "./row-check.js";
import { fold, type Mapping } from "./sheet-mapping.js";

/** A checked catalog row that names a model: a variant, its values by axis name. */
export interface VariantSheetRow {
  row: SheetRow;
  sku: string;
  name: string;
  price: number;
  barcodes?: string[];
  category?: string | null;
  ivaRate?: IvaRate;
  unit?: ProductUnit;
  lowStockThreshold?: number | null;
  modelSku: string;
  axes: { name: string; value: string }[];
}

/** The axis columns of a catalog file: every column right of "Modelo" that no field takes, by header. */
export function axisColumns(table: Table, mapping: Mapping): { column: number; name: string }[] {
  const model = mapping.model;
  if (model === undefined) return [];
  const taken = new Set(Object.values(mapping));
  return table.headers.flatMap((header, column) =>
    column > model && !taken.has(column) && header.trim() !== "" ? [{ column, name: header.trim() }] : [],
  );
}

/** The axis values a row gives: its non-blank cells in the axis columns. */
export function axisValuesOf(
  cells: readonly string[],
  columns: readonly { column: number; name: string }[],
): { name: string; value: string }[] {
  return columns.flatMap(({ column, name }) => {
    const value = (cells[column] ?? "").trim();
    return value === "" ? [] : [{ name, value }];
  });
}

interface Group {
  modelSku: string;
  rows: VariantSheetRow[];
  axisNames: string[];
}

/**
 * Groups the rows by model, refusing (on the row, in Spanish) a row whose axes differ from its model's
 * first row, or that repeats another row's values.
 */
export function groupVariantRows(rows: readonly VariantSheetRow[]): Group[] {
  const groups = new Map<string, Group>();
  const seen = new Map<string, number>();
  for (const r of rows) {
    const key = fold(r.modelSku);
    const names = r.axes.map((a) => a.name);
    if (names.length === 0) {
      r.row.fail(
        "model",
        `La variante de ${r.modelSku} no tiene valores: van en las columnas a la derecha de Modelo`,
      );
      continue;
    }
    let group = groups.get(key);
    if (!group) {
      group = { modelSku: r.modelSku, rows: [], axisNames: names };
      groups.set(key, group);
    }
    if (names.map(fold).join("|") !== group.axisNames.map(fold).join("|")) {
      r.row.fail(
        "model",
        `La fila tiene valores en ${names.join(", ")}, pero las variantes de ${r.modelSku} los tienen en ${group.axisNames.join(", ")}`,
      );
      continue;
    }
    const cell = `${key}:${cellKey(r.axes.map((a) => a.value))}`;
    const first = seen.get(cell);
    if (first !== undefined) {
      r.row.fail(
        "model",
        `La variante ${r.axes.map((a) => a.value).join(" / ")} de ${r.modelSku} está repetida (fila ${first})`,
      );
      continue;
    }
    seen.set(cell, r.row.line);
    group.rows.push(r);
  }
  return [...groups.values()].filter((g) => g.rows.length > 0);
}

/** Axes with the values the rows bring added after the ones the model has. */
function axesWith(
  base: readonly VariantAxis[],
  names: readonly string[],
  rows: readonly VariantSheetRow[],
): VariantAxis[] {
  return names.map((name, i) => {
    const values = [...(base[i]?.values ?? [])];
    for (const r of rows) {
      const v = r.axes[i]?.value ?? "";
      if (!values.some((x) => valueKey(x) === valueKey(v))) values.push(v);
    }
    return { name: base[i]?.name ?? name, values };
  });
}

/**
 * Writes the variant rows of a catalog file: a model not in the catalog is created with its grid (its
 * name, category, IVA and unit from its first row, its price the first row's; other prices become the
 * variants' own), a model in the catalog gets the new values and each row updates its variant. Each
 * model is written through catalog/variants.ts, so every row changed enqueues its product op. A refusal
 * is reported on the row it comes from; the caller's transaction then leaves the catalog as it was.
 */
export function writeVariantRows(
  ctx: Ctx,
  groups: readonly Group[],
  categoryId: (name: string | null | undefined) => string | null | undefined,
  errors: RowErrors,
  actor: Actor | undefined,
): { created: number; updated: number } {
  let created = 0;
  let updated = 0;
  const attempt = (row: SheetRow, fn: () => void) => {
    try {
      ctx.db.transaction(fn)();
    } catch (e) {
      if (!(e instanceof Refusal)) throw e;
      row.fail("model", e.message);
    }
  };
  for (const g of groups) {
    const first = g.rows[0] as VariantSheetRow;
    const existing = ctx.db
      .prepare("SELECT id, variant_axes AS axes FROM products WHERE sku = ?")
      .get(g.modelSku) as { id: string; axes: string | null } | undefined;
    if (existing && existing.axes === null) {
      first.row.fail(
        "model",
        `El código ${g.modelSku} es de un producto sin variantes: usá otro código de modelo`,
      );
      continue;
    }
    if (!existing) {
      attempt(first.row, () => {
        const cells: VariantCellInput[] = g.rows.map((r) => ({
          values: r.axes.map((a) => a.value),
          sku: r.sku,
          ...(r.barcodes ? { barcodes: r.barcodes } : {}),
          ...(r.price !== first.price ? { price: r.price } : {}),
          ...(r.lowStockThreshold !== undefined ? { lowStockThreshold: r.lowStockThreshold } : {}),
        }));
        const grid = createModel(
          ctx,
          {
            sku: g.modelSku,
            name: first.name,
            categoryId: categoryId(first.category) ?? null,
            price: first.price,
            ivaRate: first.ivaRate ?? 2100,
            unit: first.unit ?? "each",
            axes: axesWith([], g.axisNames, g.rows),
            cells,
          },
          actor,
        );
        created += grid.cells.length;
      });
      continue;
    }
    attempt(first.row, () => {
      const model = getProduct(ctx, existing.id);
      const axes = JSON.parse(existing.axes as string) as VariantAxis[];
      if (axes.length !== g.axisNames.length) {
        throw new DomainError(
          "invalid",
          "axes_count_fixed",
          `${g.modelSku} tiene ${axes.map((a) => a.name).join(", ")}: la fila trae ${g.axisNames.join(", ")}`,
        );
      }
      const wider = axesWith(axes, g.axisNames, g.rows);
      if (wider.some((a, i) => a.values.length !== axes[i]?.values.length))
        setAxes(ctx, model.id, { axes: wider }, actor);
      const patch: ProductPatch = {};
      if (model.name !== first.name) patch.name = first.name;
      const catId = categoryId(first.category);
      if (catId !== undefined && catId !== model.categoryId) patch.categoryId = catId;
      if (first.ivaRate !== undefined && first.ivaRate !== model.ivaRate) patch.ivaRate = first.ivaRate;
      if (first.unit !== undefined && first.unit !== model.unit) patch.unit = first.unit;
      if (Object.keys(patch).length > 0) {
        writeProductUpdate(ctx, model.id, patch, actor, { source: "import" });
        updated++;
      }
    });
    if (!ctx.db.prepare("SELECT 1 FROM products WHERE sku = ? AND variant_axes IS NOT NULL").get(g.modelSku))
      continue;
    const grid = getVariantGrid(ctx, existing.id);
    const byCell = new Map(grid.cells.map((c) => [cellKey(c.values), c]));
    for (const r of g.rows) {
      const cell = byCell.get(cellKey(r.axes.map((a) => a.value)));
      if (!cell) continue;
      const change: PatchVariantInput = {};
      if (cell.sku !== r.sku) change.sku = r.sku;
      if (r.barcodes && [...r.barcodes].sort().join(" ") !== cell.barcodes.join(" "))
        change.barcodes = r.barcodes;
      if (r.price === grid.model.price) {
        if (!cell.priceFollowsModel) change.price = null;
      } else if (r.price !== cell.price || cell.priceFollowsModel) change.price = r.price;
      if (!cell.active) change.active = true;
      if (Object.keys(change).length === 0) continue;
      attempt(r.row, () => {
        updateVariant(ctx, cell.variantId, change, actor);
        updated++;
      });
    }
  }
  return { created, updated };
}

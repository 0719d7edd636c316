import type { IvaRate } from "@mostrador/contracts/http/sales";
import type { ImportResult } from "@mostrador/contracts/http/spreadsheets";
import { type Ctx, isoNow } from "@mostrador/kernel/core/context";
import { recordAudit } from "@mostrador/kernel/staff/audit";
import { insertCategory, listCategories } from "../catalog/categories.js";
import {
  cleanBarcodes,
  cleanName,
  cleanPrice,
  cleanSku,
  cleanThreshold,
  type ProductPatch,
  type ProductUnit,
} from "../catalog/product-input.js";
import { type Actor, insertProduct, writeProductUpdate } from "../catalog/product-writes.js";
import {
  axisColumns,
  axisValuesOf,
  type VariantSheetRow,
  groupVariantRows,
  writeVariantRows,
} from "./import-variants.js";
import { RowErrors, type SheetRow, sheetRows } from "./row-check.js";
import type { Table } from "./read-table.js";
import { fold, type Mapping } from "./sheet-mapping.js";
import { parseDecimal, parseMoney } from "./sheet-numbers.js";

/** One valid row: the fields the file gives (unmapped ones stay as they are on an existing product). */
interface ProductRow {
  line: number;
  sku: string;
  name: string;
  price: number;
  barcodes?: string[];
  category?: string | null;
  ivaRate?: IvaRate;
  unit?: ProductUnit;
  lowStockThreshold?: number | null;
}

interface Existing {
  id: string;
  name: string;
  price: number;
  categoryId: string | null;
  ivaRate: number;
  unit: string;
  lowStockThreshold: number | null;
  barcodes: string;
  /** The model's SKU when the product is a variant; "model" when it is a model itself. */
  variantOf: string | null;
}

export function parseIvaRate(text: string): IvaRate | null {
  const t = fold(text);
  if (t === "exento" || t === "exenta" || t === "no gravado") return 0;
  const n = parseDecimal(text);
  if (n === 0) return 0;
  if (n === 10.5 || n === 1050 || n === 0.105) return 1050;
  if (n === 21 || n === 2100 || n === 0.21) return 2100;
  return null;
}

export function parseUnit(text: string): ProductUnit | null {
  const t = fold(text);
  if (["kg", "kilo", "kilos", "kilogramo", "peso", "granel", "por kg", "por peso"].includes(t)) return "kg";
  if (["u", "un", "und", "unid", "unidad", "unidades", "each", "unit", "c u", "cu"].includes(t))
    return "each";
  return null;
}

function checkRow(row: SheetRow): ProductRow | null {
  const sku = row.check("sku", () => cleanSku(row.text("sku") ?? ""));
  const name = row.check("name", () => cleanName(row.text("name") ?? ""));
  const priceText = row.text("price");
  let price: number | undefined;
  if (priceText === null) row.fail("price", "Falta el precio");
  else {
    const cents = parseMoney(priceText);
    if (cents === null) row.fail("price", `«${priceText}» no es un precio (ej.: 1234,50)`);
    else if (cents < 0) row.fail("price", "El precio no puede ser negativo");
    else price = row.check("price", () => cleanPrice(cents));
  }
  const out: Partial<ProductRow> = { line: row.line };
  if (row.has("barcodes")) {
    const codes = (row.text("barcodes") ?? "").split(/[\s|,;/]+/).filter(Boolean);
    out.barcodes = row.check("barcodes", () => cleanBarcodes(codes));
  }
  if (row.has("category")) out.category = row.text("category");
  if (row.has("ivaRate")) {
    const text = row.text("ivaRate");
    const rate = text === null ? 2100 : parseIvaRate(text);
    if (rate === null) row.fail("ivaRate", `«${text}» no es una alícuota de IVA (0, 10,5 o 21)`);
    else out.ivaRate = rate;
  }
  if (row.has("unit")) {
    const text = row.text("unit");
    const unit = text === null ? "each" : parseUnit(text);
    if (unit === null) row.fail("unit", `«${text}» no es una unidad (unidad o kg)`);
    else out.unit = unit;
  }
  if (row.has("lowStockThreshold")) {
    const text = row.text("lowStockThreshold");
    if (text === null) out.lowStockThreshold = null;
    else {
      const n = parseDecimal(text);
      // Weighed goods keep their threshold in grams; the file says kilos, as the shop thinks of them.
      const value = n === null ? NaN : out.unit === "kg" ? Math.round(n * 1000) : n;
      if (n !== null && n < 0) row.fail("lowStockThreshold", "El stock mínimo no puede ser negativo");
      else out.lowStockThreshold = row.check("lowStockThreshold", () => cleanThreshold(value));
    }
  }
  if (sku === undefined || name === undefined || price === undefined) return null;
  if (Object.values(out).some((v) => v === undefined)) return null;
  return { ...out, sku, name, price } as ProductRow;
}

/**
 * Imports a catalog: a row whose code (SKU) exists updates that product with the columns the file gives,
 * any other row creates one. Every row is checked first (against the file and the database); one bad
 * row refuses the whole file. Then all rows are written in ONE transaction through the catalog's own
 * write paths, so each change enqueues its outbox entry; a dry run stops before writing.
 */
export function importProducts(
  ctx: Ctx,
  table: Table,
  mapping: Mapping,
  options: { dryRun: boolean; actor?: Actor },
): ImportResult {
  const errors = new RowErrors(table.headers);
  const rows = sheetRows(table, mapping, errors);
  const existing = new Map(
    (
      ctx.db
        .prepare(
          `SELECT p.sku, p.id, p.name, p.price, p.category_id AS categoryId, p.iva_rate AS ivaRate, p.unit,
                  p.low_stock_threshold AS lowStockThreshold,
                  (SELECT json_group_array(b.barcode) FROM product_barcodes b WHERE b.product_id = p.id) AS barcodes,
                  CASE WHEN p.variant_axes IS NOT NULL THEN 'model'
                       ELSE (SELECT m.sku FROM products m WHERE m.id = p.variant_of) END AS variantOf
             FROM products p`,
        )
        .all() as (Existing & { sku: string })[]
    ).map((p) => [p.sku, p]),
  );
  const barcodeOwner = new Map(
    ctx.db
      .prepare("SELECT b.barcode, p.sku FROM product_barcodes b JOIN products p ON p.id = b.product_id")
      .raw()
      .all() as [string, string][],
  );
  const skuLine = new Map<string, number>();
  const barcodeLine = new Map<string, number>();
  const valid: ProductRow[] = [];
  const variantRows: VariantSheetRow[] = [];
  const axes = axisColumns(table, mapping);
  // sheetRows reads table.rows one for one: each row's cells, for its axis columns.
  const cellsOf = new Map(axes.length > 0 ? rows.map((r, i) => [r, table.rows[i]?.cells ?? []]) : []);
  for (const row of rows) {
    const p = checkRow(row);
    if (!p) continue;
    const modelSku = row.text("model");
    const current = existing.get(p.sku);
    if (modelSku === null && current?.variantOf) {
      row.fail(
        "sku",
        current.variantOf === "model"
          ? `${p.sku} es un producto con variantes: sus filas son las de cada variante, con ${p.sku} en Modelo`
          : `${p.sku} es una variante de ${current.variantOf}: poné ${current.variantOf} en la columna Modelo`,
      );
      continue;
    }
    const firstSku = skuLine.get(p.sku);
    if (firstSku !== undefined) {
      row.fail("sku", `El código ${p.sku} está repetido (ya aparece en la fila ${firstSku})`);
      continue;
    }
    skuLine.set(p.sku, p.line);
    let clash = false;
    for (const code of p.barcodes ?? []) {
      const firstLine = barcodeLine.get(code);
      const owner = barcodeOwner.get(code);
      if (firstLine !== undefined) {
        row.fail(
          "barcodes",
          `El código de barras ${code} está repetido (ya aparece en la fila ${firstLine})`,
        );
        clash = true;
      } else if (owner !== undefined && owner !== p.sku) {
        row.fail("barcodes", `El código de barras ${code} ya es del producto con código ${owner}`);
        clash = true;
      }
      barcodeLine.set(code, p.line);
    }
    if (clash) continue;
    if (modelSku === null) valid.push(p);
    else {
      const cells = cellsOf.get(row) ?? [];
      variantRows.push({ ...p, row, modelSku, axes: axisValuesOf(cells, axes) });
    }
  }
  const groups = groupVariantRows(variantRows);
  errors.throwIfAny();

  const categories = new Map(listCategories(ctx).map((c) => [fold(c.name), c.id]));
  let created = 0;
  let updated = 0;
  const changedIds: string[] = [];
  const write = () => {
    const categoryId = (name: string | null | undefined): string | null | undefined => {
      if (name === undefined) return undefined;
      if (name === null) return null;
      const key = fold(name);
      let id = categories.get(key);
      if (!id) {
        id = options.dryRun ? `new:${key}` : insertCategory(ctx, name).id;
        categories.set(key, id);
      }
      return id;
    };
    for (const p of valid) {
      const current = existing.get(p.sku);
      const catId = categoryId(p.category);
      if (!current) {
        created++;
        if (options.dryRun) continue;
        const product = insertProduct(ctx, {
          sku: p.sku,
          name: p.name,
          price: p.price,
          ivaRate: p.ivaRate ?? 2100,
          unit: p.unit ?? "each",
          categoryId: catId ?? null,
          barcodes: p.barcodes ?? [],
          lowStockThreshold: p.lowStockThreshold ?? null,
        });
        changedIds.push(product.id);
        continue;
      }
      const patch = changes(current, p, catId);
      if (Object.keys(patch).length === 0) continue;
      updated++;
      if (options.dryRun) continue;
      writeProductUpdate(ctx, current.id, patch, undefined, { source: "import" });
      changedIds.push(current.id);
    }
    if (groups.length > 0) {
      // Variants are written for real even in a dry run (the grid checks live in the catalog), then rolled back.
      const DRY = new Error("dry run");
      try {
        ctx.db.transaction(() => {
          // A category a dry run only pretends to create does not exist for the grid's checks.
          const realCategory = (name: string | null | undefined) => {
            const id = categoryId(name);
            return id?.startsWith("new:") ? null : id;
          };
          const counts = writeVariantRows(ctx, groups, realCategory, errors, options.actor);
          created += counts.created;
          updated += counts.updated;
          errors.throwIfAny();
          if (options.dryRun) throw DRY;
        })();
      } catch (e) {
        if (e !== DRY) throw e;
      }
    }
    if (!options.dryRun && options.actor && created + updated > 0) {
      recordAudit(ctx.db, {
        at: isoNow(ctx),
        staffId: options.actor.staffId,
        terminalId: options.actor.terminalId ?? null,
        action: "catalog.import",
        entity: "product",
        details: { rows: valid.length, created, updated },
      });
    }
  };
  if (options.dryRun) write();
  else ctx.db.transaction(write)();
  if (changedIds.length > 0)
    // Tills only re-run their search on this event; a huge list of ids would just weigh on the socket.
    ctx.bus.emit("catalog.changed", { productIds: changedIds.length <= 500 ? changedIds : [] });
  return { applied: !options.dryRun, rows: valid.length, created, updated };
}

/** Only what differs, so an unchanged row writes nothing and enqueues nothing. */
function changes(current: Existing, p: ProductRow, categoryId: string | null | undefined): ProductPatch {
  const patch: ProductPatch = {};
  if (current.name !== p.name) patch.name = p.name;
  if (current.price !== p.price) patch.price = p.price;
  if (p.ivaRate !== undefined && current.ivaRate !== p.ivaRate) patch.ivaRate = p.ivaRate;
  if (p.unit !== undefined && current.unit !== p.unit) patch.unit = p.unit;
  if (categoryId !== undefined && current.categoryId !== categoryId) patch.categoryId = categoryId;
  if (p.lowStockThreshold !== undefined && current.lowStockThreshold !== p.lowStockThreshold)
    patch.lowStockThreshold = p.lowStockThreshold;
  if (p.barcodes !== undefined) {
    const before = (JSON.parse(current.barcodes) as string[]).sort().join(" ");
    if (before !== [...p.barcodes].sort().join(" ")) patch.barcodes = p.barcodes;
  }
  return patch;
}

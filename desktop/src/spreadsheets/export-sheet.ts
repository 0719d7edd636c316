import { stringify } from "csv-stringify/sync";
import type { ExportKind } from "@mostrador/contracts/http/spreadsheets";
import type { Ctx } from "@mostrador/kernel/core/context";
import { listSuppliers } from "../purchasing/suppliers.js";
import type { VariantAxis } from "@mostrador/contracts/http/catalog";
import { FIELD_LABELS, fold } from "./sheet-mapping.js";
import { moneyText, quantityText } from "./sheet-numbers.js";

type Cell = string | number | null;
interface Sheet {
  headers: string[];
  rows: Cell[][];
  /** Columns holding money in centavos: pesos with a decimal comma in CSV, a 2-decimal number in XLSX. */
  money: Set<number>;
}

const ivaText = (rate: number) => (rate === 1050 ? "10,5" : String(rate / 100));

/**
 * The catalog with the same header names the import suggests, so an exported file imports back as is.
 * One row per product a till sells: a product with variants is one row per variant, its model's SKU in
 * "Modelo", the model's name in "Nombre", and its values in one column per axis name (Talle, Color) after it.
 */
function productsSheet(ctx: Ctx): Sheet {
  const rows = ctx.db
    .prepare(
      `SELECT p.sku, COALESCE(m.name, p.name),
              (SELECT group_concat(b.barcode, ' ') FROM product_barcodes b WHERE b.product_id = p.id) AS barcodes,
              c.name AS category, p.price, p.iva_rate, p.unit, p.low_stock_threshold, m.sku, m.variant_axes,
              p.variant_values
         FROM products p LEFT JOIN categories c ON c.id = p.category_id
         LEFT JOIN products m ON m.id = p.variant_of
        WHERE p.active = 1 AND p.variant_axes IS NULL ORDER BY p.name_key`,
    )
    .raw()
    .all() as [
    string,
    string,
    string | null,
    string | null,
    number,
    number,
    string,
    number | null,
    string | null,
    string | null,
    string | null,
  ][];
  // One column per axis name any model uses, in the order first met ("Talle", "Color", "Largo").
  const axisNames: string[] = [];
  for (const r of rows) {
    for (const axis of r[9] ? (JSON.parse(r[9]) as VariantAxis[]) : []) {
      if (!axisNames.some((n) => fold(n) === fold(axis.name))) axisNames.push(axis.name);
    }
  }
  const withVariants = axisNames.length > 0;
  const f = FIELD_LABELS;
  return {
    headers: [
      f.sku,
      f.name,
      f.barcodes,
      f.category,
      f.price,
      f.ivaRate,
      f.unit,
      f.lowStockThreshold,
      // A catalog without variants exports as it always did, without the Modelo column.
      ...(withVariants ? [f.model, ...axisNames] : []),
    ],
    money: new Set([4]),
    rows: rows.map(
      ([sku, name, barcodes, category, price, iva, unit, threshold, modelSku, axesJson, valuesJson]) => {
        const axes = axesJson ? (JSON.parse(axesJson) as VariantAxis[]) : [];
        const values = valuesJson ? (JSON.parse(valuesJson) as string[]) : [];
        const valueOf = (axisName: string) => {
          const i = axes.findIndex((a) => fold(a.name) === fold(axisName));
          return i < 0 ? null : (values[i] ?? null);
        };
        const variant = withVariants ? [modelSku, ...axisNames.map(valueOf)] : [];
        return [
          sku,
          name,
          barcodes,
          category,
          price,
          ivaText(iva),
          unit === "kg" ? "kg" : "unidad",
          threshold === null ? null : unit === "kg" ? String(threshold / 1000).replace(".", ",") : threshold,
          ...variant,
        ];
      },
    ),
  };
}

function suppliersSheet(ctx: Ctx): Sheet {
  const f = FIELD_LABELS;
  return {
    headers: [f.name, f.cuit, f.contact, f.phone, f.email, f.paymentTerms, f.leadTimeDays, f.notes],
    money: new Set(),
    rows: listSuppliers(ctx)
      .filter((s) => s.active)
      .map((s) => [s.name, s.cuit, s.contact, s.phone, s.email, s.paymentTerms, s.leadTimeDays, s.notes]),
  };
}

/** On-hand per active product, as a stock sheet imports it: kg with a decimal comma for weighed goods. */
function stockSheet(ctx: Ctx): Sheet {
  const f = FIELD_LABELS;
  const rows = ctx.db
    .prepare(
      `SELECT p.sku, p.name, p.unit, COALESCE(s.quantity, 0) AS quantity
         FROM products p LEFT JOIN stock_on_hand s ON s.product_id = p.id
        WHERE p.active = 1 AND p.variant_axes IS NULL ORDER BY p.name_key`,
    )
    .raw()
    .all() as [string, string, "each" | "kg", number][];
  return {
    headers: [f.sku, f.name, f.unit, f.quantity],
    money: new Set(),
    rows: rows.map(([sku, name, unit, q]) => [
      sku,
      name,
      unit === "kg" ? "kg" : "unidad",
      quantityText(q, unit),
    ]),
  };
}

/** The weighted average cost per active product (blank when never costed), as a cost sheet imports it. */
function costsSheet(ctx: Ctx): Sheet {
  const f = FIELD_LABELS;
  const rows = ctx.db
    .prepare(
      `SELECT p.sku, p.name, p.unit, c.average_cost
         FROM products p LEFT JOIN product_costs c ON c.product_id = p.id
        WHERE p.active = 1 AND p.variant_axes IS NULL ORDER BY p.name_key`,
    )
    .raw()
    .all() as [string, string, string, number | null][];
  return {
    headers: [f.sku, f.name, f.unit, f.cost],
    money: new Set([3]),
    rows: rows.map(([sku, name, unit, cost]) => [sku, name, unit === "kg" ? "kg" : "unidad", cost]),
  };
}

const SHEETS: Record<ExportKind, (ctx: Ctx) => Sheet> = {
  products: productsSheet,
  stock: stockSheet,
  costs: costsSheet,
  suppliers: suppliersSheet,
};
const SHEET_NAMES: Record<ExportKind, string> = {
  products: "Productos",
  stock: "Stock",
  costs: "Costos",
  suppliers: "Proveedores",
};

// A text cell starting with one of these would run as a formula when Excel opens the CSV.
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * CSV for Excel in Spanish: ";" between cells, a UTF-8 BOM (without it Excel reads Windows-1252 and
 * breaks the accents), CRLF, and money with a decimal comma.
 */
export function exportCsv(ctx: Ctx, kind: ExportKind): Buffer {
  const sheet = SHEETS[kind](ctx);
  const rows = sheet.rows.map((r) =>
    r.map((cell, i) => {
      if (cell === null) return "";
      if (typeof cell === "number") return sheet.money.has(i) ? moneyText(cell) : String(cell);
      return FORMULA_START.test(cell) && !/^-?\d/.test(cell) ? `'${cell}` : cell;
    }),
  );
  const text = stringify([sheet.headers, ...rows], { delimiter: ";", record_delimiter: "\r\n" });
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")]);
}

/** XLSX: money as numbers with two decimals (Excel shows them in the reader's locale), text as text. */
export async function exportXlsx(ctx: Ctx, kind: ExportKind): Promise<Buffer> {
  const sheet = SHEETS[kind](ctx);
  // Loaded when a sheet is first exported, not at the appliance's start (it is hundreds of files).
  const { default: ExcelJS } = await import("exceljs");
  const workbook = new ExcelJS.Workbook();
  const ws = workbook.addWorksheet(SHEET_NAMES[kind]);
  ws.addRow(sheet.headers).font = { bold: true };
  for (const r of sheet.rows)
    ws.addRow(r.map((cell, i) => (typeof cell === "number" && sheet.money.has(i) ? cell / 100 : cell)));
  for (const i of sheet.money) ws.getColumn(i + 1).numFmt = "#,##0.00";
  // Codes stay text: "0001" or a 13-digit barcode must not turn into a number.
  ws.getColumn(1).numFmt = "@";
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

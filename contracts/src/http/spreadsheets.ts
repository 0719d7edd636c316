import { Type, type Static } from "@sinclair/typebox";
import { Closed } from "./fields.js";

/**
 * Spreadsheets in and out (desktop/src/spreadsheets/routes.ts). The file travels as the raw request body
 * (application/octet-stream); what to do with it travels in the query string.
 */

/** Bigger files are refused from the Content-Length header, before a byte is parsed. */
export const SPREADSHEET_MAX_BYTES = 10 * 1024 * 1024;
/** Rows one import accepts (a large shop's catalog fits many times over). */
export const SPREADSHEET_MAX_ROWS = 200_000;
/** Row errors one answer lists; the count says how many there were in all. */
export const SPREADSHEET_MAX_ERRORS = 200;

export const SHEET_KINDS = ["products", "prices", "stock", "costs", "suppliers"] as const;
export const SheetKind = Type.Union(SHEET_KINDS.map((k) => Type.Literal(k)));
export type SheetKind = Static<typeof SheetKind>;

/** The fields each kind can fill; the mapping says which file column fills each one. */
export const SHEET_FIELDS = {
  /**
   * `model`: the SKU of the product with variants a row is a variant of; the columns to the RIGHT of it
   * that no field takes are its axes, one per column (Talle, Color), each row giving its values.
   */
  products: ["sku", "name", "barcodes", "category", "price", "ivaRate", "unit", "lowStockThreshold", "model"],
  prices: ["sku", "barcode", "price"],
  /** The quantity counted (units, or kg with a decimal comma): it replaces the product's on-hand. */
  stock: ["sku", "barcode", "quantity"],
  /** The cost per unit (per kg for weighed goods): it becomes the product's weighted average cost. */
  costs: ["sku", "barcode", "cost"],
  suppliers: ["name", "cuit", "contact", "phone", "email", "paymentTerms", "leadTimeDays", "notes"],
} as const satisfies Record<SheetKind, readonly string[]>;
export type SheetField<K extends SheetKind = SheetKind> = (typeof SHEET_FIELDS)[K][number];

/** Fields a row cannot go without (prices, stock, costs: sku or barcode too, checked per row). */
export const REQUIRED_FIELDS = {
  products: ["sku", "name", "price"],
  prices: ["price"],
  stock: ["quantity"],
  costs: ["cost"],
  suppliers: ["name"],
} as const satisfies { [K in SheetKind]: readonly SheetField<K>[] };

/** POST /api/spreadsheets/preview?kind=…: what the file holds and a suggested mapping. */
export const PreviewQuery = Type.Object({ kind: SheetKind }, Closed);
export const SheetPreview = Type.Object({
  format: Type.Union([Type.Literal("csv"), Type.Literal("xlsx")]),
  /** "utf-8" or "windows-1252" for CSV; "xlsx" for a workbook. */
  encoding: Type.String(),
  /** The CSV separator found (";", ",", "\t"); null for XLSX. */
  separator: Type.Union([Type.String(), Type.Null()]),
  headers: Type.Array(Type.String()),
  /** The first rows after the header, as text. */
  sample: Type.Array(Type.Array(Type.String())),
  rowCount: Type.Integer(),
  /** Field → column index (0-based), guessed from the header names in Spanish or English. */
  mapping: Type.Record(Type.String(), Type.Integer()),
});
export type SheetPreview = Static<typeof SheetPreview>;

/** POST /api/spreadsheets/import?kind=…&mapping=…&dryRun=…: the JSON mapping field → column index. */
export const ImportQuery = Type.Object(
  {
    kind: SheetKind,
    mapping: Type.String({ minLength: 2, maxLength: 2000 }),
    dryRun: Type.Optional(Type.Boolean()),
  },
  Closed,
);
export type ImportQuery = Static<typeof ImportQuery>;

export const ImportResult = Type.Object({
  /** False for a dry run: everything was checked and nothing written. */
  applied: Type.Boolean(),
  rows: Type.Integer(),
  created: Type.Integer(),
  updated: Type.Integer(),
});
export type ImportResult = Static<typeof ImportResult>;

/** One problem in the file; `row` is the spreadsheet's row number (the header is row 1). */
export const RowError = Type.Object({
  row: Type.Integer(),
  column: Type.String(),
  message: Type.String(),
});
export type RowError = Static<typeof RowError>;

/** The `details` of the 400 `import_invalid` refusal: the first errors and how many in all. */
export const ImportErrors = Type.Object({ errors: Type.Array(RowError), total: Type.Integer() });
export type ImportErrors = Static<typeof ImportErrors>;

/** Kinds whose rows name an existing product by its code (SKU) or barcode. */
export const PRODUCT_REF_KINDS = ["prices", "stock", "costs"] as const satisfies readonly SheetKind[];

export const EXPORT_KINDS = [
  "products",
  "stock",
  "costs",
  "suppliers",
] as const satisfies readonly SheetKind[];
export type ExportKind = (typeof EXPORT_KINDS)[number];

/** GET /api/spreadsheets/export?kind=…&format=… */
export const ExportQuery = Type.Object(
  {
    kind: Type.Union(EXPORT_KINDS.map((k) => Type.Literal(k))),
    format: Type.Union([Type.Literal("csv"), Type.Literal("xlsx")]),
  },
  Closed,
);
export type ExportQuery = Static<typeof ExportQuery>;

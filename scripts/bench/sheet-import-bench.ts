import { withCheckDigit } from "@mostrador/contracts/pos/gs1";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { nameKey } from "@mostrador/contracts/search-key";

import { openApplianceCore } from "@mostrador/desktop/appliance/open-appliance-core";
import { importProducts } from "@mostrador/desktop/spreadsheets/import-products";
import { readTable } from "@mostrador/desktop/spreadsheets/read-table";
import { checkMapping, suggestMapping } from "@mostrador/desktop/spreadsheets/sheet-mapping";
import { moneyText } from "@mostrador/desktop/spreadsheets/sheet-numbers";
import { newId } from "@mostrador/kernel/db/ids";

export interface SheetImportResults {
  products: number;
  fileBytes: number;
  /** Seconds: the bare multi-row INSERT of the same rows, and the whole import (read, check, write). */
  baselineSeconds: number;
  importSeconds: number;
}

const CATEGORIES = [
  "Almacén",
  "Bebidas",
  "Lácteos",
  "Limpieza",
  "Perfumería",
  "Fiambrería",
  "Panadería",
  "Kiosco",
];

const ean13 = (serial: number) => withCheckDigit(`7798${String(serial).padStart(8, "0")}`);

interface Row {
  sku: string;
  name: string;
  barcode: string;
  category: string;
  price: number;
}

const rowsOf = (count: number): Row[] =>
  Array.from({ length: count }, (_, k) => ({
    sku: `IMP-${k + 1}`,
    name: `Artículo de prueba ${k + 1}`,
    barcode: ean13(k + 1),
    category: CATEGORIES[k % CATEGORIES.length] as string,
    price: 10_000 + ((k * 7919) % 2_000_000),
  }));

/** The file as Excel in Spanish saves it: ";", decimal comma, "$" signs, a BOM. */
function csvOf(rows: readonly Row[]): Buffer {
  const lines = ["Código;Descripción;Código de barras;Rubro;Precio;IVA;Unidad"];
  for (const r of rows)
    lines.push(`${r.sku};${r.name};${r.barcode};${r.category};$ ${moneyText(r.price)};21;u`);
  return Buffer.from(`\uFEFF${lines.join("\r\n")}\r\n`, "utf8");
}

function withFreshCore<T>(fn: (ctx: ReturnType<typeof openApplianceCore>) => T): T {
  const dataDir = mkdtempSync(join(tmpdir(), "mostrador-bench-sheets-"));
  const ctx = openApplianceCore(dataDir);
  try {
    return fn(ctx);
  } finally {
    ctx.db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const CHUNK = 100;

/**
 * The baseline: the rows the import writes (categories, products, barcodes, one outbox row per product
 * and category) as bare multi-row INSERTs of 100 rows, prepared once, in one transaction, with no file to
 * read and nothing checked.
 */
function bareInsert(ctx: ReturnType<typeof openApplianceCore>, rows: readonly Row[]): void {
  const db = ctx.db;
  const at = new Date().toISOString();
  const values = (n: number, one: string) => Array.from({ length: n }, () => one).join(",");
  const products = (n: number) =>
    db.prepare(
      `INSERT INTO products (id, sku, name, name_key, category_id, price, iva_rate, unit, scale_code, low_stock_threshold,
                             active, created_at, updated_at) VALUES ${values(n, "(?, ?, ?, ?, ?, ?, 2100, 'each', NULL, NULL, 1, ?, ?)")}`,
    );
  const barcodes = (n: number) =>
    db.prepare(`INSERT INTO product_barcodes (barcode, product_id) VALUES ${values(n, "(?, ?)")}`);
  const outbox = (n: number) =>
    db.prepare(
      `INSERT INTO outbox (id, entity, entity_id, op, payload, created_at) VALUES ${values(n, "(?, ?, ?, 'created', ?, ?)")}`,
    );
  const full = { products: products(CHUNK), barcodes: barcodes(CHUNK), outbox: outbox(CHUNK) };
  db.transaction(() => {
    const categoryIds = new Map<string, string>();
    for (const name of CATEGORIES) {
      const id = newId();
      categoryIds.set(name, id);
      db.prepare("INSERT INTO categories (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)").run(
        id,
        name,
        at,
        at,
      );
      outbox(1).run(newId(), "category", id, JSON.stringify({ id, name }), at);
    }
    for (let i = 0; i < rows.length; i += CHUNK) {
      const chunk = rows.slice(i, i + CHUNK);
      const s =
        chunk.length === CHUNK
          ? full
          : {
              products: products(chunk.length),
              barcodes: barcodes(chunk.length),
              outbox: outbox(chunk.length),
            };
      const ids = chunk.map(() => newId());
      s.products.run(
        chunk.flatMap((r, j) => [
          ids[j],
          r.sku,
          r.name,
          nameKey(r.name),
          categoryIds.get(r.category),
          r.price,
          at,
          at,
        ]),
      );
      s.barcodes.run(chunk.flatMap((r, j) => [r.barcode, ids[j]]));
      s.outbox.run(
        chunk.flatMap((r, j) => [newId(), "product", ids[j], JSON.stringify({ id: ids[j], ...r }), at]),
      );
    }
  })();
}

/**
 * Importing a catalog of `count` products from an es-AR CSV (readTable → mapping → importProducts, the
 * route's path without HTTP) against the bare multi-row INSERT of the same rows, each on a fresh file.
 */
export async function benchSheetImport(count: number): Promise<SheetImportResults> {
  const rows = rowsOf(count);
  const file = csvOf(rows);
  const baselineSeconds = withFreshCore((ctx) => {
    const t0 = process.hrtime.bigint();
    bareInsert(ctx, rows);
    return Number(process.hrtime.bigint() - t0) / 1e9;
  });
  const dataDir = mkdtempSync(join(tmpdir(), "mostrador-bench-sheets-"));
  const ctx = openApplianceCore(dataDir);
  try {
    const t0 = process.hrtime.bigint();
    const table = await readTable(file);
    const mapping = checkMapping(
      "products",
      JSON.stringify(suggestMapping("products", table.headers)),
      table.headers,
    );
    const result = importProducts(ctx, table, mapping, { dryRun: false });
    const importSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
    if (result.created !== count) throw new Error(`import created ${result.created} of ${count}`);
    return { products: count, fileBytes: file.length, baselineSeconds, importSeconds };
  } finally {
    ctx.db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The docs/benchmarks.md section. */
export function renderSheetImportReport(r: SheetImportResults): string {
  return [
    `## Catalog import from a spreadsheet (${r.products.toLocaleString("en")} products)`,
    "",
    `An es-AR CSV of ${(r.fileBytes / 2 ** 20).toFixed(1)} MiB (";", UTF-8 BOM, "$ 1234,50") read, mapped, checked row by row and written`,
    "in one transaction through the catalog's write path with an outbox row per product (desktop/src/spreadsheets/import-products.ts),",
    "against the **baseline**: the same categories, products, barcodes and outbox rows as bare multi-row INSERTs of 100 rows,",
    "no file and no checks. Each on a fresh file.",
    "",
    "| | seconds | products/s |",
    "| --- | ---: | ---: |",
    `| baseline (multi-row INSERT, same rows) | ${r.baselineSeconds.toFixed(2)} | ${Math.round(r.products / r.baselineSeconds).toLocaleString("en")} |`,
    `| import (readTable + importProducts) | ${r.importSeconds.toFixed(2)} | ${Math.round(r.products / r.importSeconds).toLocaleString("en")} |`,
    `| **ratio import / baseline** | ${(r.importSeconds / r.baselineSeconds).toFixed(2)}× | |`,
    "",
    `Target: 100,000 products in seconds (< 30 s) — ${r.importSeconds < 30 ? "✅ cumple" : "❌ no cumple"}.`,
    "",
  ].join("\n");
}

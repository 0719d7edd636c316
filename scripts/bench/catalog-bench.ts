import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resolveScan } from "@mostrador/desktop/catalog/scan";
import { searchProducts } from "@mostrador/desktop/catalog/search";
import { openApplianceCore } from "@mostrador/desktop/appliance/open-appliance-core";
import { generateCatalog } from "@mostrador/desktop/seed/synthetic-catalog";
import { measure } from "./measure.js";
import type { LatencySummary } from "./stats.js";

/**
 * What a cashier types in the search box: 2–3 letter starts, brand starts, two-word queries, and
 * words the synthetic catalog does not have ("coca", "mate"): a miss must be fast too.
 */
export const SEARCH_QUERIES = [
  "lec",
  "coca",
  "yerba mate",
  "yerba",
  "ar",
  "fid",
  "gall choc",
  "aceite nat",
  "que",
  "jab",
  "ser",
  "agua",
  "ca",
  "te",
];

export interface CatalogResults {
  products: number;
  seedSeconds: number;
  pkBaseline: LatencySummary;
  scan: LatencySummary;
  search: LatencySummary;
  searchByQuery: { q: string; total: number; p50: number; p95: number }[];
}

/**
 * Barcode lookup and name search on a catalog of `count` products, each against the same-run
 * baseline: a bare SELECT of one product row by its INTEGER PRIMARY KEY on the same file.
 */
export function benchCatalog(count: number): CatalogResults {
  const dataDir = mkdtempSync(join(tmpdir(), "mostrador-bench-catalog-"));
  const ctx = openApplianceCore(dataDir);
  try {
    const t0 = process.hrtime.bigint();
    generateCatalog(ctx, count);
    const barcodes = ctx.db.prepare("SELECT barcode FROM product_barcodes").pluck().all() as string[];
    const rowKeys = ctx.db.prepare("SELECT num FROM products").pluck().all() as number[];
    const seedSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
    ctx.db.exec("ANALYZE");

    // A scanner hits products all over the catalog: step through the keys with a large prime stride.
    const pick = <T>(list: readonly T[], i: number) =>
      list[(((i * 104_729) % list.length) + list.length) % list.length] as T;
    const byPk = ctx.db.prepare("SELECT * FROM products WHERE num = ?");
    const pkBaseline = measure((i) => byPk.get(pick(rowKeys, i)), { warmup: 2_000, iterations: 20_000 });
    const scan = measure((i) => resolveScan(ctx, pick(barcodes, i)), { warmup: 2_000, iterations: 20_000 });

    const perQuery = 60;
    const searchByQuery = SEARCH_QUERIES.map((q) => {
      const summary = measure(() => searchProducts(ctx, { q, active: true }), {
        warmup: 20,
        iterations: perQuery,
      });
      return { q, total: searchProducts(ctx, { q, active: true }).total, p50: summary.p50, p95: summary.p95 };
    });
    // All queries interleaved, as a shift of cashiers would type them.
    const search = measure((i) => searchProducts(ctx, { q: pick(SEARCH_QUERIES, i), active: true }), {
      warmup: 50,
      iterations: SEARCH_QUERIES.length * perQuery,
    });
    return { products: count, seedSeconds, pkBaseline, scan, search, searchByQuery };
  } finally {
    ctx.db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { nameKey } from "@mostrador/contracts/search-key";
import { withCheckDigit } from "@mostrador/contracts/pos/gs1";
import { variantName } from "@mostrador/contracts/catalog/variant-name";
import { openApplianceCore } from "@mostrador/desktop/appliance/open-appliance-core";
import { resolveScan } from "@mostrador/desktop/catalog/scan";
import { generateCatalog } from "@mostrador/desktop/seed/synthetic-catalog";
import { isoNow } from "@mostrador/kernel/core/context";
import { newId } from "@mostrador/kernel/db/ids";
import { measureInterleaved } from "./measure.js";
import type { LatencySummary } from "./stats.js";

export interface VariantScanResults {
  products: number;
  variants: number;
  seedSeconds: number;
  pkBaseline: LatencySummary;
  scan: LatencySummary;
}

const TALLES = ["XS", "S", "M", "L", "XL"];
const COLORES = ["Negro", "Blanco"];

/**
 * A clothes shop's catalog at scale: `products` simple products and `variants` variant rows (models of
 * Talle × Color, 10 cells each, each cell with its own EAN-13), written with bare SQL in the columns the
 * product write path fills (the write path itself is measured by the import benchmark). Then a scan of
 * a variant's barcode (resolveScan: barcode → variant row, model and active checks) against the same-run
 * baseline, a bare SELECT of one product row by its INTEGER PRIMARY KEY, interleaved in blocks.
 */
export function benchVariantScan(products: number, variants: number): VariantScanResults {
  const dataDir = mkdtempSync(join(tmpdir(), "mostrador-bench-variants-"));
  const ctx = openApplianceCore(dataDir);
  try {
    const t0 = process.hrtime.bigint();
    generateCatalog(ctx, products);
    const at = isoNow(ctx);
    const insert = ctx.db.prepare(
      `INSERT INTO products (id, sku, name, name_key, price, iva_rate, unit, active, created_at, updated_at,
                             variant_axes, variant_of, variant_values, price_follows_model)
       VALUES (?, ?, ?, ?, ?, 2100, 'each', 1, ?, ?, ?, ?, ?, 1)`,
    );
    const barcode = ctx.db.prepare("INSERT INTO product_barcodes (barcode, product_id) VALUES (?, ?)");
    const axes = JSON.stringify([
      { name: "Talle", values: TALLES },
      { name: "Color", values: COLORES },
    ]);
    const cells = TALLES.length * COLORES.length;
    ctx.db.transaction(() => {
      let n = 0;
      for (let m = 0; n < variants; m++) {
        const modelId = newId();
        const name = `Remera modelo ${m}`;
        const price = 500_000 + ((m * 7919) % 3_000_000);
        insert.run(modelId, `MOD-${m}`, name, nameKey(name), price, at, at, axes, null, null);
        for (let c = 0; c < cells && n < variants; c++, n++) {
          const values = [
            TALLES[c % TALLES.length] as string,
            COLORES[Math.floor(c / TALLES.length)] as string,
          ];
          const id = newId();
          const vName = variantName(name, values);
          insert.run(
            id,
            `MOD-${m}-${values.join("-")}`,
            vName,
            nameKey(vName),
            price,
            at,
            at,
            null,
            modelId,
            JSON.stringify(values),
          );
          barcode.run(withCheckDigit(`7798${String(n).padStart(8, "0")}`), id);
        }
      }
    })();
    const seedSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
    ctx.db.exec("ANALYZE");

    const codes = ctx.db
      .prepare("SELECT barcode FROM product_barcodes WHERE barcode LIKE '7798%'")
      .pluck()
      .all() as string[];
    const rowKeys = ctx.db.prepare("SELECT num FROM products").pluck().all() as number[];
    const pick = <T>(list: readonly T[], i: number) =>
      list[(((i * 104_729) % list.length) + list.length) % list.length] as T;
    const byPk = ctx.db.prepare("SELECT * FROM products WHERE num = ?");
    const { baseline, scan } = measureInterleaved(
      {
        baseline: (i) => byPk.get(pick(rowKeys, i)),
        scan: (i) => {
          if (resolveScan(ctx, pick(codes, i)).product.variantOf === null) throw new Error("not a variant");
        },
      },
      { warmup: 2_000, iterations: 20_000, block: 500 },
    );
    return { products, variants, seedSeconds, pkBaseline: baseline, scan };
  } finally {
    ctx.db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const ms = (x: number) => (x < 0.1 ? x.toFixed(4) : x.toFixed(3));
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

/** The section of docs/benchmarks.md. */
export function renderVariantScanReport(r: VariantScanResults): string {
  const row = (label: string, s: LatencySummary, base: LatencySummary) =>
    `| ${label} | ${s.iterations} | ${ms(s.p50)} | ${ms(s.p95)} | ${ms(s.p99)} | ${fmt(s.opsPerSec)} | ${(s.p99 / base.p99).toFixed(2)}× |`;
  const ok = r.scan.p99 < 1;
  return `## Variant scan (${fmt(r.products)} products + ${fmt(r.variants)} variants)

${fmt(r.products)} products from generateCatalog plus ${fmt(r.variants / 10)} models of Talle × Color with
${fmt(r.variants)} variant rows, each with its own EAN-13 (${r.seedSeconds.toFixed(1)} s, bare SQL), then ANALYZE.
A scan is resolveScan on a variant's barcode spread over the whole catalog; the baseline a bare
\`SELECT * FROM products WHERE num = ?\` on the same file, interleaved in blocks of 500.

| | iterations | p50 ms | p95 ms | p99 ms | ops/s | p99 vs baseline |
| --- | ---: | ---: | ---: | ---: | ---: | ---: |
${row("baseline: SELECT by primary key", r.pkBaseline, r.pkBaseline)}
${row("variant barcode scan (resolveScan)", r.scan, r.pkBaseline)}

Target: variant scan p99 < 1 ms — ${ok ? "✅ cumple" : "❌ no cumple"} (${ms(r.scan.p99)} ms, ${(r.scan.p99 / r.pkBaseline.p99).toFixed(2)}× the baseline's p99).
`;
}

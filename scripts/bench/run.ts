/**
 * `npm run bench`: sale commit and catalog benchmarks against same-run baselines; writes docs/benchmarks.md.
 * Keep it under ~3 minutes: it runs on the developer's machine, next to everything else.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { benchCatalog } from "./catalog-bench.js";
import { loadNow, renderReport } from "./report.js";
import { benchSaleCommit } from "./sale-bench.js";

const OUTPUT = fileURLToPath(new URL("../../docs/benchmarks.md", import.meta.url));
const quick = process.argv.includes("--quick");

const startedAt = new Date();
const t0 = process.hrtime.bigint();
const loadBefore = loadNow();

console.log("Venta: commitSale contra el baseline (synchronous=FULL)…");
const sale = benchSaleCommit(quick ? 300 : 3_000, quick ? 50 : 300);
console.log("Venta: solo CPU (synchronous=OFF)…");
const saleCpuOnly = benchSaleCommit(quick ? 300 : 3_000, quick ? 50 : 300, { cpuOnly: true });
console.log(`Catálogo: ${quick ? "10.000" : "100.000"} productos, escaneo y búsqueda…`);
const catalog = benchCatalog(quick ? 10_000 : 100_000);

const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const report = renderReport({ startedAt, seconds, loadBefore, sale, saleCpuOnly, catalog });
console.log(report);
// A --quick run (small sizes, for checking the scripts) never overwrites the published figures.
if (!quick) {
  writeFileSync(OUTPUT, report);
  console.log(`Escrito ${OUTPUT}`);
}

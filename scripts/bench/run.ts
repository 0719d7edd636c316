/**
 * `npm run bench`: sale commit, catalog and IoT gateway benchmarks against same-run baselines; writes
 * docs/benchmarks.md. Keep it under ~5 minutes: it runs on the developer's machine, next to everything else.
 * `--long` soaks the appliance's memory for 10 minutes instead of 1; `--quick` checks the scripts only.
 * `--only gateway` runs just the gateway benchmarks (full sizes unless `--quick`), prints them and writes nothing:
 * the quick loop while tuning the ingest path.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { benchCatalog, type CatalogResults } from "./catalog-bench.js";
import { benchIngest } from "./gateway-ingest-bench.js";
import { benchAlarmLatency } from "./gateway-latency-bench.js";
import { benchMemory } from "./gateway-memory-bench.js";
import { renderGatewayReport } from "./gateway-report.js";
import { loadNow, renderReport } from "./report.js";
import { benchSaleCommit, type SaleResults } from "./sale-bench.js";
import { benchShapeDownload, renderShapeReport } from "./shape-download-bench.js";
import { benchSheetImport, renderSheetImportReport } from "./sheet-import-bench.js";
import { benchUploadDrain, renderUploadDrainReport } from "./upload-drain-bench.js";
import { benchVariantScan, renderVariantScanReport } from "./variant-scan-bench.js";
import { benchTurnosAvailability, renderTurnosReport } from "./turnos-bench.js";
import { benchLiveEditGrowth, renderLiveEditGrowthReport } from "./live-edit-growth-bench.js";
import { benchTillBrowser, renderTillBrowserReport, TILL_BENCH_SIZES } from "./till-browser-bench.js";
import { benchApplianceStart, renderStartReport } from "./appliance-start-bench.js";
import { benchTurnosOnline, renderTurnosOnlineReport } from "./turnos-online-bench.js";
import { benchAnalytics, renderAnalyticsReport } from "./analytics-bench.js";
import { benchAnalyticsModules, renderAnalyticsModulesReport } from "./analytics-modules-bench.js";

const OUTPUT = fileURLToPath(new URL("../../docs/benchmarks.md", import.meta.url));
const quick = process.argv.includes("--quick");
const long = process.argv.includes("--long");
const onlyAt = process.argv.indexOf("--only");
const only = onlyAt >= 0 ? process.argv[onlyAt + 1] : undefined;
if (only !== undefined && only !== "gateway" && only !== "variants") {
  console.error(`--only: "gateway" o "variants" (recibido ${only ?? "nada"})`);
  process.exit(2);
}

const VARIANT_HEADING = "## Variant scan";
const variantSection = () => {
  console.log(
    `Variantes: escaneo en ${quick ? "10.000" : "100.000"} productos + ${quick ? "30.000" : "300.000"} variantes…`,
  );
  return renderVariantScanReport(benchVariantScan(quick ? 10_000 : 100_000, quick ? 30_000 : 300_000));
};
// `--only variants`: just the variant scan (a minute), its section replaced in the published document.
if (only === "variants") {
  const section = variantSection();
  console.log(section);
  if (!quick) {
    const doc = readFileSync(OUTPUT, "utf8");
    const at = doc.indexOf(VARIANT_HEADING);
    const end = at < 0 ? -1 : doc.indexOf("\n## ", at + 1);
    const without = at < 0 ? doc : `${doc.slice(0, at)}${end < 0 ? "" : doc.slice(end + 1)}`;
    writeFileSync(OUTPUT, insertBeforeMethod(without, section));
    console.log(`Escrito ${OUTPUT}`);
  }
  process.exit(0);
}

const startedAt = new Date();
const t0 = process.hrtime.bigint();
const loadBefore = loadNow();

let appliance: { sale: SaleResults; saleCpuOnly: SaleResults; catalog: CatalogResults } | null = null;
if (only !== "gateway") {
  console.log("Venta: commitSale contra el baseline (synchronous=FULL)…");
  const sale = benchSaleCommit(quick ? 300 : 3_000, quick ? 50 : 300);
  console.log("Venta: solo CPU (synchronous=OFF)…");
  const saleCpuOnly = benchSaleCommit(quick ? 300 : 3_000, quick ? 50 : 300, { cpuOnly: true });
  console.log(`Catálogo: ${quick ? "10.000" : "100.000"} productos, escaneo y búsqueda…`);
  const catalog = benchCatalog(quick ? 10_000 : 100_000);
  appliance = { sale, saleCpuOnly, catalog };
}

console.log("Gateway: ingesta contra Aedes sin hooks (QoS 0 y 1)…");
const ingest = await benchIngest(10, quick ? 1_000 : 5_000, quick ? 2 : 7);
console.log("Gateway: latencia publicación → alarma…");
const latency = await benchAlarmLatency(quick ? 50 : 300, quick ? 5 : 30);
console.log(`Gateway: memoria con 50 equipos a 1 lectura/s durante ${long ? 600 : quick ? 15 : 60} s…`);
const memory = await benchMemory(50, long ? 600 : quick ? 15 : 60);

let uploadReport = "";
let sheetReport = "";
let shapes: Awaited<ReturnType<typeof benchShapeDownload>> | null = null;
if (only !== "gateway") {
  console.log(`Subida: drenar ${quick ? "10.000" : "100.000"} operaciones a la nube (PostgreSQL 15)…`);
  uploadReport = renderUploadDrainReport(await benchUploadDrain(quick ? 10_000 : 100_000));
  console.log(`Descarga: catálogo de ${quick ? "5.000" : "50.000"} productos y edición → caja…`);
  shapes = await benchShapeDownload(quick ? 5_000 : 50_000, quick ? 20 : 100);
  console.log(`Planillas: importar ${quick ? "10.000" : "100.000"} productos desde un CSV es-AR…`);
  sheetReport = renderSheetImportReport(await benchSheetImport(quick ? 10_000 : 100_000));
  sheetReport += `\n${variantSection()}`;
  console.log("Turnos: disponibilidad de 20 profesionales × 60 días…");
  sheetReport += `\n${renderTurnosReport(benchTurnosAvailability(quick ? 5 : 20, quick ? 14 : 60))}`;
  console.log("Ediciones en vivo y crecimiento: un año de un comercio con mucho movimiento…");
  sheetReport += `\n${renderLiveEditGrowthReport(
    await benchLiveEditGrowth(
      quick ? 5_000 : 50_000,
      quick ? 50 : 300,
      quick ? { catalogChanges: 200, sales: 300 } : { catalogChanges: 1_000, sales: 2_000 },
    ),
  )}`;
  console.log(`Caja en Chromium: escaneo y búsqueda con ${quick ? "10.000" : "100.000"} productos…`);
  const till = await benchTillBrowser(quick ? 10_000 : 100_000, TILL_BENCH_SIZES[quick ? "quick" : "full"]);
  sheetReport += `\n${renderTillBrowserReport(till)}`;
  console.log(`Arranque del equipo con ${quick ? "10.000" : "100.000"} productos y un año de lecturas…`);
  const start = await benchApplianceStart(quick ? 10_000 : 100_000, 50, 10, quick ? 1 : 3, quick ? 10 : 30);
  sheetReport += `\n${renderStartReport(start)}`;
  console.log(
    `Turnos en línea: lista de horarios con ${quick ? "1.000" : "10.000"} turnos futuros (PostgreSQL 15)…`,
  );
  sheetReport += `\n${renderTurnosOnlineReport(await benchTurnosOnline(quick ? 5 : 20, quick ? 1_000 : 10_000, quick ? 30 : 200))}`;
  console.log(
    `Análisis: un año de 20 locales, ${quick ? "100.000" : "5.000.000"} líneas de venta (PostgreSQL 15)…`,
  );
  sheetReport += `\n${renderAnalyticsReport(await benchAnalytics(quick ? 100_000 : 5_000_000, quick ? 5 : 20))}`;
  console.log(
    "Análisis: tarjetas (500 movimientos por noche) y turnos (60 por día) de un año (PostgreSQL 15)…",
  );
  sheetReport += `\n${renderAnalyticsModulesReport(await benchAnalyticsModules(quick ? 120 : 365, quick ? 5 : 15))}`;
}

const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const gatewayReport =
  renderGatewayReport({ ingest, latency, memory, long }) + (shapes ? `\n${renderShapeReport(shapes)}` : "");
const report = appliance && renderReport({ startedAt, seconds, loadBefore, ...appliance });
if (report) console.log(report);
console.log(gatewayReport);
if (uploadReport) console.log(uploadReport);
if (sheetReport) console.log(sheetReport);
// A --quick run (small sizes, for checking the scripts) or a partial one never overwrites the published figures.
if (!quick && report) {
  writeFileSync(OUTPUT, insertBeforeMethod(report, `${gatewayReport}\n${uploadReport}\n${sheetReport}`));
  console.log(`Escrito ${OUTPUT}`);
}

/** The gateway section goes before "## Method", which applies to the whole document. */
function insertBeforeMethod(report: string, section: string): string {
  const at = report.indexOf("## Method");
  return at < 0 ? `${report}\n${section}` : `${report.slice(0, at)}${section}\n${report.slice(at)}`;
}

/**
 * `npm run bench`: every benchmark against its same-run baseline, written to docs/benchmarks.md.
 * The full run is long: about 10 minutes on a quiet 2-core machine without the analytics section, and
 * the analytics section alone (5 million sale lines seeded into PostgreSQL, then the questions) adds
 * 10–20 minutes more; on a loaded machine count on half an hour or more. Run it in parts instead:
 *
 * - `--only <section>[,<section>…]` runs just those sections (names: SECTIONS below, e.g. `download`,
 *   `upload`, `sale`, `catalog`, `gateway`, `analytics`, `till-browser`, `start`, `live-edit`,
 *   `sheet-import`), prints them and replaces just those sections in docs/benchmarks.md, each with a
 *   note of when it ran and the machine's load then; the rest of the document is left as it was.
 * - `--quick` runs small sizes to check the scripts; it prints and never writes.
 * - `--long` soaks the appliance's memory for 10 minutes instead of 1 (the gateway section).
 * - `--list` prints the section names.
 */
import { cpus } from "node:os";
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { benchCatalog } from "./catalog-bench.js";
import { benchIngest } from "./gateway-ingest-bench.js";
import { benchAlarmLatency } from "./gateway-latency-bench.js";
import { benchMemory } from "./gateway-memory-bench.js";
import { renderGatewayReport } from "./gateway-report.js";
import { loadNow, renderCatalogSection, renderHeader, renderMethod, renderSaleSection } from "./report.js";
import { benchSaleCommit } from "./sale-bench.js";
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
const q = <T>(small: T, full: T): T => (quick ? small : full);

/**
 * The document's sections in their order: a name for `--only`, the start of its heading (what a partial
 * run looks for to replace it), and the run that returns its markdown.
 */
interface Section {
  name: string;
  heading: string;
  run: () => Promise<string>;
}

const SECTIONS: Section[] = [
  {
    name: "sale",
    heading: "## Sale commit",
    run: async () => {
      console.log("Venta: commitSale contra el baseline (synchronous=FULL)…");
      const sale = benchSaleCommit(q(300, 3_000), q(50, 300));
      console.log("Venta: solo CPU (synchronous=OFF)…");
      return renderSaleSection(sale, benchSaleCommit(q(300, 3_000), q(50, 300), { cpuOnly: true }));
    },
  },
  {
    name: "catalog",
    heading: "## Catalog of",
    run: async () => {
      console.log(`Catálogo: ${q("10.000", "100.000")} productos, escaneo y búsqueda…`);
      return renderCatalogSection(benchCatalog(q(10_000, 100_000)));
    },
  },
  {
    name: "gateway",
    heading: "## IoT gateway",
    run: async () => {
      console.log("Gateway: ingesta contra Aedes sin hooks (QoS 0 y 1)…");
      const ingest = await benchIngest(10, q(1_000, 5_000), q(2, 7));
      console.log("Gateway: latencia publicación → alarma…");
      const latency = await benchAlarmLatency(q(50, 300), q(5, 30));
      console.log(`Gateway: memoria con 50 equipos a 1 lectura/s durante ${long ? 600 : q(15, 60)} s…`);
      const memory = await benchMemory(50, long ? 600 : q(15, 60));
      return renderGatewayReport({ ingest, latency, memory, long });
    },
  },
  {
    name: "download",
    heading: "## Download:",
    run: async () => {
      console.log(`Descarga: catálogo de ${q("5.000", "50.000")} productos y edición → caja…`);
      return renderShapeReport(await benchShapeDownload(q(5_000, 50_000), q(20, 100)));
    },
  },
  {
    name: "upload",
    heading: "## Upload:",
    run: async () => {
      console.log(`Subida: drenar ${q("10.000", "100.000")} operaciones a la nube (PostgreSQL 15)…`);
      return renderUploadDrainReport(await benchUploadDrain(q(10_000, 100_000)));
    },
  },
  {
    name: "sheet-import",
    heading: "## Catalog import from a spreadsheet",
    run: async () => {
      console.log(`Planillas: importar ${q("10.000", "100.000")} productos desde un CSV es-AR…`);
      return renderSheetImportReport(await benchSheetImport(q(10_000, 100_000)));
    },
  },
  {
    name: "variants",
    heading: "## Variant scan",
    run: async () => {
      console.log(
        `Variantes: escaneo en ${q("10.000", "100.000")} productos + ${q("30.000", "300.000")} variantes…`,
      );
      return renderVariantScanReport(benchVariantScan(q(10_000, 100_000), q(30_000, 300_000)));
    },
  },
  {
    name: "turnos",
    heading: "## Turnos availability",
    run: async () => {
      console.log("Turnos: disponibilidad de 20 profesionales × 60 días…");
      return renderTurnosReport(benchTurnosAvailability(q(5, 20), q(14, 60)));
    },
  },
  {
    name: "live-edit",
    heading: "## Live edits and growth",
    run: async () => {
      console.log("Ediciones en vivo y crecimiento: un año de un comercio con mucho movimiento…");
      return renderLiveEditGrowthReport(
        await benchLiveEditGrowth(
          q(5_000, 50_000),
          q(50, 300),
          q({ catalogChanges: 200, sales: 300 }, { catalogChanges: 1_000, sales: 2_000 }),
        ),
      );
    },
  },
  {
    name: "till-browser",
    heading: "## The till in Chromium",
    run: async () => {
      console.log(`Caja en Chromium: escaneo y búsqueda con ${q("10.000", "100.000")} productos…`);
      return renderTillBrowserReport(
        await benchTillBrowser(q(10_000, 100_000), TILL_BENCH_SIZES[quick ? "quick" : "full"]),
      );
    },
  },
  {
    name: "start",
    heading: "## Appliance start",
    run: async () => {
      console.log(`Arranque del equipo con ${q("10.000", "100.000")} productos y un año de lecturas…`);
      return renderStartReport(await benchApplianceStart(q(10_000, 100_000), 50, 10, q(1, 3), q(10, 30)));
    },
  },
  {
    name: "turnos-online",
    heading: "## Turnos online",
    run: async () => {
      console.log(
        `Turnos en línea: lista de horarios con ${q("1.000", "10.000")} turnos futuros (PostgreSQL 15)…`,
      );
      return renderTurnosOnlineReport(await benchTurnosOnline(q(5, 20), q(1_000, 10_000), q(30, 200)));
    },
  },
  {
    name: "analytics",
    heading: "## Analytics: a year of",
    run: async () => {
      console.log(
        `Análisis: un año de 20 locales, ${q("100.000", "5.000.000")} líneas de venta (PostgreSQL 15)…`,
      );
      return renderAnalyticsReport(await benchAnalytics(q(100_000, 5_000_000), q(5, 20)));
    },
  },
  {
    name: "analytics-modules",
    heading: "## Analytics: cards and turnos",
    run: async () => {
      console.log(
        "Análisis: tarjetas (500 movimientos por noche) y turnos (60 por día) de un año (PostgreSQL 15)…",
      );
      return renderAnalyticsModulesReport(await benchAnalyticsModules(q(120, 365), q(5, 15)));
    },
  },
];

if (process.argv.includes("--list")) {
  console.log(SECTIONS.map((s) => s.name).join("\n"));
  process.exit(0);
}

const onlyAt = process.argv.indexOf("--only");
const only = onlyAt >= 0 ? (process.argv[onlyAt + 1] ?? "").split(",").filter(Boolean) : undefined;
const unknown = only?.filter((name) => !SECTIONS.some((s) => s.name === name)) ?? [];
if (only !== undefined && (only.length === 0 || unknown.length > 0)) {
  console.error(
    `--only: una o más secciones separadas por comas, de: ${SECTIONS.map((s) => s.name).join(", ")}` +
      ` (recibido ${unknown.join(", ") || "nada"})`,
  );
  process.exit(2);
}

const startedAt = new Date();
const t0 = process.hrtime.bigint();
const loadBefore = loadNow();
const chosen = only ? SECTIONS.filter((s) => only.includes(s.name)) : SECTIONS;
const rendered: { section: Section; markdown: string }[] = [];
for (const section of chosen) {
  const sectionStart = process.hrtime.bigint();
  const at = new Date();
  const load = loadNow();
  let markdown = (await section.run()).trimEnd();
  const seconds = Number(process.hrtime.bigint() - sectionStart) / 1e9;
  console.log(`${markdown}\n\n(sección ${section.name}: ${Math.round(seconds)} s)\n`);
  if (only) markdown += `\n\n${partialRunNote(section.name, at, load, seconds)}`;
  rendered.push({ section, markdown: `${markdown}\n` });
}
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;

// A --quick run (small sizes, for checking the scripts) never overwrites the published figures.
if (!quick) {
  const doc = only
    ? rendered.reduce(
        (doc, r) => replaceSection(doc, r.section.heading, r.markdown),
        readFileSync(OUTPUT, "utf8"),
      )
    : [
        renderHeader({ startedAt, seconds, loadBefore }),
        ...rendered.map((r) => r.markdown),
        renderMethod(),
      ].join("\n");
  writeFileSync(OUTPUT, doc);
  console.log(`Escrito ${OUTPUT} (${Math.round(seconds)} s)`);
}

/** Under a section regenerated alone: when, how long, and how loaded the machine was as it started. */
function partialRunNote(name: string, at: Date, load: number[], seconds: number): string {
  const busy = (load[0] ?? 0) > cpus().length * 0.5;
  return (
    `_Regenerated alone by \`npm run bench -- --only ${name}\` on ${at.toISOString()}, in ${Math.round(seconds)} s;` +
    ` load average when it started (1/5/15 min): ${load.map((l) => l.toFixed(2)).join(" / ")} on ${cpus().length} cores` +
    `${busy ? " — a busy machine (other processes running): absolute figures are pessimistic, compare the same-run ratios" : ""}._`
  );
}

/**
 * The document with the section whose heading starts with `heading` replaced by `markdown` (up to the
 * next "## " heading); a section not in it yet goes before "## Method", which applies to them all.
 */
function replaceSection(doc: string, heading: string, markdown: string): string {
  const found = doc.indexOf(`\n${heading}`);
  if (found >= 0) {
    const end = doc.indexOf("\n## ", found + 1);
    return `${doc.slice(0, found + 1)}${markdown}${end < 0 ? "" : doc.slice(end)}`;
  }
  const method = doc.indexOf("## Method");
  return method < 0 ? `${doc}\n${markdown}` : `${doc.slice(0, method)}${markdown}\n${doc.slice(method)}`;
}

import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { build } from "vite";
import { startAppliance, UI_DIST_DIR } from "@mostrador/desktop/appliance/appliance";
import { launchChromium } from "@mostrador/desktop/appliance/browser";
import { searchProducts } from "@mostrador/desktop/catalog/search";
import { generateCatalog } from "@mostrador/desktop/seed/synthetic-catalog";
import { SEARCH_QUERIES } from "./catalog-bench.js";
import { percentile } from "./stats.js";
import { ARM_SCRIPT, type PageCondition } from "./till-page-timing.js";

const TILL_VITE_CONFIG = fileURLToPath(new URL("../../desktop/ui/vite.config.ts", import.meta.url));

/** How much the till benchmark does: `npm run bench` (about a minute and a half) and `--quick`. */
export const TILL_BENCH_SIZES = {
  full: { rounds: 3, linesPerRound: 40, echoes: 150, searchRounds: 4, typingDelayMs: 60 },
  quick: { rounds: 1, linesPerRound: 10, echoes: 20, searchRounds: 1, typingDelayMs: 60 },
} as const;

/** Milliseconds measured by the browser; nearest-rank percentiles like the other benchmarks. */
export interface PaintSummary {
  samples: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface TillBrowserResults {
  products: number;
  seedSeconds: number;
  /** A digit typed into the empty till's scan field, until React has rendered it and the frame is painted. */
  keyEcho: PaintSummary;
  /** Enter after a scanned code, until its cart line is painted: every scan, and split by the ticket's size. */
  scan: PaintSummary;
  scanIntoEmptyCart: PaintSummary;
  scanIntoLongCart: PaintSummary;
  longCartLines: number;
  /** The last key of a product name typed like a person, until the list shows that name's results. */
  search: PaintSummary;
  searchByQuery: { q: string; p50: number; p95: number }[];
}

function summarize(ms: readonly number[]): PaintSummary {
  const sorted = [...ms].sort((a, b) => a - b);
  return {
    samples: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] as number,
  };
}

/** Arms the in-page timer for the next `startKey`, runs `act` (which presses it), returns the browser's figure. */
async function timed(page: Page, startKey: string, want: PageCondition, act: () => Promise<void>) {
  await page.evaluate(`${ARM_SCRIPT}(${JSON.stringify({ startKey, want })})`);
  await act();
  try {
    return (await page.evaluate("window.__tillBench")) as number;
  } catch (error) {
    const shown = await page.evaluate(() => ({
      focused: document.activeElement?.getAttribute("data-testid"),
      results: [...document.querySelectorAll('[data-testid="search-result"] > span:first-child')].map(
        (e) => e.textContent,
      ),
      screen: document.body.innerText.slice(0, 300),
    }));
    throw new Error(`${String(error)}; shown: ${JSON.stringify(shown)}`, { cause: error });
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The till in headless Chromium (the built UI served by the real appliance) with the demo shop plus a synthetic
 * catalog of `products`. Scans are typed as a keyboard-wedge scanner types them (the code's digits, then Enter);
 * searches as a person types (`typingDelayMs` between keys). Each figure is taken by the page itself.
 */
export async function benchTillBrowser(
  products: number,
  options: {
    rounds: number;
    linesPerRound: number;
    echoes: number;
    searchRounds: number;
    typingDelayMs: number;
  },
): Promise<TillBrowserResults> {
  // The till as the code is now, not whatever was built last.
  await build({ configFile: TILL_VITE_CONFIG, logLevel: "warn" });
  if (!existsSync(join(UI_DIST_DIR, "index.html"))) throw new Error("la interfaz de la caja no se compiló");
  const dataDir = mkdtempSync(join(tmpdir(), "mostrador-bench-till-"));
  const appliance = await startAppliance({ dataDir, host: "127.0.0.1", port: 0, seedDemo: true });
  const browser = await launchChromium();
  try {
    const ctx = appliance.ctx;
    const demoRows = ctx.db.prepare("SELECT max(num) FROM products").pluck().get() as number;
    const t0 = process.hrtime.bigint();
    generateCatalog(ctx, products);
    const seedSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
    ctx.db.exec("ANALYZE");
    // Codes spread over the whole catalog, one product per line (a repeated product adds to its line).
    // Only the generated products: plain items sold by the unit (the demo's weighed goods and models with
    // variants open a dialog instead of adding a line).
    const all = ctx.db
      .prepare(
        `SELECT b.barcode FROM product_barcodes b JOIN products p ON p.id = b.product_id
         WHERE p.num > ? AND p.unit = 'each' AND p.variant_axes IS NULL AND p.variant_of IS NULL ORDER BY p.num`,
      )
      .pluck()
      .all(demoRows) as string[];
    const codes = Array.from({ length: options.rounds * options.linesPerRound }, (_, i) => {
      return all[(i * 104_729) % all.length] as string;
    });
    const expectedNames = new Map(
      SEARCH_QUERIES.map((q) => [
        q,
        searchProducts(ctx, { q, active: true, limit: 8 }).items.map((p) => p.name),
      ]),
    );

    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors: Error[] = [];
    page.on("pageerror", (err) => errors.push(err));
    await page.goto(appliance.url);
    await page.getByTestId("login-terminal-1").click();
    await page.getByTestId("login-staff-Martín").click();
    await page.getByTestId("pin-input").fill("2222");
    await page.getByTestId("pin-submit").click();
    await page.getByTestId("scan-input").waitFor();
    // The scanner types wherever the focus is: each scan starts once the scan field has it back.
    const untilScanFocused = async () => {
      for (let i = 0; ; i++) {
        const focused = await page.evaluate(() => document.activeElement?.getAttribute("data-testid"));
        if (focused === "scan-input") return;
        if (i > 200) throw new Error(`the scan field never took the focus (${focused})`);
        await sleep(25);
      }
    };
    await untilScanFocused();

    // Baseline: the cheapest thing a key does at the till, in the same page and the same run.
    const echoes: number[] = [];
    for (let i = 0; i < options.echoes; i++) {
      if (i % 10 === 0) await page.keyboard.press("Escape");
      echoes.push(await timed(page, "7", { kind: "echo" }, () => page.keyboard.press("7")));
    }
    await page.keyboard.press("Escape");

    const scans: number[] = [];
    const emptyCart: number[] = [];
    const longCart: number[] = [];
    const longFrom = Math.floor(options.linesPerRound * 0.8);
    for (let round = 0; round < options.rounds; round++) {
      for (let line = 0; line < options.linesPerRound; line++) {
        const code = codes[round * options.linesPerRound + line] as string;
        await page.keyboard.type(code);
        const ms = await timed(page, "Enter", { kind: "lines", count: line + 1 }, () =>
          page.keyboard.press("Enter"),
        );
        scans.push(ms);
        if (line === 0) emptyCart.push(ms);
        if (line >= longFrom) longCart.push(ms);
      }
      await page.getByTestId("cancel-sale-button").click();
      await page.getByTestId("confirm-ok").click();
      await page.getByTestId("cart-line").first().waitFor({ state: "detached" });
      await untilScanFocused();
    }

    const searches: number[] = [];
    const byQuery = new Map<string, number[]>(SEARCH_QUERIES.map((q) => [q, []]));
    for (let round = 0; round < options.searchRounds; round++) {
      for (const q of SEARCH_QUERIES) {
        await page.keyboard.press("Escape");
        await page.getByTestId("search-results").waitFor({ state: "detached" });
        await page.keyboard.type(q.slice(0, -1), { delay: options.typingDelayMs });
        await sleep(options.typingDelayMs);
        const last = q.slice(-1);
        const names = expectedNames.get(q) ?? [];
        const ms = await timed(page, last, { kind: "search", names }, () => page.keyboard.press(last));
        searches.push(ms);
        byQuery.get(q)?.push(ms);
      }
    }
    await page.keyboard.press("Escape");
    if (errors.length > 0) throw new Error(`la página falló: ${errors.map((e) => e.message).join("; ")}`);

    return {
      products,
      seedSeconds,
      keyEcho: summarize(echoes),
      scan: summarize(scans),
      scanIntoEmptyCart: summarize(emptyCart),
      scanIntoLongCart: summarize(longCart),
      longCartLines: longFrom,
      search: summarize(searches),
      searchByQuery: SEARCH_QUERIES.map((q) => {
        const s = summarize(byQuery.get(q) ?? []);
        return { q, p50: s.p50, p95: s.p95 };
      }),
    };
  } finally {
    await browser.close();
    await appliance.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const ms = (x: number) => x.toFixed(1);
const times = (a: number, b: number) => `${(a / b).toFixed(1)}×`;
const verdict = (ok: boolean) => (ok ? "✅ cumple" : "❌ no cumple");

/** The section of docs/benchmarks.md. */
export function renderTillBrowserReport(r: TillBrowserResults): string {
  const row = (label: string, s: PaintSummary) =>
    `| ${label} | ${s.samples} | ${ms(s.p50)} | ${ms(s.p95)} | ${ms(s.p99)} | ${ms(s.max)} | ${times(s.p95, r.keyEcho.p95)} |`;
  return `## The till in Chromium (${r.products.toLocaleString("en")} products)

The built till UI served by the real appliance (demo shop plus ${r.products.toLocaleString("en")} products from
generateCatalog, ${r.seedSeconds.toFixed(1)} s), in headless Chromium driven by Playwright, logged in as a cashier.
Each figure is the page's own clock (performance marks): from the keydown of a key, caught before the app sees
it, to the first frame painted after the page shows what the key asked for (the next animation frame, then a
message posted from it, which runs after that frame's paint). **Baseline**: a digit typed into the empty
till's scan field, until React has rendered it and the frame is painted — the floor of any key at the till,
in the same page and the same run. A **scan** types the code's 13 digits as a keyboard-wedge scanner does, then
Enter, timed from Enter to its new cart line painted (every scan a different product, spread over the catalog;
tickets of up to ${Math.round(r.scan.samples / (r.scanIntoEmptyCart.samples || 1))} lines). A **search** types a
name as a person does, a key every 60 ms, timed from its last key until the list shows exactly the results of
the whole name (what searchProducts answers for it), painted.

| | samples | p50 ms | p95 ms | p99 ms | max ms | p95 vs baseline |
| --- | ---: | ---: | ---: | ---: | ---: | ---: |
${row("baseline: a key echoed in the empty till", r.keyEcho)}
${row("scan → cart line painted, all", r.scan)}
${row("scan into the empty cart", r.scanIntoEmptyCart)}
${row(`scan into a ticket of ${r.longCartLines}+ lines`, r.scanIntoLongCart)}
${row("search → results painted, all queries", r.search)}

Targets: scan-to-paint p95 < 50 ms — ${verdict(r.scan.p95 < 50)} (${ms(r.scan.p95)} ms, ${times(r.scan.p95, r.keyEcho.p95)} the baseline);
search-to-paint p95 < 100 ms — ${verdict(r.search.p95 < 100)} (${ms(r.search.p95)} ms, ${times(r.search.p95, r.keyEcho.p95)} the baseline).

| query | p50 ms | p95 ms |
| --- | ---: | ---: |
${r.searchByQuery.map((q) => `| \`${q.q}\` | ${ms(q.p50)} | ${ms(q.p95)} |`).join("\n")}
`;
}

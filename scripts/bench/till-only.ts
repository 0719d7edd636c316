/** `tsx scripts/bench/till-only.ts [--quick]`: just the till-in-Chromium benchmark, printed (writes nothing). */
import { benchTillBrowser, renderTillBrowserReport, TILL_BENCH_SIZES } from "./till-browser-bench.js";

const quick = process.argv.includes("--quick");
const results = await benchTillBrowser(quick ? 10_000 : 100_000, TILL_BENCH_SIZES[quick ? "quick" : "full"]);
console.log(renderTillBrowserReport(results));

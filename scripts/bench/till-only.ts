/** `tsx scripts/bench/till-only.ts [--quick]`: just the till-in-Chromium benchmark, printed (writes nothing). */
import { benchTillBrowser, renderTillBrowserReport } from "./till-browser-bench.js";

const quick = process.argv.includes("--quick");
const results = await benchTillBrowser(quick ? 10_000 : 100_000, {
  rounds: quick ? 1 : 4,
  linesPerRound: quick ? 10 : 50,
  echoes: quick ? 20 : 200,
  searchRounds: quick ? 1 : 5,
  typingDelayMs: 60,
});
console.log(renderTillBrowserReport(results));

/** `npx tsx scripts/bench/turnos-only.ts [--quick]`: the turnos availability benchmark alone, printed, nothing written. */
import { benchTurnosAvailability, renderTurnosReport } from "./turnos-bench.js";

const quick = process.argv.includes("--quick");
console.log(renderTurnosReport(benchTurnosAvailability(quick ? 5 : 20, quick ? 14 : 60)));

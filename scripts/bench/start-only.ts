/** `tsx scripts/bench/start-only.ts [--quick]`: just the appliance start benchmark, printed (writes nothing). */
import { benchApplianceStart, renderStartReport } from "./appliance-start-bench.js";

const quick = process.argv.includes("--quick");
console.log(
  renderStartReport(
    await benchApplianceStart(quick ? 10_000 : 100_000, 50, 10, quick ? 1 : 3, quick ? 10 : 30),
  ),
);

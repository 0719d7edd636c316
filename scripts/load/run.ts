/**
 * `npm run load` (or `tsx scripts/load/run.ts`): the cloud at N shops (scripts/load/load-bench.ts) on a
 * throwaway PostgreSQL 15 cluster, N = 100, 500 and 1,000 unless `--sizes 100,200` says otherwise;
 * `--day-seconds 60` compresses each shop's day; `--quick` checks the script (N = 3, 10, a day in 10 s)
 * and writes nothing; `--rush` runs a rush hour instead: a day at 10× its average rate (4,320 s), its
 * first 300 s, N = 1,000 (its own section of docs/benchmarks.md); `--statements` loads pg_stat_statements and lists, after each phase, the statements
 * that took most of PostgreSQL's time (a diagnosis: it writes nothing either, its overhead is in the
 * figures). A full run replaces its section of docs/benchmarks.md.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { runLoad } from "./load-bench.js";
import { loadHeading, renderLoadReport, RUSH_DAY_SECONDS, RUSH_PHASE_SECONDS } from "./report.js";

const OUTPUT = fileURLToPath(new URL("../../docs/benchmarks.md", import.meta.url));
const arg = (name: string) => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
};
const quick = process.argv.includes("--quick");
const rush = process.argv.includes("--rush");
const sizes = (arg("--sizes") ?? (quick ? "3,10" : rush ? "1000" : "100,500,1000")).split(",").map(Number);
const daySeconds = Number(arg("--day-seconds") ?? (quick ? 10 : rush ? RUSH_DAY_SECONDS : 60));
const phaseSeconds = arg("--phase-seconds") ?? (rush ? String(RUSH_PHASE_SECONDS) : undefined);
const tickSeconds = Number(arg("--tick-seconds") ?? 5);
const poolMax = arg("--pool");
const statements = process.argv.includes("--statements");
if (
  sizes.some((n) => !Number.isInteger(n) || n < 1 || n > 5_000) ||
  !(daySeconds >= 5 && daySeconds <= 43_200) ||
  // Bounded in time: a phase runs the whole compressed day, or its first --phase-seconds.
  !(Number(phaseSeconds ?? daySeconds) >= 5 && Number(phaseSeconds ?? daySeconds) <= 900)
) {
  console.error(
    "--sizes: enteros de 1 a 5000 separados por coma; --day-seconds: de 5 a 43200; cada fase (el día o --phase-seconds) de 5 a 900 s",
  );
  process.exit(2);
}

// Exit handlers stop the throwaway cluster and the cloud process (load-bench.ts).
process.once("SIGINT", () => process.exit(130));
process.once("SIGTERM", () => process.exit(143));
const results = await runLoad({
  sizes,
  daySeconds,
  ...(phaseSeconds ? { phaseSeconds: Number(phaseSeconds) } : {}),
  tickSeconds,
  ...(poolMax ? { cloudEnv: { CLOUD_DATABASE_POOL_MAX: poolMax } } : {}),
  log: (line) => console.log(line),
  statements,
});
const section = renderLoadReport(results);
console.log(section);
if (!quick && !statements && !process.argv.includes("--no-write")) {
  const doc = readFileSync(OUTPUT, "utf8");
  const at = doc.indexOf(loadHeading(results));
  const end = at < 0 ? -1 : doc.indexOf("\n## ", at + 1);
  const without = at < 0 ? doc : `${doc.slice(0, at)}${end < 0 ? "" : doc.slice(end + 1)}`;
  const method = without.indexOf("## Method");
  writeFileSync(
    OUTPUT,
    method < 0 ? `${without}\n${section}` : `${without.slice(0, method)}${section}\n${without.slice(method)}`,
  );
  console.log(`Escrito ${OUTPUT}`);
}

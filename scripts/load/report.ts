import type { LoadResults } from "./load-bench.js";
import { P95_INGEST_TARGET_MS } from "./load-bench.js";

const LOAD_HEADING = "## Load: N shops against one PostgreSQL";
const RUSH_HEADING = "## Load: a rush hour at 1,000 shops";
/** `npm run load -- --rush`: a day at 10× its average rate (a lunch rush, generously), its first 300 s. */
export const RUSH_DAY_SECONDS = 4_320;
export const RUSH_PHASE_SECONDS = 300;

/** A whole compressed day and a rush hour are two sections of docs/benchmarks.md, each rewritten by its own run. */
export function loadHeading(r: Pick<LoadResults, "phaseSeconds">): string {
  return r.phaseSeconds ? RUSH_HEADING : LOAD_HEADING;
}

const n = (x: number) => Math.round(x).toLocaleString("en-US");
const ms = (x: number) => (Number.isNaN(x) ? "—" : `${x < 10 ? x.toFixed(1) : Math.round(x)} ms`);
const la = (l: readonly number[]) => l.map((x) => x.toFixed(2)).join(" / ");

/**
 * What the measured CPU cost says the machine holds when nothing else runs on it: its cores over the
 * cloud's and PostgreSQL's CPU per op, in ops/s, and in appliances at this run's pace and at a real
 * day's (~170 ops in 12 hours). The load generator's own CPU is left out: in production it is the shops.
 */
function capacity(r: LoadResults, p: LoadResults["phases"][number]) {
  const perOpMs = (p.cloudCpuPerKiloOp + p.postgresCpuPerKiloOp) / 1000;
  const opsPerSec = (r.cores * 1000) / perOpMs;
  const perAppliance = p.offeredOpsPerSec / p.appliances;
  return { opsPerSec, atThisPace: opsPerSec / perAppliance, atARealDay: opsPerSec / (170 / 43_200) };
}

/** Where the busy service backends were, over the phase's 0.5 s samples, and p95 ingest minute by minute. */
function waitLine(p: LoadResults["phases"][number]): string {
  const total = Object.values(p.waits).reduce((a, b) => a + b, 0);
  const shares = Object.entries(p.waits)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${Math.round((100 * v) / Math.max(1, total))} %`)
    .join(", ");
  const minutes = p.ingestP95ByMinute.map((x) => (Number.isNaN(x) ? "—" : n(x))).join(", ");
  return `- ${n(p.appliances)} appliances: busy PostgreSQL backends of the service (${n(total)} samples): ${shares || "none"}; p95 ingest minute by minute: ${minutes} ms.`;
}

export function renderLoadReport(r: LoadResults): string {
  const cpuRows = r.phases.map((p) => {
    const c = capacity(r, p);
    return [
      n(p.appliances),
      `${n(p.cloudCpuPerKiloOp)} ms`,
      `${n(p.postgresCpuPerKiloOp)} ms`,
      `${n(p.baseline.postgresCpuPerKiloOp)} ms`,
      `${n(p.generatorCpuPerKiloOp)} ms`,
      `${n(c.opsPerSec)} ops/s`,
      n(c.atThisPace),
      n(c.atARealDay),
    ].join(" | ");
  });
  const rows = r.phases.map((p) =>
    [
      n(p.appliances),
      `${n(p.ingestOpsPerSec)} (raw ${n(p.baseline.opsPerSec)})`,
      `${ms(p.ingest.p95)} (raw ${ms(p.baseline.batch.p95)})`,
      `${ms(p.dashboard.p95)} (health ${ms(p.health.p95)})`,
      `${ms(p.liveEdit.p95)} (${p.liveEdit.count}${p.editsLost ? `, **${p.editsLost} lost**` : ""})`,
      `${p.connectionsMax} (${p.connectionsActiveMax} busy)`,
      Object.keys(p.errors).length
        ? Object.entries(p.errors)
            .map(([k, v]) => `${k}: ${v}`)
            .join("; ")
        : "0",
      la(p.loadAverage),
      p.holds ? "yes" : "**no**",
    ].join(" | "),
  );
  return `${loadHeading(r)}

\`npm run load\` (scripts/load/, ${r.startedAt.toISOString().slice(0, 16)} UTC): the real cloud process (cloud/src/main.ts, as
\`npm start\` runs it) on a throwaway PostgreSQL 15 cluster, pool of ${r.poolMax} connections; per phase N shops, each
its own tenant with one store and one appliance enrolled through \`POST /v1/enroll\` with its own token. Each appliance
uploads a day (120 sales, 2 voids, 10 stock movements, 3 alarms raised and cleared, 20 prepaid-card entries, 12 turno
booking ops: ~170 ops, after its catalog, turnos set-up and cards once) through \`POST /v1/ingest\` as the drainer
does, one batch in flight, a batch every ${r.tickSeconds} s when its outbox gathered something: the shop's 12-hour day
compressed into ${n(r.daySeconds)} s (${n((12 * 3600) / r.daySeconds)}× a day's average rate)${
    r.phaseSeconds
      ? `, of which the first ${n(r.phaseSeconds)} s are run (a rush hour's pace, not a whole day)`
      : ""
  }. Meanwhile each holds the products shape live
(Electric's protocol, \`live=true\` long-polls), N/20 owners read their dashboard (sales today, stock, alarms, stores:
4 requests every ~2 s each) and an owner edits a price every second that must reach that shop's appliance.

| Appliances | Ingest ops/s (raw INSERT) | p95 ingest batch (raw) | Dashboard p95 (health) | Live edit → appliance p95 (edits) | PG connections max | Errors | Load avg 1/5/15 | Holds |
| ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |
${rows.map((row) => `| ${row} |`).join("\n")}

CPU spent per 1,000 operations ingested (the whole workload's: uploads, live shapes, dashboards, edits), read from
/proc for the cloud process and PostgreSQL's backends, and what it implies for ${r.cores} quiet cores (the generator's own
CPU, beside them, is left out of the capacity: in production it is the shops; here it competes for the same cores):

| Appliances | Cloud CPU / 1,000 ops | PostgreSQL CPU / 1,000 ops | Raw INSERT: PostgreSQL CPU / 1,000 ops | Generator CPU / 1,000 ops (same cores) | Capacity on ${r.cores} cores | Appliances at this pace | Appliances at a real day's pace |
| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${cpuRows.map((row) => `| ${row} |`).join("\n")}

${r.phases.map(waitLine).join("\n")}

Breaking point (first N with p95 ingest ≥ ${P95_INGEST_TARGET_MS} ms, an error or a lost edit): ${
    r.breakingPoint === null
      ? `not reached up to ${n(r.phases.at(-1)?.appliances ?? 0)} appliances`
      : `**${n(r.breakingPoint)} appliances**`
  }. Load average before the run: ${la(r.loadBefore)} (a shared 2-core machine: other work was running).

Raw INSERT: the same accepted batches as multi-row INSERTs into one plain table, ${r.poolMax} at a time, as fast as
they go (the floor PostgreSQL itself sets for those rows). Health: \`GET /v1/health\` every 250 ms during the phase,
the HTTP floor of the same process at that moment.
`;
}

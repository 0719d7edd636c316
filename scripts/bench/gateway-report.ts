import type { AlarmLatencyResults } from "./gateway-latency-bench.js";
import type { IngestResults, IngestRun } from "./gateway-ingest-bench.js";
import type { MemoryResults } from "./gateway-memory-bench.js";

export interface GatewayBenchResults {
  ingest: IngestResults;
  latency: AlarmLatencyResults;
  memory: MemoryResults;
  /** True with --long (the 10-minute soak). */
  long: boolean;
}

const n = (x: number) => Math.round(x).toLocaleString("en");
const ms = (x: number) => (x < 0.1 ? x.toFixed(4) : x < 10 ? x.toFixed(3) : x.toFixed(1));
const mb = (x: number) => x.toFixed(1);
const pct = (x: number) => `${Math.round(x * 100)} %`;
const verdict = (ok: boolean) => (ok ? "✅ cumple" : "❌ no cumple");

function ingestRow(name: string, run: IngestRun, raw: IngestRun): string {
  const persisted = run.persisted === null ? "—" : n(run.persisted);
  return `| ${name} | ${n(run.arrived)} | ${persisted} | ${n(run.perSecond)} | ${pct(run.perSecond / raw.perSecond)} |`;
}

/**
 * Written by hand from CPU profiles (node --cpu-prof, QoS 0 bursts of 50,000 to the bench gateway) and
 * process.cpuUsage() around the same bursts, 2026-11-21, after the ingest work (multi-row INSERTs, commits
 * without the fsync on the broker's thread, cached topic parsing); re-profile and update it when the ingest
 * path changes.
 */
const WHERE_THE_TIME_GOES = [
  "Where the gateway's time goes (CPU profiles of QoS 0 bursts taken while tuning, broker thread): Aedes itself",
  "with mqtt-packet and the sockets is about half; the rest is storing readings (one multi-row `INSERT` per flush",
  "into a single B-tree keyed by series and time, the WAL fsync moved off the thread), the rule engine (no",
  "allocation when a reading changes nothing), the topic policy and ingest (topics parsed once, cached) and GC.",
  "Raw Aedes is bound by its publishers on the other core (about 4.8 µs per message there, 3.5 µs in Aedes), the",
  "gateway by its own thread, so reaching 80 % at QoS 0 needs under about 6 µs per message in total. Not done:",
  "moving the writes to a worker thread with a second connection — a second writer makes the till's deferred",
  "transactions that read before they write fail at once with SQLITE_BUSY, and two cores leave no idle one. At",
  "QoS 1 the per-PUBACK socket writes are batched (`writev` in the packet-size guard), which is why QoS 1 keeps up.",
  "",
];

/** The gateway section of docs/benchmarks.md. */
export function renderGatewayReport(r: GatewayBenchResults): string {
  const { ingest, latency, memory } = r;
  const sent = ingest.publishers * ingest.perPublisher;
  const worst = Math.min(
    ingest.gateway["0"].perSecond / ingest.raw["0"].perSecond,
    ingest.gateway["1"].perSecond / ingest.raw["1"].perSecond,
  );
  const slowest = Math.min(ingest.gateway["0"].perSecond, ingest.gateway["1"].perSecond);
  const minutes = (memory.end.t - memory.start.t) / 60;
  return [
    "## IoT gateway",
    "",
    "### Ingest throughput",
    "",
    `${ingest.publishers} mqtt.js publishers in a child process (the machine's other core), each a registered device`,
    `publishing ${n(ingest.perPublisher)} readings (${n(sent)} per run, at most 200 unacknowledged per client). **Gateway**: the`,
    "real startGateway with its default extensions minus the simulator (authentication, topic policy, reading",
    'validation, the rule engine with an "above 8 °C" rule per device, telemetry batched into SQLite with rollups,',
    "discovery off). **Raw Aedes**: Aedes as it ships, no hooks, memory persistence, an in-process subscriber counting",
    "deliveries. Time runs from the first to the last reading that arrives; the gateway's rate counts only readings",
    `found in the readings table afterwards. Raw and gateway runs alternate; best of ${ingest.rounds} rounds each.`,
    "",
    "| | arrived | persisted | readings/s | vs raw |",
    "| --- | ---: | ---: | ---: | ---: |",
    ingestRow("raw Aedes, QoS 0", ingest.raw["0"], ingest.raw["0"]),
    ingestRow("gateway, QoS 0", ingest.gateway["0"], ingest.raw["0"]),
    ingestRow("raw Aedes, QoS 1", ingest.raw["1"], ingest.raw["1"]),
    ingestRow("gateway, QoS 1", ingest.gateway["1"], ingest.raw["1"]),
    "",
    `Targets: ≥ 80 % of raw — ${verdict(worst >= 0.8)} (worst ${pct(worst)}); ≥ 20,000 readings/s — ${verdict(slowest >= 20_000)} (slowest ${n(slowest)}/s).`,
    "",
    ...(worst >= 0.8 ? [] : WHERE_THE_TIME_GOES),
    "### Publish → alarm latency",
    "",
    'A device (mqtt.js, same process, QoS 0) publishes 12 °C against an "above 8 °C" rule with no duration; timed until',
    "the `alarm.changed` event (alarm row committed with its outbox row, event emitted). 5 °C clears it between rounds,",
    "untimed. Baseline: the same publish through raw Aedes to an in-process subscriber.",
    "",
    "| | iterations | p50 ms | p95 ms | p99 ms |",
    "| --- | ---: | ---: | ---: | ---: |",
    `| raw Aedes publish → deliver | ${latency.raw.iterations} | ${ms(latency.raw.p50)} | ${ms(latency.raw.p95)} | ${ms(latency.raw.p99)} |`,
    `| gateway publish → alarm.changed | ${latency.alarm.iterations} | ${ms(latency.alarm.p50)} | ${ms(latency.alarm.p95)} | ${ms(latency.alarm.p99)} |`,
    `| **ratio** | | ${(latency.alarm.p50 / latency.raw.p50).toFixed(1)}× | ${(latency.alarm.p95 / latency.raw.p95).toFixed(1)}× | ${(latency.alarm.p99 / latency.raw.p99).toFixed(1)}× |`,
    "",
    "### Appliance memory",
    "",
    `The appliance alone in a child process (core, local API, gateway minus the simulator) with ${memory.devices} devices publishing`,
    `one reading per second each from this process, for ${Math.round(memory.seconds)} s${r.long ? " (--long)" : " (the default short run; `npm run bench -- --long` soaks 10 minutes)"}.`,
    `${n(memory.readingsStored)} readings stored. Start and end are after a full GC (what a leak would survive); the slope is fitted to`,
    "samples every 5 s without GC.",
    "",
    "| | RSS MB | heap used MB |",
    "| --- | ---: | ---: |",
    `| start (load running, after GC) | ${mb(memory.start.rssMb)} | ${mb(memory.start.heapMb)} |`,
    `| end (after GC) | ${mb(memory.end.rssMb)} | ${mb(memory.end.heapMb)} |`,
    `| peak sampled | ${mb(memory.peak.rssMb)} | ${mb(memory.peak.heapMb)} |`,
    `| growth start → end, per minute | ${mb((memory.end.rssMb - memory.start.rssMb) / minutes)} | ${mb((memory.end.heapMb - memory.start.heapMb) / minutes)} |`,
    `| fitted slope, per minute | ${mb(memory.rssPerMinute)} | ${mb(memory.heapPerMinute)} |`,
    "",
  ].join("\n");
}

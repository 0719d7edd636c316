import type { IngestOp } from "@mostrador/contracts/sync/ingest-batch";
import type pg from "pg";
import { loadavg } from "node:os";
import { percentile } from "../bench/stats.js";
import { SimulatedAppliance } from "./appliance.js";
import { call, inParallel } from "./http.js";

export interface PhaseOptions {
  cloudUrl: string;
  appliances: SimulatedAppliance[];
  /** The shop's 12-hour day, compressed into this many seconds. */
  daySeconds: number;
  /** Stop after this many seconds of the day (a rush hour's worth): the rest of the day is not sent. */
  phaseSeconds?: number;
  /** How often each appliance's drainer sends what its outbox gathered. */
  tickSeconds: number;
  /** Owners reading their dashboards at once, each every ~2 s. */
  owners: number;
  /** Milliseconds between two owners' price edits (each to a different shop). */
  editEveryMs: number;
  /** Superuser connection (not the service's pool) for pg_stat_activity. */
  admin: pg.Client;
  database: string;
  /** Called once the set-up is done, right before the measured part (resets pg_stat_statements). */
  onMeasuredStart?: () => Promise<unknown>;
  /** CPU milliseconds used so far by the cloud process and by PostgreSQL (scripts/load/cpu.ts). */
  cpu: () => { cloud: number; postgres: number };
}

export interface Distribution {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface PhaseResult {
  appliances: number;
  ops: number;
  batches: number;
  offeredOpsPerSec: number;
  ingestOpsPerSec: number;
  ingest: Distribution;
  dashboard: Distribution;
  liveEdit: Distribution;
  editsLost: number;
  health: Distribution;
  errors: Record<string, number>;
  connectionsMax: number;
  connectionsActiveMax: number;
  /**
   * What the service's busy backends were waiting on, summed over the 0.5 s samples ("Lock:transactionid",
   * "IO:WALSync", "running" when none): a diagnosis of latency that CPU does not explain.
   */
  waits: Record<string, number>;
  /** p95 ingest of each minute of the phase, in order: a transient (a worker's burst) from a steady cost. */
  ingestP95ByMinute: number[];
  /** CPU milliseconds per 1,000 ops ingested, the whole workload's (uploads, shapes, dashboards, edits). */
  cloudCpuPerKiloOp: number;
  postgresCpuPerKiloOp: number;
  /** The load generator's own (this process: the simulated appliances and owners), on the same cores. */
  generatorCpuPerKiloOp: number;
  loadAverage: [number, number, number];
  /** Every batch of the phase, for the raw-INSERT baseline. */
  sent: IngestOp[][];
}

export function distribution(samples: number[]): Distribution {
  if (samples.length === 0) return { count: 0, p50: NaN, p95: NaN, p99: NaN, max: NaN };
  const s = [...samples].sort((a, b) => a - b);
  return {
    count: s.length,
    p50: percentile(s, 50),
    p95: percentile(s, 95),
    p99: percentile(s, 99),
    max: s.at(-1)!,
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/** One upload of the drainer: the ops its outbox gathered during tick `tick`. */
export interface PlannedBatch {
  tick: number;
  ops: IngestOp[];
}

/**
 * Splits a day's ops into `ticks` consecutive ticks, as a drainer that sends every tick would; a tick
 * that gathered nothing sends nothing, and the next batch keeps its own tick (a day of fewer ops than
 * ticks is not sent faster than its pace).
 */
export function batchesOf(day: IngestOp[], ticks: number): PlannedBatch[] {
  const out: PlannedBatch[] = [];
  for (let t = 0; t < ticks; t++) {
    const ops = day.slice(Math.floor((t * day.length) / ticks), Math.floor(((t + 1) * day.length) / ticks));
    if (ops.length) out.push({ tick: t, ops });
  }
  return out;
}

/**
 * One phase: every appliance holds its products shape live and uploads its day in batches paced every
 * tick (one batch in flight at a time, as the drainer; a late answer makes the next batch later, never
 * two at once), while owners read their dashboards and edit prices that must reach the shop's appliance.
 */
export async function runPhase(o: PhaseOptions): Promise<PhaseResult> {
  const errors: Record<string, number> = {};
  const error = (what: string) => (errors[what] = (errors[what] ?? 0) + 1);
  const dayStart = Date.now() - 12 * 3_600_000;

  // Set-up, not measured: each appliance's enrolment upload (once) and its live subscription's snapshot.
  const days = await inParallel(o.appliances, 16, (a) => a.prepareDay(dayStart));
  await inParallel(o.appliances, 32, (a) => a.startLive(error));

  await o.onMeasuredStart?.();
  const ticks = Math.max(1, Math.round(o.daySeconds / o.tickSeconds));
  const seconds = Math.min(o.daySeconds, o.phaseSeconds ?? o.daySeconds);
  const lastTick = Math.ceil(seconds / o.tickSeconds);
  const plans = days.map((day) => batchesOf(day, ticks).filter((b) => b.tick < lastTick));
  const ingest: number[] = [];
  const ingestAt: number[] = [];
  const waits: Record<string, number> = {};
  const dashboard: number[] = [];
  const liveEdit: number[] = [];
  const health: number[] = [];
  const sent: IngestOp[][] = [];
  let ops = 0;
  let connectionsMax = 0;
  let connectionsActiveMax = 0;
  let running = true;
  const tickMs = o.tickSeconds * 1000;
  const cpu0 = o.cpu();
  const generator0 = process.cpuUsage();
  const t0 = performance.now();

  const uploads = o.appliances.map(async (a, i) => {
    const plan = plans[i]!;
    const offset = Math.random() * tickMs;
    for (let k = 0; k < plan.length; k++) {
      await sleep(t0 + offset + plan[k]!.tick * tickMs - performance.now());
      const batch = plan[k]!.ops;
      const backlog = plan.slice(k + 1).reduce((n, b) => n + b.ops.length, 0);
      try {
        const answer = await a.upload(batch, backlog);
        if (answer.status === 200) {
          ingest.push(answer.ms);
          ingestAt.push(performance.now() - t0);
          ops += batch.length;
          sent.push(batch);
        } else
          error(
            `ingest ${answer.status} ${(answer.body as { error?: { code?: string } })?.error?.code ?? ""}`.trim(),
          );
      } catch (err) {
        error(`ingest: ${(err as Error).message}`);
      }
    }
  });

  const owners = Array.from({ length: o.owners }, async (_, k) => {
    await sleep(Math.random() * 2000);
    while (running) {
      const shop =
        o.appliances[(k * 7919 + Math.floor(Math.random() * o.appliances.length)) % o.appliances.length]!
          .shop;
      for (const path of [
        "/v1/dashboard/sales?period=today",
        "/v1/dashboard/stock?limit=50",
        "/v1/dashboard/alarms",
        "/v1/dashboard/stores",
      ]) {
        try {
          const answer = await call(`${o.cloudUrl}${path}`, { token: shop.ownerToken });
          if (answer.status === 200) dashboard.push(answer.ms);
          else error(`dashboard ${answer.status}`);
        } catch (err) {
          error(`dashboard: ${(err as Error).message}`);
        }
      }
      await sleep(1500 + Math.random() * 1000);
    }
  });

  let editNo = 0;
  const editor = (async () => {
    while (running) {
      await sleep(o.editEveryMs);
      if (!running) break;
      const a = o.appliances[editNo++ % o.appliances.length]!;
      const productId = a.products[editNo % a.products.length]!;
      const price = 100_000 + editNo * 100 + Math.floor(Math.random() * 100);
      a.expectEdit(productId, price, (ms) => liveEdit.push(ms));
      call(`${o.cloudUrl}/v1/dashboard/catalog/${productId}`, {
        method: "PATCH",
        token: a.shop.ownerToken,
        body: JSON.stringify({ price }),
      })
        .then((answer) => answer.status !== 200 && error(`edit ${answer.status}`))
        .catch((err: Error) => error(`edit: ${err.message}`));
    }
  })();

  const pinger = (async () => {
    while (running) {
      try {
        const answer = await call(`${o.cloudUrl}/v1/health`);
        if (answer.status === 200) health.push(answer.ms);
      } catch {
        error("health");
      }
      await sleep(250);
    }
  })();

  const sampler = (async () => {
    while (running) {
      const { rows } = await o.admin.query<{ state: string | null; wait: string | null }>(
        `SELECT state, wait_event_type || ':' || wait_event AS wait
           FROM pg_stat_activity WHERE datname = $1 AND usename = 'mostrador_service'`,
        [o.database],
      );
      const busy = rows.filter((r) => r.state !== "idle");
      connectionsMax = Math.max(connectionsMax, rows.length);
      connectionsActiveMax = Math.max(connectionsActiveMax, busy.length);
      for (const r of busy) {
        const key = r.state === "active" ? (r.wait ?? "running") : `${r.state ?? "?"} (${r.wait ?? "-"})`;
        waits[key] = (waits[key] ?? 0) + 1;
      }
      await sleep(500);
    }
  })();

  await Promise.all(uploads);
  const wallMs = performance.now() - t0;
  const cpu1 = o.cpu();
  const generator = process.cpuUsage(generator0);
  const loadAverage = loadavg() as [number, number, number];
  // The last edits get a long-poll's worth of time to arrive; what has not by then is lost.
  running = false;
  await Promise.all([...owners, editor, pinger, sampler]);
  for (let waited = 0; waited < 10_000 && o.appliances.some((a) => a.pendingEdits() > 0); waited += 100)
    await sleep(100);
  const editsLost = o.appliances.reduce((n, a) => n + a.pendingEdits(), 0);
  for (const a of o.appliances) a.stopLive();

  const offered = plans.reduce((n, p) => n + p.reduce((m, b) => m + b.ops.length, 0), 0);
  return {
    appliances: o.appliances.length,
    ops,
    batches: ingest.length,
    offeredOpsPerSec: offered / seconds,
    ingestOpsPerSec: ops / (wallMs / 1000),
    ingest: distribution(ingest),
    dashboard: distribution(dashboard),
    liveEdit: distribution(liveEdit),
    editsLost,
    health: distribution(health),
    errors,
    connectionsMax,
    connectionsActiveMax,
    waits,
    ingestP95ByMinute: Array.from(
      { length: Math.ceil(wallMs / 60_000) },
      (_, m) => distribution(ingest.filter((_, i) => Math.floor(ingestAt[i]! / 60_000) === m)).p95,
    ),
    cloudCpuPerKiloOp: ((cpu1.cloud - cpu0.cloud) / Math.max(1, ops)) * 1000,
    postgresCpuPerKiloOp: ((cpu1.postgres - cpu0.postgres) / Math.max(1, ops)) * 1000,
    generatorCpuPerKiloOp: ((generator.user + generator.system) / 1000 / Math.max(1, ops)) * 1000,
    loadAverage,
    sent,
  };
}

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
  /** How often each appliance's drainer sends what its outbox gathered. */
  tickSeconds: number;
  /** Owners reading their dashboards at once, each every ~2 s. */
  owners: number;
  /** Milliseconds between two owners' price edits (each to a different shop). */
  editEveryMs: number;
  /** Superuser connection (not the service's pool) for pg_stat_activity. */
  admin: pg.Client;
  database: string;
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
  /** CPU milliseconds per 1,000 ops ingested, the whole workload's (uploads, shapes, dashboards, edits). */
  cloudCpuPerKiloOp: number;
  postgresCpuPerKiloOp: number;
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

/** Splits a day's ops into `ticks` consecutive batches, as a drainer that sends every tick would. */
function batchesOf(day: IngestOp[], ticks: number): IngestOp[][] {
  const out: IngestOp[][] = [];
  for (let t = 0; t < ticks; t++) {
    const batch = day.slice(Math.floor((t * day.length) / ticks), Math.floor(((t + 1) * day.length) / ticks));
    if (batch.length) out.push(batch);
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

  const ticks = Math.max(1, Math.round(o.daySeconds / o.tickSeconds));
  const plans = days.map((day) => batchesOf(day, ticks));
  const ingest: number[] = [];
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
  const t0 = performance.now();

  const uploads = o.appliances.map(async (a, i) => {
    const plan = plans[i]!;
    const offset = Math.random() * tickMs;
    for (let k = 0; k < plan.length; k++) {
      await sleep(t0 + offset + k * tickMs - performance.now());
      const batch = plan[k]!;
      const backlog = plan.slice(k + 1).reduce((n, b) => n + b.length, 0);
      try {
        const answer = await a.upload(batch, backlog);
        if (answer.status === 200) {
          ingest.push(answer.ms);
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
      const { rows } = await o.admin.query<{ total: string; active: string }>(
        `SELECT count(*) AS total, count(*) FILTER (WHERE state <> 'idle') AS active
           FROM pg_stat_activity WHERE datname = $1 AND usename = 'mostrador_service'`,
        [o.database],
      );
      connectionsMax = Math.max(connectionsMax, Number(rows[0]!.total));
      connectionsActiveMax = Math.max(connectionsActiveMax, Number(rows[0]!.active));
      await sleep(500);
    }
  })();

  await Promise.all(uploads);
  const wallMs = performance.now() - t0;
  const cpu1 = o.cpu();
  const loadAverage = loadavg() as [number, number, number];
  // The last edits get a long-poll's worth of time to arrive; what has not by then is lost.
  running = false;
  await Promise.all([...owners, editor, pinger, sampler]);
  for (let waited = 0; waited < 10_000 && o.appliances.some((a) => a.pendingEdits() > 0); waited += 100)
    await sleep(100);
  const editsLost = o.appliances.reduce((n, a) => n + a.pendingEdits(), 0);
  for (const a of o.appliances) a.stopLive();

  const offered = plans.reduce((n, p) => n + p.reduce((m, b) => m + b.length, 0), 0);
  return {
    appliances: o.appliances.length,
    ops,
    batches: ingest.length,
    offeredOpsPerSec: offered / o.daySeconds,
    ingestOpsPerSec: ops / (wallMs / 1000),
    ingest: distribution(ingest),
    dashboard: distribution(dashboard),
    liveEdit: distribution(liveEdit),
    editsLost,
    health: distribution(health),
    errors,
    connectionsMax,
    connectionsActiveMax,
    cloudCpuPerKiloOp: ((cpu1.cloud - cpu0.cloud) / Math.max(1, ops)) * 1000,
    postgresCpuPerKiloOp: ((cpu1.postgres - cpu0.postgres) / Math.max(1, ops)) * 1000,
    loadAverage,
    sent,
  };
}

import { cpus, loadavg } from "node:os";
import pg from "pg";
import type { IngestOp } from "@mostrador/contracts/sync/ingest-batch";
import { openPgSql } from "@mostrador/cloud/db/pg";
import {
  startPostgresCluster,
  type PostgresClusterInfo,
} from "@mostrador/cloud/test-support/postgres-cluster";
import { SimulatedAppliance } from "./appliance.js";
import { childrenCpuMs, postmasterPid, processCpuMs } from "./cpu.js";
import { startCloudChild } from "./cloud-process.js";
import { distribution, runPhase, type Distribution, type PhaseResult } from "./phase.js";
import { createShops } from "./shops.js";

export interface LoadOptions {
  /** Appliances per phase, in order (each phase adds shops to the last one's). */
  sizes: number[];
  daySeconds: number;
  /** Only this many seconds of each day (a rush hour at the day's pace); the whole day when absent. */
  phaseSeconds?: number;
  tickSeconds: number;
  /** Settings for the cloud process (CLOUD_DATABASE_POOL_MAX…). */
  cloudEnv?: Record<string, string>;
  /** An already running cluster (the test suite's); otherwise a throwaway one is started and stopped. */
  cluster?: PostgresClusterInfo;
  /** An existing database of that cluster (the suite's migrated copy) instead of a new empty one. */
  database?: string;
  log?: (line: string) => void;
  /**
   * Diagnosis: the throwaway cluster loads pg_stat_statements, and after each phase the log lists the
   * statements that took most of PostgreSQL's time in its measured part (the counters are reset once the
   * phase's set-up is done).
   */
  statements?: boolean;
}

export interface RawInsertBaseline {
  ops: number;
  opsPerSec: number;
  batch: Distribution;
  postgresCpuPerKiloOp: number;
}

export interface LoadPhase extends Omit<PhaseResult, "sent"> {
  baseline: RawInsertBaseline;
  /** p95 ingest under 200 ms and not one error. */
  holds: boolean;
}

export interface LoadResults {
  startedAt: Date;
  daySeconds: number;
  phaseSeconds: number | null;
  tickSeconds: number;
  poolMax: number;
  /** Cores of the machine (os.cpus()). */
  cores: number;
  loadBefore: [number, number, number];
  phases: LoadPhase[];
  /** The first size that did not hold, or null when all did. */
  breakingPoint: number | null;
}

export const P95_INGEST_TARGET_MS = 200;
/** The pool size of the raw-INSERT baseline: the service's pool, so both have the same connections. */
const DEFAULT_POOL_MAX = 10;

/**
 * The cloud at N shops: a throwaway PostgreSQL 15, the real cloud process on it, and N simulated
 * appliances (scripts/load/appliance.ts) per phase. Traffic to 127.0.0.1 only; bounded by the sizes
 * and `daySeconds` per phase.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResults> {
  const log = options.log ?? (() => {});
  const own = options.cluster
    ? null
    : await startPostgresCluster(
        options.statements
          ? { settings: ["shared_preload_libraries=pg_stat_statements", "pg_stat_statements.track=all"] }
          : {},
      );
  // Ctrl-C (run.ts exits on SIGINT) or a crash still stops the throwaway cluster.
  const onExit = () => own?.stop();
  process.once("exit", onExit);
  const cluster = options.cluster ?? own!;
  const database = options.database ?? `mostrador_load_${Date.now().toString(36)}`;
  const base = `postgresql://${cluster.superuser}@${cluster.host}:${cluster.port}`;
  const admin = new pg.Client({ connectionString: `${base}/postgres` });
  await admin.connect();
  if (!options.database) await admin.query(`CREATE DATABASE ${database}`);
  const statements =
    options.statements && own ? new pg.Client({ connectionString: `${base}/${database}` }) : null;
  if (statements) {
    await statements.connect();
    await statements.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
  }
  const serviceUrl = `postgresql://${cluster.serviceUser}@${cluster.host}:${cluster.port}/${database}`;
  const poolMax = Number(options.cloudEnv?.CLOUD_DATABASE_POOL_MAX ?? DEFAULT_POOL_MAX);
  const loadBefore = loadavg() as [number, number, number];
  const startedAt = new Date();
  log("Nube: migrando y arrancando el proceso…");
  const cloud = await startCloudChild(serviceUrl, `${base}/${database}`, options.cloudEnv);
  const killCloud = () => process.kill(cloud.pid, "SIGKILL");
  process.once("exit", killCloud);
  const service = openPgSql({ connectionString: serviceUrl, max: 4 });
  const watcher = new pg.Client({ connectionString: `${base}/${database}` });
  await watcher.connect();
  const raw = new pg.Pool({ connectionString: `${base}/${database}`, max: poolMax });
  const postmaster = postmasterPid(cluster.port);
  const postgresCpu = () => (postmaster ? childrenCpuMs(postmaster) : 0);
  const cpu = () => ({ cloud: processCpuMs(cloud.pid), postgres: postgresCpu() });
  try {
    await raw.query(
      "CREATE TABLE raw_ops (op_id uuid PRIMARY KEY, seq bigint, entity text, entity_id text, op text, payload jsonb, created_at timestamptz)",
    );
    const appliances: SimulatedAppliance[] = [];
    const phases: LoadPhase[] = [];
    for (const size of options.sizes) {
      if (size > appliances.length) {
        log(`Comercios: dando de alta ${size - appliances.length} (dueño, local, equipo enrolado)…`);
        const shops = await createShops(service, cloud.url, size - appliances.length, appliances.length);
        appliances.push(...shops.map((s) => new SimulatedAppliance(s, cloud.url)));
      }
      log(
        `Fase: ${size} equipos, un día en ${options.daySeconds} s${options.phaseSeconds ? ` (sus primeros ${options.phaseSeconds} s)` : ""}…`,
      );
      const { sent, ...result } = await runPhase({
        cloudUrl: cloud.url,
        appliances: appliances.slice(0, size),
        daySeconds: options.daySeconds,
        ...(options.phaseSeconds ? { phaseSeconds: options.phaseSeconds } : {}),
        tickSeconds: options.tickSeconds,
        owners: Math.max(2, Math.ceil(size / 20)),
        editEveryMs: 1000,
        admin: watcher,
        database,
        cpu,
        // The statements of the measured part only, not of the enrolment uploads and snapshots before it.
        ...(statements
          ? { onMeasuredStart: () => statements.query("SELECT pg_stat_statements_reset()") }
          : {}),
      });
      if (statements) for (const line of await topStatements(statements)) log(line);
      log(
        `  p95 de ingesta por minuto: ${result.ingestP95ByMinute.map((x) => Math.round(x)).join(", ")} ms ` +
          `(p50 ${Math.round(result.ingest.p50)}, p99 ${Math.round(result.ingest.p99)}, máx. ${Math.round(result.ingest.max)}; ` +
          `salud p99 ${Math.round(result.health.p99)}, máx. ${Math.round(result.health.max)}); ` +
          `esperas de PostgreSQL (muestras): ${JSON.stringify(result.waits)}`,
      );
      log("Baseline: los mismos lotes como INSERT crudos…");
      const baseline = await rawInsert(raw, sent, poolMax, postgresCpu);
      const holds =
        result.ingest.p95 < P95_INGEST_TARGET_MS &&
        Object.keys(result.errors).length === 0 &&
        result.editsLost === 0;
      phases.push({ ...result, baseline, holds });
      log(
        `  ingesta p95 ${result.ingest.p95.toFixed(0)} ms, ${Math.round(result.ingestOpsPerSec)} ops/s; panel p95 ${result.dashboard.p95.toFixed(0)} ms; ` +
          `edición→equipo p95 ${result.liveEdit.p95.toFixed(0)} ms; conexiones ${result.connectionsMax}; errores ${JSON.stringify(result.errors)}; ` +
          `CPU por 1000 ops: nube ${Math.round(result.cloudCpuPerKiloOp)} ms, PostgreSQL ${Math.round(result.postgresCpuPerKiloOp)} ms (crudo ${Math.round(baseline.postgresCpuPerKiloOp)} ms), generador ${Math.round(result.generatorCpuPerKiloOp)} ms`,
      );
    }
    const broken = phases.find((p) => !p.holds);
    return {
      startedAt,
      daySeconds: options.daySeconds,
      phaseSeconds: options.phaseSeconds ?? null,
      tickSeconds: options.tickSeconds,
      poolMax,
      cores: cpus().length,
      loadBefore,
      phases,
      breakingPoint: broken ? broken.appliances : null,
    };
  } finally {
    await statements?.end();
    await raw.end();
    await watcher.end();
    await service.close();
    process.off("exit", killCloud);
    await cloud.stop();
    if (!options.database)
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => {});
    await admin.end();
    own?.stop();
    process.off("exit", onExit);
  }
}

/**
 * The floor: the phase's accepted batches as multi-row INSERTs of the same rows into one plain table
 * (no RLS, no projections, no HTTP), `concurrency` at a time on a pool of the service's size, as fast
 * as they go: what PostgreSQL on this machine takes for those rows and nothing else.
 */
async function rawInsert(
  pool: pg.Pool,
  batches: IngestOp[][],
  concurrency: number,
  postgresCpu: () => number,
): Promise<RawInsertBaseline> {
  const latencies: number[] = [];
  const cpu0 = postgresCpu();
  let next = 0;
  let ops = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < batches.length) {
        const batch = batches[next++]!;
        const values = batch.map(
          (_, j) =>
            `($${j * 7 + 1}, $${j * 7 + 2}, $${j * 7 + 3}, $${j * 7 + 4}, $${j * 7 + 5}, $${j * 7 + 6}, $${j * 7 + 7})`,
        );
        const t = performance.now();
        await pool.query(
          `INSERT INTO raw_ops VALUES ${values.join(",")} ON CONFLICT DO NOTHING`,
          batch.flatMap((o) => [
            o.id,
            o.seq,
            o.entity,
            o.entityId,
            o.op,
            JSON.stringify(o.payload),
            o.createdAt,
          ]),
        );
        latencies.push(performance.now() - t);
        ops += batch.length;
      }
    }),
  );
  const ms = performance.now() - t0;
  return {
    ops,
    opsPerSec: ops / (ms / 1000),
    batch: distribution(latencies),
    postgresCpuPerKiloOp: ((postgresCpu() - cpu0) / Math.max(1, ops)) * 1000,
  };
}

/** The 15 statements that took most of PostgreSQL's time since the last reset, one line each. */
async function topStatements(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{
    calls: string;
    total: number;
    mean: number;
    rows: string;
    query: string;
  }>(
    `SELECT calls, total_exec_time AS total, mean_exec_time AS mean, rows, query FROM pg_stat_statements
      ORDER BY total_exec_time DESC LIMIT 15`,
  );
  const all = await client.query<{ total: number }>(
    "SELECT coalesce(sum(total_exec_time), 0) AS total FROM pg_stat_statements",
  );
  const sum = Number(all.rows[0]?.total ?? 0);
  return [
    `  PostgreSQL: ${Math.round(sum)} ms de ejecución en la fase; las sentencias que más tomaron:`,
    ...rows.map(
      (r) =>
        `    ${((100 * r.total) / (sum || 1)).toFixed(1).padStart(5)} %  ${String(r.calls).padStart(7)} llamadas  ` +
        `${r.mean.toFixed(2).padStart(7)} ms c/u  ${r.query.replace(/\s+/g, " ").slice(0, 160)}`,
    ),
  ];
}

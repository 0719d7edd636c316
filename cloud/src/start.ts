import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { systemClock, type Clock } from "./core/clock.js";
import { migrate, type Migration } from "./db/migrate.js";
import { openPgSql } from "./db/pg.js";
import { openPgliteSql } from "./db/pglite.js";
import type { Sql } from "./db/sql.js";
import { builtUiDir } from "./dashboard/static-ui.js";
import { ensureDemoTenant, type DemoTenant } from "./demo.js";
import { startModules, type CloudModule } from "./core/module.js";
import { cloudMigrations, cloudModules } from "./modules.js";
import { buildCloudServer, type CloudServer } from "./server.js";

export const DEFAULT_CLOUD_PORT = 8430;

export interface CloudConfig {
  /** PostgreSQL for the service (CLOUD_DATABASE_URL). Absent → embedded PGlite in `<dataDir>/cloud`. */
  databaseUrl?: string;
  /**
   * Connections the service's pool may open (CLOUD_DATABASE_POOL_MAX, default 10). Every request holds
   * one only for its transaction (a waiting shape long-poll holds none), so a handful per database core
   * serves thousands of appliances; more only queue inside PostgreSQL instead of in the pool.
   */
  databasePoolMax?: number;
  /**
   * Send the statements the service repeats as named prepared statements (CLOUD_DATABASE_PREPARE,
   * default on; "0" for a transaction-mode pooler that cannot track them, e.g. PgBouncer before 1.21).
   */
  databasePrepare?: boolean;
  /** PostgreSQL as the schema owner, for migrations (CLOUD_MIGRATION_DATABASE_URL). Default databaseUrl. */
  migrationUrl?: string;
  dataDir: string;
  port: number;
  host: string;
  /**
   * Create the demo tenant and store on first start: CLOUD_DEMO, default MOSTRADOR_DEMO's value (so
   * `MOSTRADOR_DEMO=0 npm start` has no demo in its embedded cloud either), itself default on.
   */
  demo?: boolean;
  /** CLOUD_TRUST_PROXY: the reverse proxy's addresses/CIDRs, trusted for X-Forwarded-For (server.ts). */
  trustProxy?: string;
  clock?: Clock;
  logger?: boolean;
  /** The modules to run (their migrations, routes, projections, start/stop). Default: modules.ts's list. */
  modules?: readonly CloudModule[];
}

export interface RunningCloud {
  app: CloudServer;
  sql: Sql;
  url: string;
  database: "postgresql" | "pglite";
  demo: DemoTenant | null;
  close(): Promise<void>;
}

function parsePort(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === "") return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`${name} debe ser un puerto entre 0 y 65535 (vino "${value}")`);
  return port;
}

function parsePoolMax(value: string): number {
  const max = Number(value);
  if (!Number.isInteger(max) || max < 1 || max > 500)
    throw new Error(`CLOUD_DATABASE_POOL_MAX debe ser un entero entre 1 y 500 (vino "${value}")`);
  return max;
}

/** A switch: "0" is off, any other value on; unset or empty takes `fallback`. */
function flag(value: string | undefined, fallback: boolean): boolean {
  return value === undefined || value === "" ? fallback : value !== "0";
}

/** CLOUD_TRUST_PROXY: "127.0.0.1", "loopback,uniquelocal", "10.0.0.0/8,…"; unset or "" → trust no proxy. */
function parseTrustProxy(value: string | undefined): string | undefined {
  const list = value?.trim();
  if (!list) return undefined;
  // Fastify treats a hop count as "trust nothing" (it cannot tell the proxy from a direct client).
  if (/^\d+$/.test(list) || list === "true")
    throw new Error(
      `CLOUD_TRUST_PROXY debe listar las direcciones del proxy (p. ej. "loopback,uniquelocal"), no "${list}"`,
    );
  return list;
}

/** Configuration from the environment, with the defaults README.md documents. */
export function loadCloudConfig(env: NodeJS.ProcessEnv = process.env): CloudConfig {
  const trustProxy = parseTrustProxy(env.CLOUD_TRUST_PROXY);
  return {
    ...(env.CLOUD_DATABASE_URL ? { databaseUrl: env.CLOUD_DATABASE_URL } : {}),
    ...(env.CLOUD_MIGRATION_DATABASE_URL ? { migrationUrl: env.CLOUD_MIGRATION_DATABASE_URL } : {}),
    ...(env.CLOUD_DATABASE_POOL_MAX ? { databasePoolMax: parsePoolMax(env.CLOUD_DATABASE_POOL_MAX) } : {}),
    databasePrepare: flag(env.CLOUD_DATABASE_PREPARE, true),
    dataDir: resolve(env.MOSTRADOR_DATA_DIR ?? "data"),
    port: parsePort("CLOUD_PORT", env.CLOUD_PORT, DEFAULT_CLOUD_PORT),
    host: env.CLOUD_HOST ?? "127.0.0.1",
    demo: flag(env.CLOUD_DEMO, flag(env.MOSTRADOR_DEMO, true)),
    ...(trustProxy !== undefined ? { trustProxy } : {}),
  };
}

async function openDatabase(
  config: CloudConfig,
  migrations: readonly Migration[],
): Promise<{ sql: Sql; database: RunningCloud["database"] }> {
  if (config.databaseUrl) {
    // Migrate as the owner on its own short-lived pool, then serve as the service role.
    const owner = openPgSql({
      connectionString: config.migrationUrl ?? config.databaseUrl,
      role: null,
      max: 1,
    });
    try {
      await migrate(owner, migrations);
    } finally {
      await owner.close();
    }
    return {
      sql: openPgSql({
        connectionString: config.databaseUrl,
        ...(config.databasePoolMax ? { max: config.databasePoolMax } : {}),
        prepare: config.databasePrepare !== false,
      }),
      database: "postgresql",
    };
  }
  const dir = join(config.dataDir, "cloud");
  mkdirSync(dir, { recursive: true });
  return { sql: await openPgliteSql({ dataDir: dir, migrate: migrations }), database: "pglite" };
}

/** The cloud service: database (migrated), optional demo tenant, HTTP API listening. */
export async function startCloud(config: CloudConfig): Promise<RunningCloud> {
  const clock = config.clock ?? systemClock;
  const modules = config.modules ?? cloudModules;
  const { sql, database } = await openDatabase(config, cloudMigrations(modules));
  try {
    const demo = config.demo === false ? null : await ensureDemoTenant(sql, clock);
    const app = await buildCloudServer(sql, {
      modules,
      clock,
      logger: config.logger ?? false,
      uiDir: builtUiDir(),
      ...(config.trustProxy !== undefined ? { trustProxy: config.trustProxy } : {}),
    });
    // Modules' background work starts once the server is built, and stops (in reverse) before it closes.
    let stopModules: () => Promise<void>;
    try {
      stopModules = await startModules(modules, {
        sql,
        clock,
        // console, not app.log: the service runs with Fastify's logger off by default.
        log: (message, err) => console.error(message, err ?? ""),
      });
    } catch (err) {
      await app.close();
      throw err;
    }
    let address: string;
    try {
      address = await app.listen({ port: config.port, host: config.host });
    } catch (err) {
      await stopModules();
      await app.close();
      throw err;
    }
    return {
      app,
      sql,
      url: address.replace("[::1]", "127.0.0.1"),
      database,
      demo,
      async close() {
        await stopModules();
        await app.close();
        await sql.close();
      },
    };
  } catch (err) {
    await sql.close();
    throw err;
  }
}

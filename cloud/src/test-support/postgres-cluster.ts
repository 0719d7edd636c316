import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Where Debian's postgresql-15 package puts the server binaries (.ci/run installs it when missing). */
export const PG_BIN = process.env.MOSTRADOR_PG_BIN ?? "/usr/lib/postgresql/15/bin";

/** How tests reach the throwaway cluster: trust auth on 127.0.0.1. */
export interface PostgresClusterInfo {
  host: string;
  port: number;
  /** The bootstrap superuser: migration owner in tests. */
  superuser: string;
  /** LOGIN role, member of mostrador_app, NOBYPASSRLS: connects like the production service. */
  serviceUser: string;
  /** LOGIN role, member of mostrador_operator only, NOBYPASSRLS: the operator's console (cloud/src/operator). */
  operatorUser: string;
}

export interface PostgresCluster extends PostgresClusterInfo {
  stop(): void;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject()));
    });
  });
}

/** PostgreSQL refuses to run as root: as root we run its binaries as the `postgres` system user. */
function runAsPostgres(bin: string, args: string[]): void {
  const command = join(PG_BIN, bin);
  const asRoot = process.getuid?.() === 0;
  execFileSync(asRoot ? "runuser" : command, asRoot ? ["-u", "postgres", "--", command, ...args] : args, {
    stdio: ["ignore", "pipe", "pipe"],
  });
}

function uidOf(user: string): { uid: number; gid: number } {
  const uid = Number(execFileSync("id", ["-u", user], { encoding: "utf8" }).trim());
  const gid = Number(execFileSync("id", ["-g", user], { encoding: "utf8" }).trim());
  return { uid, gid };
}

/**
 * Starts a throwaway PostgreSQL 15 cluster in a temp dir: initdb (trust auth, no fsync), then pg_ctl
 * start on an ephemeral 127.0.0.1 port with its unix socket inside the same dir. Durability settings
 * are off: the cluster dies with the test run.
 */
export async function startPostgresCluster(
  options: { settings?: readonly string[] } = {},
): Promise<PostgresCluster> {
  if (!existsSync(join(PG_BIN, "postgres")))
    throw new Error(
      `No se encontró PostgreSQL 15 en ${PG_BIN}: los tests de cloud/ y sync/ lo necesitan. ` +
        `Instalalo con "apt-get install postgresql-15" (lo hace .ci/run) o indicá la carpeta con MOSTRADOR_PG_BIN.`,
    );
  const dir = mkdtempSync(join(tmpdir(), "mostrador-pg-"));
  const data = join(dir, "data");
  if (process.getuid?.() === 0) {
    const { uid, gid } = uidOf("postgres");
    chownSync(dir, uid, gid);
  }
  const port = await freePort();
  let started = false;
  const stop = () => {
    if (started) {
      try {
        runAsPostgres("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
      } catch {
        // already gone
      }
      started = false;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    runAsPostgres("initdb", [
      "-D",
      data,
      "-U",
      "postgres",
      "--auth=trust",
      "--no-sync",
      "--encoding=UTF8",
      "--locale=C",
    ]);
    const settings = [
      `-p ${port}`,
      `-k ${dir}`,
      "-c listen_addresses=127.0.0.1",
      "-c fsync=off",
      "-c synchronous_commit=off",
      "-c full_page_writes=off",
      "-c max_connections=200",
      // A diagnostic's own settings (scripts/load's --statements: pg_stat_statements).
      ...(options.settings ?? []).map((setting) => `-c ${setting}`),
    ].join(" ");
    runAsPostgres("pg_ctl", ["-D", data, "-o", settings, "-l", join(dir, "postgres.log"), "-w", "start"]);
    started = true;
    // Cluster-wide roles, as a DBA would create them in production (cloud/README.md): the service
    // role itself (0001_tenancy.sql creates it too when missing) and a LOGIN member of it.
    runAsPostgres("psql", [
      "-h",
      dir,
      "-p",
      String(port),
      "-U",
      "postgres",
      "-d",
      "postgres",
      "-v",
      "ON_ERROR_STOP=1",
      "-q",
      "-c",
      "CREATE ROLE mostrador_app NOLOGIN NOSUPERUSER NOBYPASSRLS",
      "-c",
      "CREATE ROLE mostrador_service LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE IN ROLE mostrador_app",
      "-c",
      "CREATE ROLE mostrador_operator NOLOGIN NOSUPERUSER NOBYPASSRLS",
      "-c",
      "CREATE ROLE mostrador_operator_service LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE IN ROLE mostrador_operator",
    ]);
  } catch (err) {
    stop();
    const stderr = (err as { stderr?: Buffer }).stderr?.toString() ?? "";
    throw new Error(`No se pudo iniciar PostgreSQL de prueba: ${(err as Error).message}\n${stderr}`, {
      cause: err,
    });
  }
  return {
    host: "127.0.0.1",
    port,
    superuser: "postgres",
    serviceUser: "mostrador_service",
    operatorUser: "mostrador_operator_service",
    stop,
  };
}

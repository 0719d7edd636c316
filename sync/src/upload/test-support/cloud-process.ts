import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { inject } from "vitest";

const REPO_ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
const CLOUD_MAIN = fileURLToPath(new URL("../../../../cloud/src/main.ts", import.meta.url));
const READY = /MOSTRADOR_CLOUD_READY (\S+)/;
const DEMO = { email: "demo@mostrador.local", password: "mostrador-demo" };

/**
 * The real cloud service as a child process on a fresh database of the run's PostgreSQL cluster:
 * sync/ talks to the cloud only over HTTP (it must not import cloud/ code), and a child process is
 * what a kill -9 of the cloud mid-batch needs anyway.
 */
export interface CloudProcess {
  url: string;
  /** Superuser connection for assertions (bypasses RLS). */
  owner: pg.Pool;
  /** A fresh pairing code for the demo store. */
  pairingCode(): Promise<string>;
  /** Owner session token of the demo tenant. */
  ownerToken: string;
  crash(): Promise<void>;
  /** Starts it again on the same database and port. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

function startChild(
  env: NodeJS.ProcessEnv,
): Promise<{ child: ChildProcess; url: string; exited: Promise<void> }> {
  const child = spawn(process.execPath, ["--import", "tsx", CLOUD_MAIN], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`La nube no arrancó:\n${output}`));
    }, 90_000); // a wait bound: a loaded 2-core machine can take half a minute to start the cloud
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = READY.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1] as string, exited });
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`La nube terminó al arrancar (${code}):\n${output}`));
    });
  });
}

async function call<T>(url: string, path: string, body: unknown, token?: string): Promise<T> {
  const res = await fetch(`${url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export async function startCloudProcess(): Promise<CloudProcess> {
  const cluster = inject("cloudPostgres");
  if (!cluster) throw new Error("No hay PostgreSQL de prueba (globalSetup)");
  const name = `mostrador_sync_${randomBytes(6).toString("hex")}`;
  const base = `postgresql://${cluster.superuser}@${cluster.host}:${cluster.port}`;
  const admin = new pg.Client({ connectionString: `${base}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  let port = 0;
  // A cloud on PostgreSQL refuses to start without the key its channel secrets are encrypted with.
  const secretsKey = randomBytes(32).toString("hex");
  const env = () => ({
    CLOUD_SECRETS_KEY: secretsKey,
    CLOUD_DATABASE_URL: `postgresql://${cluster.serviceUser}@${cluster.host}:${cluster.port}/${name}`,
    CLOUD_MIGRATION_DATABASE_URL: `${base}/${name}`,
    CLOUD_PORT: String(port),
    CLOUD_HOST: "127.0.0.1",
    CLOUD_DEMO: "1",
  });
  let running = await startChild(env());
  port = Number(new URL(running.url).port);
  const owner = new pg.Pool({ connectionString: `${base}/${name}`, max: 2 });
  // close() drops the database WITH (FORCE) right after owner.end(): a client still ending then gets the
  // server's "terminating connection" outside any query, an 'error' event the pool no longer listens to.
  owner.on("connect", (client) => client.on("error", () => undefined));
  const { token: ownerToken } = await call<{ token: string }>(running.url, "/v1/auth/login", DEMO);
  const [store] = (await owner.query<{ id: string }>("SELECT id FROM stores ORDER BY created_at LIMIT 1"))
    .rows;
  const crash = async () => {
    if (running.child.exitCode === null && running.child.signalCode === null) running.child.kill("SIGKILL");
    await running.exited;
  };
  return {
    url: running.url,
    owner,
    ownerToken,
    async pairingCode() {
      const { code } = await call<{ code: string }>(
        running.url,
        `/v1/stores/${store?.id}/pairing-codes`,
        {},
        ownerToken,
      );
      return code;
    },
    crash,
    async restart() {
      running = await startChild(env());
    },
    async close() {
      await crash();
      await owner.end();
      const dropper = new pg.Client({ connectionString: `${base}/postgres` });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}

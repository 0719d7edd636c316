import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const CLOUD_MAIN = fileURLToPath(new URL("../../cloud/src/main.ts", import.meta.url));
const READY = /MOSTRADOR_CLOUD_READY (\S+)/;

export interface CloudChild {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * The real cloud service as `npm start`'s cloud runs it (cloud/src/main.ts: migrations as the owner, then
 * the service role, every module's worker), in its own process so its event loop and the generator's
 * do not share a core's time slices any more than the machine makes them. 127.0.0.1 only, port chosen
 * by the system. `env` adds settings (CLOUD_DATABASE_POOL_MAX, CLOUD_SHAPE_POLL_MS…).
 */
export function startCloudChild(
  databaseUrl: string,
  migrationUrl: string,
  env: Record<string, string> = {},
): Promise<CloudChild> {
  const dataDir = mkdtempSync(join(tmpdir(), "mostrador-load-cloud-"));
  // MOSTRADOR_LOAD_CLOUD_PROFILE=<dir>: a CPU profile of the cloud process, written there when it stops
  // (NODE_OPTIONS may not carry --cpu-prof).
  const profile = process.env.MOSTRADOR_LOAD_CLOUD_PROFILE;
  const profiling = profile ? ["--cpu-prof", `--cpu-prof-dir=${profile}`] : [];
  const child: ChildProcess = spawn(process.execPath, [...profiling, "--import", "tsx", CLOUD_MAIN], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      CLOUD_DATABASE_URL: databaseUrl,
      CLOUD_MIGRATION_DATABASE_URL: migrationUrl,
      CLOUD_SECRETS_KEY: randomBytes(32).toString("hex"),
      CLOUD_PORT: "0",
      CLOUD_HOST: "127.0.0.1",
      CLOUD_DEMO: "0",
      MOSTRADOR_DATA_DIR: dataDir,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  return new Promise((resolve, reject) => {
    // A wait bound for a loaded machine, not a speed expectation.
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`La nube no arrancó en 120 s:\n${output}`));
    }, 120_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = READY.exec(output);
      if (match) {
        clearTimeout(timer);
        output = "";
        resolve({ url: match[1] as string, pid: child.pid!, stop });
      }
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      const text = chunk.toString();
      if (output.length < 100_000) output += text;
      if (process.env.MOSTRADOR_LOAD_VERBOSE) process.stderr.write(text);
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`La nube terminó (${code}):\n${output}`));
    });
  });
}

import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const START_SCRIPT = fileURLToPath(new URL("./start.ts", import.meta.url));
const READY = /^MOSTRADOR_READY (\S+)$/m;

export interface ChildAppliance {
  /** The pid of the node process that owns the SQLite file and the socket (not a wrapper). */
  pid: number;
  url: string;
  /** Everything the child wrote, for failure messages. */
  output(): string;
  /** kill -9: no shutdown hooks, no final checkpoint — what a power cut or an OOM kill looks like to SQLite. */
  crash(): Promise<void>;
  /** A polite SIGTERM shutdown (end of test). */
  stop(): Promise<void>;
}

export interface SpawnOptions {
  /** The entry point that prints MOSTRADOR_READY: default the headless appliance (start.ts here). */
  script?: string;
  /** Set over the defaults below; a variable set to undefined is left out of the child's environment. */
  env?: NodeJS.ProcessEnv;
}

/**
 * Starts the headless appliance (`start.ts`) on `dataDir` as a child process and waits for its
 * MOSTRADOR_READY line. It is spawned as `node --import tsx start.ts` — not through the tsx CLI,
 * which would put a wrapper process between us and the server, so SIGKILL would not hit the server.
 */
export function spawnAppliance(
  dataDir: string,
  timeoutMs = 30_000,
  options: SpawnOptions = {},
): Promise<ChildAppliance> {
  const child = spawn(process.execPath, ["--import", "tsx", options.script ?? START_SCRIPT], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      MOSTRADOR_DATA_DIR: dataDir,
      MOSTRADOR_PORT: "0",
      MOSTRADOR_HOST: "127.0.0.1",
      MOSTRADOR_DEMO: "1",
      // The crash checks count sales, outbox rows and stock: no simulated devices writing beside them.
      MOSTRADOR_SIMULATOR: "0",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  return new Promise<ChildAppliance>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`El appliance no arrancó en ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = () => {
      const match = READY.exec(output);
      if (!match || !child.pid) return;
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      child.off("exit", onEarlyExit);
      resolve(handle(child, match[1] as string, exited, () => output));
    };
    const onEarlyExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`El appliance terminó al arrancar (código ${code}):\n${output}`));
    };
    child.stdout?.on("data", onData);
    child.once("exit", onEarlyExit);
  });
}

function handle(
  child: ChildProcess,
  url: string,
  exited: Promise<void>,
  output: () => string,
): ChildAppliance {
  const pid = child.pid as number;
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    pid,
    url,
    output,
    async crash() {
      if (alive()) process.kill(pid, "SIGKILL");
      await exited;
    },
    async stop() {
      if (alive()) child.kill("SIGTERM");
      const timer = setTimeout(() => alive() && process.kill(pid, "SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import mqtt, { type MqttClient } from "mqtt";
import { type StartShop, writeStartShop } from "./appliance-start-fixture.js";
import { readingPayload } from "./gateway-publishers.js";

const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const START_SCRIPT = fileURLToPath(new URL("../../desktop/src/appliance/start.ts", import.meta.url));

export interface StartTiming {
  /** From spawn to GET /api/health answering 200 and the till's page served. */
  tillMs: number;
  /** From spawn to a device's MQTT CONNECT accepted (CONNACK). */
  brokerMs: number;
  /** The later of the two: the appliance is up. */
  upMs: number;
  /** Resident memory right after it is up. */
  rssMb: number;
}

export interface StartResults {
  products: number;
  devices: number;
  historyProbes: number;
  readings: StartShop["readings"];
  seedSeconds: number;
  /** `node` itself: spawn to a bare http server answering (the runtime's floor on this machine). */
  bareNode: StartTiming[];
  /** The same appliance on the demo shop alone: no catalog, no readings. */
  emptyShop: StartTiming[];
  fullShop: StartTiming[];
  /** The full shop with every device publishing once a second, sampled every 5 s. */
  soak: { seconds: number; rssMb: number[]; readingsPerSecond: number };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Resident set of a process from /proc (Linux), in MB. */
function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

async function untilHttp(url: string, deadline: number, exited: () => boolean): Promise<void> {
  for (;;) {
    if (exited()) throw new Error("the appliance exited while starting");
    if (performance.now() > deadline) throw new Error(`${url} never answered`);
    const ok = await fetch(url).then(
      (res) => res.ok,
      () => false,
    );
    if (ok) return;
    await sleep(20); // gently: the poller shares the 2 cores with the start it times
  }
}

async function untilBroker(
  url: string,
  device: StartShop["publishers"][number],
  deadline: number,
  exited: () => boolean,
): Promise<void> {
  for (;;) {
    if (exited()) throw new Error("the appliance exited while starting");
    if (performance.now() > deadline) throw new Error("the broker never accepted");
    const accepted = await new Promise<boolean>((resolve) => {
      // One attempt: refused (not listening yet) or closed before CONNACK counts as not yet.
      const client = mqtt.connect(url, {
        clientId: device.clientId, // the gateway takes a device only under its own id
        username: device.username,
        password: device.password,
        protocolVersion: 4,
        reconnectPeriod: 0,
        connectTimeout: 2_000,
      });
      const done = (ok: boolean) => {
        client.removeAllListeners();
        client.on("error", () => {});
        client.end(true);
        resolve(ok);
      };
      client.once("connect", () => done(true));
      client.once("error", () => done(false));
      client.once("close", () => done(false));
    });
    if (accepted) return;
    await sleep(20); // gently: the poller shares the 2 cores with the start it times
  }
}

interface Started {
  child: ChildProcess;
  timing: StartTiming;
  mqttUrl: string;
  stop(): Promise<void>;
}

/** Spawns `args` and times it until the till and (when `device`) the broker answer. */
async function timeStart(
  args: string[],
  env: NodeJS.ProcessEnv,
  httpPort: number,
  mqttPort: number,
  device: StartShop["publishers"][number] | null,
): Promise<Started> {
  const t0 = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let errors = "";
  child.stderr?.on("data", (chunk: Buffer) => (errors += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  const deadline = t0 + 60_000;
  const base = `http://127.0.0.1:${httpPort}`;
  const mqttUrl = `mqtt://127.0.0.1:${mqttPort}`;
  const stop = async () => {
    if (!gone()) child.kill("SIGTERM");
    const timer = setTimeout(() => !gone() && child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    const [tillMs, brokerMs] = await Promise.all([
      untilHttp(`${base}/api/health`, deadline, gone).then(async () => {
        const at = performance.now() - t0;
        if (device) await untilHttp(`${base}/`, deadline, gone); // the till's page is served too
        return at;
      }),
      device ? untilBroker(mqttUrl, device, deadline, gone).then(() => performance.now() - t0) : 0,
    ]);
    const timing = { tillMs, brokerMs, upMs: Math.max(tillMs, brokerMs), rssMb: rssOf(child.pid as number) };
    return { child, timing, mqttUrl, stop };
  } catch (error) {
    await stop();
    throw new Error(`${String(error)}\n${errors}`, { cause: error });
  }
}

const BARE_NODE = `require("node:http").createServer((q, s) => s.end("ok")).listen(Number(process.env.PORT), "127.0.0.1")`;

/**
 * The appliance's start as a shop PC runs it without Electron: `node --import tsx desktop/src/appliance/
 * start.ts` (what `npm start` runs after building the UI), timed from spawn to the till answering and the MQTT
 * broker accepting a device, on a shop with `products` products and a year of readings from `devices` probes;
 * against the same start on the demo shop alone and a bare node http server, alternating, `runs` times each.
 * Then the full shop's resident memory with every device publishing once a second for `soakSeconds`.
 */
export async function benchApplianceStart(
  products: number,
  devices: number,
  historyProbes: number,
  runs: number,
  soakSeconds: number,
): Promise<StartResults> {
  const fullDir = mkdtempSync(join(tmpdir(), "mostrador-bench-start-"));
  const emptyDir = mkdtempSync(join(tmpdir(), "mostrador-bench-start-empty-"));
  const clients: MqttClient[] = [];
  const timers: NodeJS.Timeout[] = [];
  try {
    const nowMs = Date.now();
    const full = writeStartShop(fullDir, { products, devices, historyProbes, nowMs });
    console.log(`  datos escritos en ${full.seedSeconds.toFixed(1)} s`);
    const empty = writeStartShop(emptyDir, { products: 0, devices: 1, historyProbes: 0, nowMs });
    const applianceEnv = (dataDir: string, port: number, mqttPort: number): NodeJS.ProcessEnv => ({
      MOSTRADOR_DATA_DIR: dataDir,
      MOSTRADOR_PORT: String(port),
      MOSTRADOR_HOST: "127.0.0.1",
      MOSTRADOR_MQTT_PORT: String(mqttPort),
      MOSTRADOR_MQTT_HOST: "127.0.0.1",
      MOSTRADOR_DEMO: "0",
      MOSTRADOR_SIMULATOR: "0",
    });
    const bareNode: StartTiming[] = [];
    const emptyShop: StartTiming[] = [];
    const fullShop: StartTiming[] = [];
    let last: Started | null = null;
    for (let run = 0; run < runs; run++) {
      const port = await freePort();
      const bare = await timeStart(["-e", BARE_NODE], { PORT: String(port) }, port, 0, null);
      bareNode.push(bare.timing);
      await bare.stop();
      // Which appliance goes first alternates, so a noisy neighbour does not always hit the same one.
      for (const which of run % 2 === 0 ? ["empty", "full"] : ["full", "empty"]) {
        const [http, broker] = [await freePort(), await freePort()];
        const shop = which === "full" ? full : empty;
        const started = await timeStart(
          ["--import", "tsx", START_SCRIPT],
          applianceEnv(which === "full" ? fullDir : emptyDir, http, broker),
          http,
          broker,
          shop.publishers[0] ?? null,
        );
        (which === "full" ? fullShop : emptyShop).push(started.timing);
        console.log(`  arranque ${which}: ${(started.timing.upMs / 1000).toFixed(2)} s`);
        if (which === "full" && run === runs - 1) last = started;
        else await started.stop();
      }
    }

    // The last full start stays up: every device publishes once a second, as the memory target says.
    const up = last as Started;
    for (const spec of full.publishers) {
      const client = mqtt.connect(up.mqttUrl, {
        clientId: spec.clientId,
        username: spec.username,
        password: spec.password,
        protocolVersion: 4,
        reconnectPeriod: 1_000,
      });
      clients.push(client);
      let i = 0;
      timers.push(
        setTimeout(
          () =>
            timers.push(
              setInterval(() => client.connected && client.publish(spec.topic, readingPayload(i++)), 1_000),
            ),
          Math.random() * 1_000,
        ),
      );
    }
    const rssMb: number[] = [];
    for (let t = 0; t < soakSeconds; t += 5) {
      await sleep(5_000);
      rssMb.push(rssOf(up.child.pid as number));
    }
    for (const timer of timers) clearInterval(timer);
    await Promise.all(clients.map((c) => c.endAsync()));
    await up.stop();
    return {
      products,
      devices,
      historyProbes,
      readings: full.readings,
      seedSeconds: full.seedSeconds,
      bareNode,
      emptyShop,
      fullShop,
      soak: { seconds: soakSeconds, rssMb, readingsPerSecond: devices },
    };
  } finally {
    for (const timer of timers) clearInterval(timer);
    rmSync(fullDir, { recursive: true, force: true });
    rmSync(emptyDir, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)] as number;
};
const fmtS = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const verdict = (ok: boolean) => (ok ? "✅ cumple" : "❌ no cumple");

/** The section of docs/benchmarks.md. */
export function renderStartReport(r: StartResults): string {
  const row = (label: string, xs: StartTiming[], appliance: boolean) => {
    const up = xs.map((x) => x.upMs);
    return `| ${label} | ${xs.length} | ${appliance ? fmtS(median(xs.map((x) => x.tillMs))) : "—"} | ${appliance ? fmtS(median(xs.map((x) => x.brokerMs))) : "—"} | ${fmtS(median(up))} | ${fmtS(Math.max(...up))} | ${median(xs.map((x) => x.rssMb)).toFixed(0)} |`;
  };
  const worstFull = Math.max(...r.fullShop.map((x) => x.upMs));
  const peak = Math.max(...r.soak.rssMb, ...r.fullShop.map((x) => x.rssMb));
  const end = r.soak.rssMb[r.soak.rssMb.length - 1] ?? 0;
  const n = (x: number) => x.toLocaleString("en");
  return `## Appliance start (${n(r.products)} products, a year of readings)

\`node --import tsx desktop/src/appliance/start.ts\` (the headless appliance \`npm start\` runs, TypeScript compiled
as it loads) on a closed data folder: the demo shop, ${n(r.products)} products from generateCatalog, ${r.devices} fridges
with a probe and a rule each, and what a year of one reading a minute from ${r.historyProbes} of those probes leaves after retention
(${n(r.readings.raw)} raw readings, ${n(r.readings.minute)} minute and ${n(r.readings.hour)} hour rollups; written in ${r.seedSeconds.toFixed(1)} s).
Timed from spawn until \`GET /api/health\` answers and the till's page is served, and until a device's MQTT CONNECT
is accepted; "up" is the later of the two. Baselines in the same run, alternating: the same start on the demo
shop alone (no catalog, no readings), and \`node\` serving a bare http server (the runtime's floor).
RSS from /proc right after start.

| | starts | till answers, median | broker accepts, median | up, median | up, slowest | RSS MB, median |
| --- | ---: | ---: | ---: | ---: | ---: | ---: |
${row("bare node http server", r.bareNode, false)}
${row("appliance, demo shop alone", r.emptyShop, true)}
${row(`appliance, ${n(r.products)} products + a year of readings`, r.fullShop, true)}

Then the last full start stays up with its ${r.devices} devices publishing one reading a second each for ${r.soak.seconds} s;
RSS sampled every 5 s: ${r.soak.rssMb.map((x) => x.toFixed(0)).join(", ")} MB.

Targets: up in under 3 s — ${verdict(worstFull < 3000)} (slowest ${fmtS(worstFull)}, median ${fmtS(median(r.fullShop.map((x) => x.upMs)))});
resident memory with ${r.devices} devices at 1 Hz under 300 MB — ${verdict(peak < 300)} (peak ${peak.toFixed(0)} MB, ${end.toFixed(0)} MB at the end).
`;
}

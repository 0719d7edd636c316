import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import mqtt, { type MqttClient } from "mqtt";
import type { MemoryCommand, MemoryReply } from "./gateway-memory-child.js";
import { readingPayload } from "./gateway-publishers.js";

const CHILD = fileURLToPath(new URL("./gateway-memory-child.ts", import.meta.url));
const MB = 2 ** 20;

export interface MemorySample {
  /** Seconds since the load started. */
  t: number;
  rssMb: number;
  heapMb: number;
}

export interface MemoryResults {
  devices: number;
  seconds: number;
  readingsStored: number;
  /** After a full GC, once every device is connected and publishing, and at the end. */
  start: MemorySample;
  end: MemorySample;
  peak: { rssMb: number; heapMb: number };
  /** Least-squares slope of the sampled (not collected) figures, MB per minute. */
  rssPerMinute: number;
  heapPerMinute: number;
  samples: MemorySample[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function slopePerMinute(points: { t: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mt = points.reduce((s, p) => s + p.t, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const num = points.reduce((s, p) => s + (p.t - mt) * (p.y - my), 0);
  const den = points.reduce((s, p) => s + (p.t - mt) ** 2, 0);
  return den === 0 ? 0 : (num / den) * 60;
}

/**
 * The appliance (child process) with `devices` devices each publishing one reading per second from this
 * process for `seconds`; the child's memory is sampled every 5 s.
 */
export async function benchMemory(devices: number, seconds: number): Promise<MemoryResults> {
  const child = fork(CHILD, [String(devices)], {
    execArgv: ["--import", "tsx", "--expose-gc"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const next = () => new Promise<MemoryReply>((resolve) => child.once("message", resolve));
  const ask = (command: MemoryCommand) => {
    const reply = next();
    child.send(command);
    return reply;
  };
  const ready = await next();
  if (ready.type !== "ready") throw new Error("the appliance child did not start");

  const clients: MqttClient[] = [];
  const timers: NodeJS.Timeout[] = [];
  for (const spec of ready.publishers) {
    const client = mqtt.connect(ready.url, {
      clientId: spec.clientId,
      username: spec.username,
      password: spec.password,
      protocolVersion: 4,
      reconnectPeriod: 1_000,
    });
    clients.push(client);
    let i = 0;
    // Spread over the second like real nodes booted at different times.
    const start = setTimeout(() => {
      timers.push(
        setInterval(() => client.connected && client.publish(spec.topic, readingPayload(i++)), 1_000),
      );
    }, Math.random() * 1_000);
    timers.push(start);
  }
  await sleep(5_000); // every device connected, JIT and statement caches warm

  const toSample = (m: MemoryReply, t0: number): MemorySample => {
    if (m.type !== "sample") throw new Error("expected a memory sample");
    return { t: (m.at - t0) / 1000, rssMb: m.rss / MB, heapMb: m.heapUsed / MB };
  };
  const first = await ask({ type: "sample", settled: true });
  if (first.type !== "sample") throw new Error("expected a memory sample");
  const t0 = first.at;
  const start = toSample(first, t0);
  const samples: MemorySample[] = [start];
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    await sleep(Math.min(5_000, Math.max(0, deadline - Date.now())));
    samples.push(toSample(await ask({ type: "sample", settled: false }), t0));
  }
  const last = await ask({ type: "sample", settled: true });
  const end = toSample(last, t0);
  const readingsStored = last.type === "sample" ? last.readings : 0;

  for (const timer of timers) clearInterval(timer);
  await Promise.all(clients.map((c) => c.endAsync()));
  await ask({ type: "stop" });
  return {
    devices,
    seconds,
    readingsStored,
    start,
    end,
    peak: {
      rssMb: Math.max(...samples.map((s) => s.rssMb), end.rssMb),
      heapMb: Math.max(...samples.map((s) => s.heapMb), end.heapMb),
    },
    rssPerMinute: slopePerMinute(samples.map((s) => ({ t: s.t, y: s.rssMb }))),
    heapPerMinute: slopePerMinute(samples.map((s) => ({ t: s.t, y: s.heapMb }))),
    samples: [...samples, end],
  };
}

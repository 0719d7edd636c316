import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Aedes, type AedesPublishPacket } from "aedes";
import type { Ctx } from "@mostrador/kernel/core/context";
import { openApplianceCore } from "@mostrador/desktop/appliance/open-appliance-core";
import { topics } from "@mostrador/contracts/mqtt/topics";
import { createDevice } from "@mostrador/gateway/devices/devices";
import { gatewayExtensions } from "@mostrador/gateway/extensions";
import { type RunningGateway, startGateway } from "@mostrador/gateway/gateway";
import { createRule } from "@mostrador/gateway/rules/rule-store";
import { simulatorExtension } from "@mostrador/gateway/simulator/simulator-extension";
import type { PublisherSpec } from "./gateway-publishers.js";

export interface BenchGateway {
  ctx: Ctx;
  gateway: RunningGateway;
  url: string;
  /** One device per publisher: a fridge probe "temp" with a rule on it. */
  publishers: PublisherSpec[];
  close(): Promise<void>;
}

/**
 * The real gateway as the appliance runs it (its default extensions minus the simulator) on a real SQLite
 * file, with `devices` registered devices, each with a temperature probe and an "above 8 °C" rule on it.
 */
export async function openBenchGateway(devices: number): Promise<BenchGateway> {
  const dataDir = mkdtempSync(join(tmpdir(), "mostrador-bench-gw-"));
  const ctx = openApplianceCore(dataDir);
  const publishers = openBenchDevices(ctx, devices);
  const gateway = await startGateway(ctx, {
    mqttPort: 0,
    mqttHost: "127.0.0.1",
    // Every publisher shares loopback: lift the per-address CONNECT budget (README: raise it for simulators).
    connectRate: { max: 100_000, windowMs: 10_000 },
    extensions: gatewayExtensions.filter((e) => e !== simulatorExtension),
    log: (message, err) => console.error(`[gateway] ${message}`, err ?? ""),
  });
  return {
    ctx,
    gateway,
    url: `mqtt://127.0.0.1:${gateway.port}`,
    publishers,
    async close() {
      await gateway.stop();
      ctx.db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Registers `count` fridges (bench-0, bench-1, …) with a temperature probe and an "above 8 °C" rule each. */
export function openBenchDevices(ctx: Ctx, count: number): PublisherSpec[] {
  const publishers: PublisherSpec[] = [];
  for (let i = 0; i < count; i++) {
    const slug = `bench-${i}`;
    const { device, secret } = createDevice(ctx, {
      slug,
      name: `Heladera ${i}`,
      sensors: [{ key: "temp", kind: "temperature", min: -30, max: 60 }],
      relays: [],
    });
    createRule(ctx, {
      name: `Heladera ${i} caliente`,
      deviceId: device.id,
      condition: { kind: "above", key: "temp", threshold: 8, clearBelow: 7 },
      actions: [{ kind: "alarm", severity: 3, message: "Heladera caliente" }],
    });
    publishers.push({
      clientId: slug,
      username: slug,
      password: secret,
      topic: topics.sensorState(slug, "temp"),
    });
  }
  return publishers;
}

export interface RawBroker {
  aedes: Aedes;
  url: string;
  /** Calls `listener` for every message published on `filter`, in process (no socket on the way out). */
  onDeliver(filter: string, listener: (packet: AedesPublishPacket) => void): Promise<() => void>;
  close(): Promise<void>;
}

/** The baseline: Aedes as it ships, no hooks (it accepts everyone), in-memory persistence, nothing stored. */
export async function openRawBroker(): Promise<RawBroker> {
  const aedes = await Aedes.createBroker();
  const server = createServer(aedes.handle);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    aedes,
    url: `mqtt://127.0.0.1:${port}`,
    onDeliver(filter, listener) {
      const deliver = (packet: AedesPublishPacket, done: () => void) => {
        listener(packet);
        done();
      };
      return new Promise((resolve) =>
        aedes.subscribe(filter, deliver, () => resolve(() => aedes.unsubscribe(filter, deliver, () => {}))),
      );
    },
    async close() {
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

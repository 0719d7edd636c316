import mqtt, { type IClientOptions, type MqttClient } from "mqtt";
import { openTestCore, type TestCore } from "@mostrador/desktop/appliance/test-core";
import type { GatewayExtensionFactory } from "./extension.js";
import { type GatewayConfig, type RunningGateway, startGateway } from "./gateway.js";
import { createDevice, type NewDevice } from "./devices/devices.js";

export interface TestGateway {
  core: TestCore;
  gateway: RunningGateway;
  url: string;
  /** Registers a device and returns its slug and secret. */
  addDevice(input?: Partial<NewDevice>): { id: string; slug: string; secret: string };
  close(): Promise<void>;
}

/** A fridge with a temperature probe and a door switch, and a compressor relay. */
export const FRIDGE: NewDevice = {
  slug: "heladera-1",
  name: "Heladera de lácteos",
  sensors: [
    { key: "temp", kind: "temperature", min: -30, max: 30 },
    { key: "puerta", kind: "door" },
  ],
  relays: [{ key: "compresor", name: "Compresor", maxOnSeconds: 3600 }],
};

/** A real broker on an ephemeral port over a real SQLite file; the connect limit is lifted unless given. */
export async function openTestGateway(
  config: Partial<GatewayConfig> & { extensions?: GatewayExtensionFactory[] } = {},
): Promise<TestGateway> {
  const core = openTestCore();
  const gateway = await startGateway(core, {
    mqttPort: 0,
    mqttHost: "127.0.0.1",
    connectRate: { max: 10_000, windowMs: 10_000 },
    extensions: [],
    log: () => {},
    ...config,
  });
  return {
    core,
    gateway,
    url: `mqtt://127.0.0.1:${gateway.port}`,
    addDevice(input = {}) {
      const { device, secret } = createDevice(core, { ...FRIDGE, ...input });
      return { id: device.id, slug: device.slug, secret };
    },
    async close() {
      await gateway.stop();
      core.close();
    },
  };
}

/** Connects with mqtt.js (MQTT 3.1.1, no reconnect); resolves the client or rejects with the CONNACK error. */
export function connectClient(url: string, options: IClientOptions): Promise<MqttClient> {
  return new Promise((resolve, reject) => {
    const client = mqtt.connect(url, {
      reconnectPeriod: 0,
      connectTimeout: 5_000,
      protocolVersion: 4,
      ...options,
    });
    client.once("connect", () => resolve(client));
    client.once("error", (err) => {
      client.end(true);
      reject(err);
    });
    client.once("close", () => reject(new Error("closed before CONNACK")));
  });
}

/** Resolves when the client's connection closes (the broker dropped it). */
export function closed(client: MqttClient): Promise<void> {
  return new Promise((resolve) => {
    if (!client.connected) return resolve();
    client.once("close", () => resolve());
  });
}

/** Lets in-flight packets land (the broker is in this process, so a few event-loop turns suffice). */
export function settle(ms = 50): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The SUBACK grants for `filters` (128 = refused). mqtt.js rejects a SUBACK holding any 128; its packet has them all. */
export async function subscribeGrants(client: MqttClient, filters: string[]): Promise<number[]> {
  try {
    return (await client.subscribeAsync(filters)).map((g) => g.qos);
  } catch (err) {
    const granted = (err as { packet?: { granted?: number[] } }).packet?.granted;
    if (!granted) throw err;
    return granted;
  }
}

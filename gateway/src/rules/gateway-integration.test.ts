import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { MqttClient } from "mqtt";
import { afterEach, describe, expect, it } from "vitest";
import { listAlarms } from "../alarms/alarms.js";
import { listRelayCommands } from "../relays/relay-commands.js";
import { readings } from "../telemetry/readings-query.js";
import { connectClient, openTestGateway, settle, type TestGateway } from "../test-gateway.js";
import { relayExtension, rulesExtension, telemetryExtension } from "./gateway-extensions.js";
import { createRule } from "./rule-store.js";

const run = promisify(execFile);
let t: TestGateway;
let device: MqttClient | null = null;
afterEach(async () => {
  device?.end(true);
  await t?.close();
});

async function until(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await settle(20);
  }
}

describe("telemetry, rules and relays on the real broker", () => {
  it("a reading from mosquitto_pub raises the alarm, the relay command reaches the device and its echo confirms it", async () => {
    t = await openTestGateway({ extensions: [telemetryExtension, relayExtension, rulesExtension] });
    const fridge = t.addDevice();
    createRule(t.core, {
      name: "Heladera > 5 °C",
      deviceId: fridge.id,
      condition: { kind: "above", key: "temp", threshold: 5, clearBelow: 4 },
      actions: [
        { kind: "alarm", severity: 3, message: "Heladera caliente" },
        { kind: "relay", relayKey: "compresor", state: "ON", seconds: 600 },
      ],
    });
    // A persistent session (clean: false): the broker queues the QoS 1 command while mosquitto_pub holds
    // the device's identity to send the reading (with -c, so it does not wipe that session either), and
    // delivers it when the device comes back.
    const asDevice = { clientId: fridge.slug, username: fridge.slug, password: fridge.secret, clean: false };
    const commands: string[] = [];
    const listen = (client: MqttClient) =>
      client.on("message", (topic, payload) => {
        commands.push(`${topic} ${payload}`);
        client.publish(`mostrador/${fridge.slug}/relay/compresor/state`, "ON", { retain: true });
      });
    device = await connectClient(t.url, asDevice);
    await device.subscribeAsync(`mostrador/${fridge.slug}/relay/compresor/set`, { qos: 1 });
    device.end(false);
    await settle();
    await run("mosquitto_pub", [
      ...[
        "-c",
        "-q",
        "1",
        "-h",
        "127.0.0.1",
        "-p",
        String(t.gateway.port),
        "-i",
        fridge.slug,
        "-u",
        fridge.slug,
        "-P",
        fridge.secret,
      ],
      ...["-t", `mostrador/${fridge.slug}/sensor/temp/state`, "-m", '{"value":7.5,"unit":"°C"}'],
    ]);
    await until(() => listAlarms(t.core.db).length === 1);
    expect(listAlarms(t.core.db)[0]).toMatchObject({ severity: 3, value: 7.5, status: "active" });
    expect(listRelayCommands(t.core.db)[0]).toMatchObject({
      relayKey: "compresor",
      state: "ON",
      seconds: 600,
      status: "pending",
    });
    device = await connectClient(t.url, asDevice);
    listen(device);
    await until(() => commands.length >= 1);
    await until(() => listRelayCommands(t.core.db)[0]?.status === "confirmed");
    expect(commands.at(-1)).toBe(`mostrador/${fridge.slug}/relay/compresor/set {"state":"ON","seconds":600}`);

    device.publish(`mostrador/${fridge.slug}/sensor/temp/state`, "3.5");
    // Back to normal, and latched: it waits for a person to acknowledge it.
    await until(() => listAlarms(t.core.db)[0]?.status === "cleared_unacknowledged");
    await t.gateway.stop(); // stopping flushes the telemetry buffer
    const now = t.core.clock.now().getTime();
    const points = readings(t.core.db, {
      deviceId: fridge.id,
      key: "temp",
      from: now - 60_000,
      to: now + 60_000,
      resolution: "raw",
    });
    expect(points.map((p) => ("value" in p ? p.value : null))).toEqual([7.5, 3.5]);
  });
});

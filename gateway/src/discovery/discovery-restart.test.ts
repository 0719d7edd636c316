import type { MqttClient } from "mqtt";
import { afterEach, describe, expect, it } from "vitest";
import { openTestCore, type TestCore } from "@mostrador/desktop/appliance/test-core";
import { createStaff } from "@mostrador/kernel/staff/staff";
import { changeSettings } from "@mostrador/kernel/staff/settings-changes";
import { createDevice, updateDevice } from "../devices/devices.js";
import type { GatewayExtensionFactory } from "../extension.js";
import { type RunningGateway, startGateway } from "../gateway.js";
import { connectClient, FRIDGE, settle } from "../test-gateway.js";
import { discoveryExtension } from "./discovery-extension.js";
import { issueHomeAssistantCredentials } from "./home-assistant-credentials.js";

const FRIDGE_CONFIGS = [
  "homeassistant/binary_sensor/heladera-1/puerta/config",
  "homeassistant/sensor/heladera-1/temp/config",
  "homeassistant/switch/heladera-1/compresor/config",
];
const RIEGO_CONFIG = "homeassistant/sensor/riego/suelo/config";

let core: TestCore;
let gateway: RunningGateway | null = null;
const clients: MqttClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.end(true);
  await gateway?.stop();
  gateway = null;
  core?.close();
});

/** What discovery published in this boot, whatever the broker did with it. */
let published: { topic: string; payload: string }[] = [];
const spiedDiscovery: GatewayExtensionFactory = (g) =>
  discoveryExtension({
    ...g,
    publishInternal: (topic, payload, options) => {
      published.push({ topic, payload: payload.toString() });
      return g.publishInternal(topic, payload, options);
    },
  });

/** A fresh broker over the same database, as after the appliance restarts (retained messages lived in memory). */
async function boot(): Promise<void> {
  await gateway?.stop();
  published = [];
  gateway = await startGateway(core, {
    mqttPort: 0,
    mqttHost: "127.0.0.1",
    extensions: [spiedDiscovery],
    log: () => {},
  });
}

/** Home Assistant connecting after the restart: it reads what is retained now. */
async function retainedAsHomeAssistant(password: string): Promise<string[]> {
  const ha = await connectClient(`mqtt://127.0.0.1:${gateway?.port}`, {
    clientId: "ha",
    username: "homeassistant",
    password,
  });
  clients.push(ha);
  const heard: string[] = [];
  ha.on("message", (topic, payload) => {
    if (payload.length > 0) heard.push(topic);
  });
  await ha.subscribeAsync("homeassistant/#");
  await settle(150);
  return heard.sort();
}

/** A fridge and an irrigation node, discovery on, and Home Assistant's password. */
function setup() {
  core = openTestCore();
  const owner = createStaff(core, { name: "Martín", role: "owner", pin: "2222" });
  const principal = { staffId: owner.id, name: owner.name, role: "owner" as const, terminalId: null };
  const fridge = createDevice(core, FRIDGE).device;
  createDevice(core, {
    slug: "riego",
    name: "Riego",
    sensors: [{ key: "suelo", kind: "soil_moisture" }],
    relays: [],
  });
  const setDiscovery = (on: boolean) => changeSettings(core, principal, { homeAssistantDiscovery: on });
  setDiscovery(true);
  return { password: issueHomeAssistantCredentials(core).password, fridgeId: fridge.id, setDiscovery };
}

describe("Home Assistant discovery across a restart", () => {
  it("re-announces every active device's configs on start while the setting is on", async () => {
    const { password } = setup();
    await boot();
    await boot();
    expect(await retainedAsHomeAssistant(password)).toEqual([...FRIDGE_CONFIGS, RIEGO_CONFIG].sort());
    expect(published.every((p) => p.payload.startsWith("{"))).toBe(true);
  });

  it("announces only active devices after one was deactivated while the gateway was down", async () => {
    const { password, fridgeId } = setup();
    await boot();
    await gateway?.stop();
    gateway = null;
    updateDevice(core, fridgeId, { active: false });
    await boot();
    expect(await retainedAsHomeAssistant(password)).toEqual([RIEGO_CONFIG]);
    expect(published.map((p) => p.topic)).toEqual([RIEGO_CONFIG]);
  });

  it("publishes nothing at all on start when the setting is off", async () => {
    const { password, setDiscovery } = setup();
    await boot();
    setDiscovery(false);
    await settle(100);
    await boot();
    await settle(100);
    expect(published).toEqual([]);
    expect(await retainedAsHomeAssistant(password)).toEqual([]);
  });
});

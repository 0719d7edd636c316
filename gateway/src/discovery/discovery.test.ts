import type { MqttClient } from "mqtt";
import { afterEach, describe, expect, it } from "vitest";
import { getSettings } from "@mostrador/kernel/shop/settings";
import { createStaff } from "@mostrador/kernel/staff/staff";
import { changeSettings } from "@mostrador/kernel/staff/settings-changes";
import type { Principal } from "@mostrador/kernel/staff/sessions";
import { updateDevice } from "../devices/devices.js";
import { connectClient, openTestGateway, settle, type TestGateway } from "../test-gateway.js";
import { discoveryExtension } from "./discovery-extension.js";
import { issueHomeAssistantCredentials } from "./home-assistant-credentials.js";

let t: TestGateway;
const clients: MqttClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.end(true);
  await t?.close();
});

interface Heard {
  topic: string;
  payload: string;
  retain: boolean;
}

/** An mqtt.js client as the appliance (the only identity allowed to read homeassistant/#), recording what it hears. */
async function listen(): Promise<{ heard: Heard[]; client: MqttClient }> {
  const { username, password, clientId } = t.gateway.internalCredentials;
  const client = await connectClient(t.url, {
    username,
    password,
    clientId: `${clientId}-${clients.length}`,
  });
  clients.push(client);
  const heard: Heard[] = [];
  client.on("message", (topic, payload, packet) =>
    heard.push({ topic, payload: payload.toString(), retain: packet.retain }),
  );
  await client.subscribeAsync("homeassistant/#", { qos: 1 });
  await settle();
  return { heard, client };
}

async function until(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await settle(20);
  }
}

const owners = new WeakMap<TestGateway, Principal>();
function owner(): Principal {
  let principal = owners.get(t);
  if (!principal) {
    const staff = createStaff(t.core, { name: "Martín", role: "owner", pin: "2222" });
    principal = { staffId: staff.id, name: staff.name, role: "owner", terminalId: null };
    owners.set(t, principal);
  }
  return principal;
}

/** Through the same path as PATCH /api/settings, so the "settings.changed" event is what the gateway hears. */
const setDiscovery = (on: boolean) => changeSettings(t.core, owner(), { homeAssistantDiscovery: on });
const configOf = (heard: Heard[], topic: string) =>
  JSON.parse(heard.find((h) => h.topic === topic && h.payload !== "")?.payload ?? "null");

const TEMP = "homeassistant/sensor/heladera-1/temp/config";
const DOOR = "homeassistant/binary_sensor/heladera-1/puerta/config";
const RELAY = "homeassistant/switch/heladera-1/compresor/config";

describe("Home Assistant discovery on the real broker", () => {
  it("publishes nothing while the shop setting is off", async () => {
    t = await openTestGateway({ extensions: [discoveryExtension] });
    const live = await listen();
    t.addDevice();
    await settle(150);
    expect(getSettings(t.core.db).homeAssistantDiscovery).toBe(false);
    expect(live.heard).toEqual([]);
    const late = await listen();
    expect(late.heard).toEqual([]);
  });

  it("retains a config per sensor and relay of an active device once the setting is on", async () => {
    t = await openTestGateway({ extensions: [discoveryExtension] });
    t.addDevice();
    setDiscovery(true);
    await settle(100);
    // A subscriber arriving later gets them from the broker's retained store.
    const late = await listen();
    await until(() => late.heard.length >= 3);
    expect(late.heard.map((h) => h.topic).sort()).toEqual([DOOR, TEMP, RELAY].sort());
    expect(late.heard.every((h) => h.retain)).toBe(true);

    const device = {
      identifiers: ["mostrador_heladera-1"],
      name: "Heladera de lácteos",
      manufacturer: "Mostrador",
      model: "ESP32",
    };
    const availability = {
      availability_topic: "mostrador/heladera-1/status",
      payload_available: "online",
      payload_not_available: "offline",
    };
    expect(configOf(late.heard, TEMP)).toMatchObject({
      name: "Temperatura",
      unique_id: "mostrador_heladera-1_sensor_temp",
      state_topic: "mostrador/heladera-1/sensor/temp/state",
      device_class: "temperature",
      unit_of_measurement: "°C",
      ...availability,
      device,
    });
    expect(configOf(late.heard, TEMP).command_topic).toBeUndefined();
    expect(configOf(late.heard, DOOR)).toMatchObject({
      device_class: "door",
      state_topic: "mostrador/heladera-1/sensor/puerta/state",
      payload_on: "1",
      payload_off: "0",
      device,
    });
    expect(configOf(late.heard, RELAY)).toMatchObject({
      name: "Compresor",
      unique_id: "mostrador_heladera-1_relay_compresor",
      command_topic: "mostrador/heladera-1/relay/compresor/set",
      state_topic: "mostrador/heladera-1/relay/compresor/state",
      payload_on: "ON",
      payload_off: "OFF",
      ...availability,
      device,
    });
  });

  it("announces a device registered while the setting is on", async () => {
    t = await openTestGateway({ extensions: [discoveryExtension] });
    setDiscovery(true);
    const live = await listen();
    t.addDevice({
      slug: "riego",
      name: "Riego",
      sensors: [{ key: "suelo", kind: "soil_moisture" }],
      relays: [],
    });
    await until(() => live.heard.length >= 1);
    expect(live.heard.map((h) => h.topic)).toEqual(["homeassistant/sensor/riego/suelo/config"]);
    expect(configOf(live.heard, "homeassistant/sensor/riego/suelo/config")).toMatchObject({
      device_class: "moisture",
      unit_of_measurement: "%",
    });
  });

  it("removes a deactivated device's entities with empty retained payloads", async () => {
    t = await openTestGateway({ extensions: [discoveryExtension] });
    const fridge = t.addDevice();
    t.addDevice({
      slug: "riego",
      name: "Riego",
      sensors: [{ key: "suelo", kind: "soil_moisture" }],
      relays: [],
    });
    setDiscovery(true);
    await settle(100);
    const live = await listen();
    await until(() => live.heard.length >= 4);
    live.heard.length = 0;

    updateDevice(t.core, fridge.id, { active: false });
    await until(() => live.heard.length >= 3);
    await settle(100);
    expect(live.heard.map((h) => h.topic).sort()).toEqual([DOOR, TEMP, RELAY].sort());
    expect(live.heard.every((h) => h.payload === "")).toBe(true);

    // Only the other device's config is still retained.
    const late = await listen();
    await until(() => late.heard.length >= 1);
    await settle(100);
    expect(late.heard.map((h) => h.topic)).toEqual(["homeassistant/sensor/riego/suelo/config"]);
  });

  it("removes one entity when its sensor is dropped and keeps the rest", async () => {
    t = await openTestGateway({ extensions: [discoveryExtension] });
    const fridge = t.addDevice();
    setDiscovery(true);
    await settle(100);
    const live = await listen();
    await until(() => live.heard.length >= 3);
    live.heard.length = 0;

    updateDevice(t.core, fridge.id, { sensors: [{ key: "temp", kind: "temperature", min: -30, max: 30 }] });
    await until(() => live.heard.length >= 1);
    await settle(100);
    expect(live.heard).toEqual([{ topic: DOOR, payload: "", retain: false }]);
  });

  it("removes every entity when the setting is turned off", async () => {
    t = await openTestGateway({ extensions: [discoveryExtension] });
    t.addDevice();
    setDiscovery(true);
    await settle(100);
    const live = await listen();
    await until(() => live.heard.length >= 3);
    live.heard.length = 0;

    setDiscovery(false);
    await until(() => live.heard.length >= 3);
    expect(live.heard.every((h) => h.payload === "")).toBe(true);
    const late = await listen();
    await settle(100);
    expect(late.heard).toEqual([]);
  });

  it("announces everything again when Home Assistant says it is online, and ignores offline", async () => {
    t = await openTestGateway({ extensions: [discoveryExtension] });
    t.addDevice();
    setDiscovery(true);
    await settle(100);
    const live = await listen();
    await until(() => live.heard.length >= 3);
    live.heard.length = 0;

    await live.client.publishAsync("homeassistant/status", "offline");
    await settle(150);
    expect(live.heard.map((h) => h.topic)).toEqual(["homeassistant/status"]);

    await live.client.publishAsync("homeassistant/status", "online");
    await until(() => live.heard.length >= 5);
    const configs = live.heard.filter((h) => h.topic.endsWith("/config"));
    expect(configs.map((h) => h.topic).sort()).toEqual([DOOR, TEMP, RELAY].sort());
    expect(configs.every((h) => h.payload.startsWith("{"))).toBe(true);
  });

  it("announces everything again when Home Assistant, with its own identity, connects and says online", async () => {
    t = await openTestGateway({ extensions: [discoveryExtension] });
    t.addDevice();
    setDiscovery(true);
    await settle(100);
    const live = await listen();
    await until(() => live.heard.length >= 3);
    live.heard.length = 0;

    const { password } = issueHomeAssistantCredentials(t.core);
    const ha = await connectClient(t.url, { clientId: "ha", username: "homeassistant", password });
    clients.push(ha);
    await ha.publishAsync("homeassistant/status", "online");
    await until(() => live.heard.filter((h) => h.topic.endsWith("/config")).length >= 3);
    const configs = live.heard.filter((h) => h.topic.endsWith("/config"));
    expect(configs.map((h) => h.topic).sort()).toEqual([DOOR, TEMP, RELAY].sort());
  });
});

import type { MqttClient } from "mqtt";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { updateDevice } from "../devices/devices.js";
import {
  issueHomeAssistantCredentials,
  revokeHomeAssistantCredentials,
} from "../discovery/home-assistant-credentials.js";
import {
  closed,
  connectClient,
  openTestGateway,
  settle,
  subscribeGrants,
  type TestGateway,
} from "../test-gateway.js";

describe("MQTT broker: Home Assistant's identity", () => {
  let t: TestGateway;
  let fridge: { id: string; slug: string; secret: string };
  let password: string;
  const clients: MqttClient[] = [];

  beforeEach(async () => {
    t = await openTestGateway();
    fridge = t.addDevice();
    password = issueHomeAssistantCredentials(t.core).password;
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.end(true);
    await t.close();
  });

  const connect = async (options: Parameters<typeof connectClient>[1]) => {
    const client = await connectClient(t.url, options);
    clients.push(client);
    return client;
  };
  const asHomeAssistant = (clientId = "ha-mostrador") =>
    connect({ clientId, username: "homeassistant", password });
  const asFridge = () => connect({ clientId: fridge.slug, username: fridge.slug, password: fridge.secret });

  it("connects Home Assistant with its username and the password the owner issued", async () => {
    const ha = await asHomeAssistant();
    expect(ha.connected).toBe(true);
    expect(t.gateway.stats().connections).toMatchObject({ accepted: 1, refused: {} });
  });

  it("refuses a wrong password, and any password once revoked, with CONNACK 4", async () => {
    await expect(
      connect({ clientId: "ha", username: "homeassistant", password: "x".repeat(43) }),
    ).rejects.toMatchObject({ code: 4 });
    revokeHomeAssistantCredentials(t.core);
    await expect(asHomeAssistant()).rejects.toMatchObject({ code: 4 });
    expect(t.gateway.stats().connections.refused).toEqual({ bad_credentials: 2 });
  });

  it("refuses a client id that is a device's slug or starts with $ (CONNACK 2)", async () => {
    await expect(asHomeAssistant(fridge.slug)).rejects.toMatchObject({ code: 2 });
    await expect(asHomeAssistant("$gateway-x")).rejects.toMatchObject({ code: 2 });
    expect(t.gateway.stats().connections.refused).toEqual({ client_id_mismatch: 2 });
  });

  it("drops a connected Home Assistant at once when its password is rotated or revoked", async () => {
    const first = await asHomeAssistant();
    const gone = closed(first);
    password = issueHomeAssistantCredentials(t.core).password;
    await gone;
    const second = await asHomeAssistant();
    const goneAgain = closed(second);
    revokeHomeAssistantCredentials(t.core);
    await goneAgain;
    expect(second.connected).toBe(false);
  });

  it("refuses to register a device named like an identity of the broker, so none can shadow Home Assistant or the UI", () => {
    for (const slug of ["homeassistant", "staff"]) {
      expect(() => t.addDevice({ slug, name: "Un nodo", sensors: [], relays: [] })).toThrow(/reservado/);
    }
  });

  it("grants discovery, availability and state subscriptions and refuses the rest with SUBACK 128", async () => {
    const ha = await asHomeAssistant();
    const allowed = [
      "homeassistant/#",
      "mostrador/+/status",
      "mostrador/+/sensor/+/state",
      "mostrador/+/relay/+/state",
    ];
    expect(await subscribeGrants(ha, allowed)).toEqual([0, 0, 0, 0]);
    const refused = ["#", "mostrador/#", "mostrador/+/relay/+/set", "$SYS/#"];
    expect(await subscribeGrants(ha, refused)).toEqual([128, 128, 128, 128]);
    expect(ha.connected).toBe(true);
    expect(t.gateway.stats().subscriptions.refused).toBe(4);
  });

  it("delivers states and discovery to Home Assistant, never a relay command", async () => {
    const ha = await asHomeAssistant();
    const heard: string[] = [];
    ha.on("message", (topic) => heard.push(topic));
    await ha.subscribeAsync(["homeassistant/#", "mostrador/+/sensor/+/state", "mostrador/+/relay/+/state"]);
    const device = await asFridge();
    await device.publishAsync("mostrador/heladera-1/sensor/temp/state", "4.5");
    await device.publishAsync("mostrador/heladera-1/relay/compresor/state", "ON");
    await t.gateway.publishInternal("homeassistant/sensor/heladera-1/temp/config", "{}");
    await t.gateway.publishInternal("mostrador/heladera-1/relay/compresor/set", "OFF");
    await settle(100);
    expect(heard.sort()).toEqual([
      "homeassistant/sensor/heladera-1/temp/config",
      "mostrador/heladera-1/relay/compresor/state",
      "mostrador/heladera-1/sensor/temp/state",
    ]);
  });

  it("lets Home Assistant publish its birth message on homeassistant/status", async () => {
    const ha = await asHomeAssistant();
    await ha.publishAsync("homeassistant/status", "online");
    await settle();
    expect(ha.connected).toBe(true);
    expect(t.gateway.stats().messages).toMatchObject({ accepted: 1, refused: {} });
  });

  const refusals: [string, string, string][] = [
    ["a sensor reading", "mostrador/heladera-1/sensor/temp/state", "not_allowed"],
    ["a device's status", "mostrador/heladera-1/status", "not_allowed"],
    ["a relay echo", "mostrador/heladera-1/relay/compresor/state", "not_allowed"],
    ["a discovery config", "homeassistant/switch/heladera-1/compresor/config", "not_allowed"],
    ["a topic outside the contract", "casa/living/luz", "not_allowed"],
    ["$SYS", "$SYS/mostrador-gateway/x", "sys_topic"],
    ["an undeclared relay", "mostrador/heladera-1/relay/luz/set", "undeclared_key"],
    ["an unknown device", "mostrador/nadie/relay/compresor/set", "unknown_device"],
  ];
  for (const [what, topic, reason] of refusals) {
    it(`closes Home Assistant's connection when it publishes ${what} (${reason})`, async () => {
      const ha = await asHomeAssistant();
      const gone = closed(ha);
      ha.publish(topic, "ON");
      await gone;
      expect(t.gateway.stats().messages.refused).toEqual({ [reason]: 1 });
    });
  }

  it("refuses a command for an inactive device and an oversized birth message", async () => {
    updateDevice(t.core, fridge.id, { active: false });
    const ha = await asHomeAssistant();
    const gone = closed(ha);
    ha.publish("mostrador/heladera-1/relay/compresor/set", "ON");
    await gone;
    const again = await asHomeAssistant();
    const goneAgain = closed(again);
    again.publish("homeassistant/status", "x".repeat(1025));
    await goneAgain;
    expect(t.gateway.stats().messages.refused).toEqual({ inactive_device: 1, payload_too_large: 1 });
  });
});

import type { MqttClient } from "mqtt";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { listAlarms } from "../alarms/alarms.js";
import { issueHomeAssistantCredentials } from "../discovery/home-assistant-credentials.js";
import type { GatewayExtensionFactory, GatewayHandle } from "../extension.js";
import { relayExtension } from "../rules/gateway-extensions.js";
import { closed, connectClient, openTestGateway, settle, type TestGateway } from "../test-gateway.js";
import { listRelayCommands } from "./relay-commands.js";

const SET = "mostrador/heladera-1/relay/compresor/set";
const STATE = "mostrador/heladera-1/relay/compresor/state";

async function until(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await settle(20);
  }
}

describe("relay commands from Home Assistant on the real broker", () => {
  let t: TestGateway;
  let ha: MqttClient;
  let device: MqttClient;
  /** What the device received on its command topic. */
  let received: { topic: string; payload: string; retain: boolean }[];
  const clients: MqttClient[] = [];
  /** What the extensions were handed: the test withdraws the relay controller through it. */
  let handle: GatewayHandle;

  beforeEach(async () => {
    const keepHandle: GatewayExtensionFactory = (g) => {
      handle = g;
      return { name: "handle", start() {}, stop() {} };
    };
    t = await openTestGateway({ extensions: [relayExtension, keepHandle] });
    const fridge = t.addDevice();
    const { password } = issueHomeAssistantCredentials(t.core);
    ha = await connectClient(t.url, { clientId: "ha-1", username: "homeassistant", password });
    device = await connectClient(t.url, {
      clientId: fridge.slug,
      username: fridge.slug,
      password: fridge.secret,
    });
    clients.push(ha, device);
    received = [];
    device.on("message", (topic, payload, packet) =>
      received.push({ topic, payload: payload.toString(), retain: packet.retain }),
    );
    await device.subscribeAsync("mostrador/heladera-1/relay/+/set", { qos: 1 });
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.end(true);
    await t.close();
  });

  const commands = () => listRelayCommands(t.core.db);
  const controller = () => {
    const c = t.gateway.relays();
    if (!c) throw new Error("relay controller not running");
    return c;
  };

  it("turns HA's ON into a recorded command the appliance sends, confirmed by the device's echo", async () => {
    const haHeard: string[] = [];
    ha.on("message", (topic, payload) => haHeard.push(`${topic}=${payload.toString()}`));
    await ha.subscribeAsync("mostrador/+/relay/+/state");

    // The contract's JSON form, so the appliance's copy ("ON") can be told from HA's own packet.
    await ha.publishAsync(SET, JSON.stringify({ state: "ON" }));
    await until(() => received.length >= 1);
    await settle(100);
    // Exactly one copy: the appliance's. HA's own packet never reaches the device.
    expect(received).toEqual([{ topic: SET, payload: "ON", retain: false }]);
    expect(commands()).toMatchObject([
      { relayKey: "compresor", state: "ON", source: "home_assistant", staffId: null, status: "pending" },
    ]);

    await device.publishAsync(STATE, "ON", { retain: true });
    await until(() => commands()[0]?.status === "confirmed");
    await until(() => haHeard.length >= 1);
    expect(haHeard).toEqual([`${STATE}=ON`]);
    expect(ha.connected).toBe(true);
    const outbox = t.core.db
      .prepare("SELECT op FROM outbox WHERE entity = 'relay_command' ORDER BY seq")
      .pluck()
      .all();
    expect(outbox).toEqual(["requested", "confirmed"]);
  });

  it("raises the 'did not confirm' alarm when the device does not echo HA's command", async () => {
    await ha.publishAsync(SET, "ON");
    await until(() => received.length >= 1);
    t.core.clock.advance(6_000);
    controller().tick();
    expect(commands()[0]?.status).toBe("unconfirmed");
    expect(listAlarms(t.core.db)).toMatchObject([{ source: "relay:compresor", severity: 3 }]);
  });

  it("keeps the failsafe: a relay HA left ON is switched OFF after its max on-time", async () => {
    await ha.publishAsync(SET, "ON");
    await until(() => received.length >= 1);
    await device.publishAsync(STATE, "ON");
    await until(() => commands()[0]?.status === "confirmed");
    t.core.clock.advance(3_600_000);
    controller().tick();
    await until(() => received.length >= 2);
    expect(received[1]).toMatchObject({ topic: SET, payload: "OFF" });
    expect(commands()[0]).toMatchObject({ state: "OFF", source: "failsafe", status: "pending" });
  });

  it("carries 'ON for N seconds' as the contract's JSON and never retains HA's command", async () => {
    await ha.publishAsync(SET, JSON.stringify({ state: "ON", seconds: 600 }), { retain: true });
    await until(() => received.length >= 1);
    expect(received).toEqual([{ topic: SET, payload: '{"state":"ON","seconds":600}', retain: false }]);
    // A device subscribing afterwards finds nothing retained on its command topic.
    const late: string[] = [];
    device.on("message", (topic) => late.push(topic));
    await device.unsubscribeAsync("mostrador/heladera-1/relay/+/set");
    await device.subscribeAsync(SET);
    await settle(100);
    expect(late).toEqual([]);
  });

  const refused: [string, string, string][] = [
    ["an undeclared relay", "mostrador/heladera-1/relay/luz/set", "ON"],
    ["a payload outside the contract", SET, "TOGGLE"],
    ["a duration over the relay's failsafe", SET, JSON.stringify({ state: "ON", seconds: 7200 })],
    ["a duration on OFF", SET, JSON.stringify({ state: "OFF", seconds: 60 })],
  ];
  for (const [what, topic, payload] of refused) {
    it(`refuses ${what}: nothing recorded, nothing sent, HA disconnected`, async () => {
      const gone = closed(ha);
      ha.publish(topic, payload);
      await gone;
      await settle(100);
      expect(received).toEqual([]);
      expect(commands()).toEqual([]);
      expect(
        t.core.db.prepare("SELECT count(*) FROM outbox WHERE entity = 'relay_command'").pluck().get(),
      ).toBe(0);
    });
  }

  it("never switches a relay from HA's last will when its connection drops", async () => {
    const { password } = issueHomeAssistantCredentials(t.core);
    const willing = await connectClient(t.url, {
      clientId: "ha-will",
      username: "homeassistant",
      password,
      will: { topic: SET, payload: Buffer.from("ON"), qos: 0, retain: false },
    });
    const gone = closed(willing);
    willing.stream.destroy();
    await gone;
    await settle(150);
    expect(received).toEqual([]);
    expect(commands()).toEqual([]);
    expect(t.gateway.stats().messages.refused).toEqual({ not_allowed: 1 });
  });

  it("refuses HA's command when the relay controller is not running", async () => {
    // As when the relay extension failed to start: nobody may carry the command out.
    handle.provideRelays(null);
    const gone = closed(ha);
    ha.publish(SET, "ON");
    await gone;
    expect(commands()).toEqual([]);
    expect(t.gateway.stats().messages.refused).toEqual({ command_refused: 1 });
  });
});

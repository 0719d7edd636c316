import { parseReading } from "@mostrador/contracts/mqtt/reading";
import { topics } from "@mostrador/contracts/mqtt/topics";
import mqtt from "mqtt";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestApi, type TestApi } from "@mostrador/desktop/api/test-api";
import { revokeSession } from "@mostrador/kernel/staff/sessions";
import { createDevice } from "../devices/devices.js";
import { type RunningGateway, startGateway } from "../gateway.js";
import { closed, connectClient, FRIDGE, settle, subscribeGrants } from "../test-gateway.js";

describe("MQTT over the appliance's WebSocket (/mqtt) for the UI", () => {
  let api: TestApi;
  let gateway: RunningGateway;
  let wsUrl: string;
  let fridge: { slug: string; secret: string };
  const clients: mqtt.MqttClient[] = [];

  beforeEach(async () => {
    api = await openTestApi();
    gateway = await startGateway(
      api.core,
      {
        mqttPort: 0,
        mqttHost: "127.0.0.1",
        connectRate: { max: 1000, windowMs: 1000 },
        extensions: [],
        log: () => {},
      },
      api.app,
    );
    await api.app.listen({ host: "127.0.0.1", port: 0 });
    const address = api.app.server.address();
    wsUrl = `ws://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/mqtt`;
    const { device, secret } = createDevice(api.core, FRIDGE);
    fridge = { slug: device.slug, secret };
  });
  afterEach(async () => {
    for (const c of clients) c.end(true);
    clients.length = 0;
    await gateway.stop();
    await api.close();
  });

  const connect = async (url: string, options: mqtt.IClientOptions) => {
    const client = await connectClient(url, options);
    clients.push(client);
    return client;
  };

  it("lets a logged-in staff member subscribe to mostrador/# and see live readings", async () => {
    const ui = await connect(wsUrl, {
      clientId: "ui-caja-1",
      username: "staff",
      password: api.tokenFor("cashier"),
    });
    await ui.subscribeAsync("mostrador/#");
    const seen = new Promise<string>((resolve) =>
      ui.on("message", (topic, payload) => resolve(`${topic}=${payload}`)),
    );
    const device = await connect(`mqtt://127.0.0.1:${gateway.port}`, {
      clientId: fridge.slug,
      username: fridge.slug,
      password: fridge.secret,
    });
    device.publish(topics.sensorState(fridge.slug, "temp"), "2.5");
    expect(await seen).toBe(`${topics.sensorState(fridge.slug, "temp")}=2.5`);
  });

  it('shows the till exactly the readings the gateway takes: ".5" read by both, "+4" refused by both', async () => {
    const ui = await connect(wsUrl, {
      clientId: "ui-caja-1",
      username: "staff",
      password: api.tokenFor("cashier"),
    });
    await ui.subscribeAsync("mostrador/#");
    const heard: Buffer[] = [];
    ui.on("message", (_topic, payload) => heard.push(payload));
    const taken: number[] = [];
    gateway.bus.on("reading", (r) => taken.push(r.value));
    const device = await connect(`mqtt://127.0.0.1:${gateway.port}`, {
      clientId: fridge.slug,
      username: fridge.slug,
      password: fridge.secret,
    });
    for (const text of [".5", "+4", "4.7"]) {
      await device.publishAsync(topics.sensorState(fridge.slug, "temp"), text, { qos: 1 });
    }
    while (heard.length < 3) await settle(20);
    // The till's live view reads payloads with this same parser (desktop/ui/src/sensors/live-message.ts).
    const onScreen = heard.map((p) => parseReading(p)).flatMap((r) => (r.ok ? [r.value.value] : []));
    expect(onScreen).toEqual([0.5, 4.7]);
    expect(taken).toEqual([0.5, 4.7]);
    expect(gateway.stats().readings.malformed).toEqual({ not_a_number: 1 });
  });

  it("keeps the UI read-only: a publish drops its connection and reaches no one", async () => {
    const ui = await connect(wsUrl, {
      clientId: "ui-caja-1",
      username: "staff",
      password: api.tokenFor("owner"),
    });
    const gone = closed(ui);
    ui.publish(topics.relaySet(fridge.slug, "compresor"), "ON");
    await gone;
    expect(gateway.stats().messages.refused).toEqual({ read_only: 1 });
  });

  it("refuses '#' and $SYS to the UI (SUBACK 128)", async () => {
    const ui = await connect(wsUrl, {
      clientId: "ui-caja-1",
      username: "staff",
      password: api.tokenFor("manager"),
    });
    expect(await subscribeGrants(ui, ["#", "$SYS/#", "mostrador/+/status"])).toEqual([128, 128, 0]);
  });

  it("refuses an unknown or revoked staff token, and a UI client id that would take over a device", async () => {
    await expect(
      connect(wsUrl, { clientId: "ui-1", username: "staff", password: "no-es-un-token" }),
    ).rejects.toMatchObject({
      code: 4,
    });
    const revoked = api.tokenFor("owner");
    revokeSession(api.core, revoked);
    await expect(
      connect(wsUrl, { clientId: "ui-1", username: "staff", password: revoked }),
    ).rejects.toMatchObject({ code: 4 });
    await expect(
      connect(wsUrl, { clientId: fridge.slug, username: "staff", password: api.tokenFor("owner") }),
    ).rejects.toMatchObject({ code: 2 });
    await expect(connect(wsUrl, { clientId: "ui-2" })).rejects.toMatchObject({ code: 5 });
    await settle();
    expect(gateway.stats().connections.refused).toEqual({
      bad_credentials: 2,
      client_id_mismatch: 1,
      anonymous: 1,
    });
  });
});

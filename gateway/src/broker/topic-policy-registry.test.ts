import type { MqttClient } from "mqtt";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { deactivateDevice, rotateDeviceSecret, updateDevice } from "../devices/devices.js";
import { closed, connectClient, FRIDGE, openTestGateway, settle, type TestGateway } from "../test-gateway.js";

/**
 * The policy caches parsed topics, never verdicts: these drive a real broker to prove that a registry
 * change takes effect on the next message of a device that has already been publishing those topics.
 */
describe("MQTT broker: publish verdicts follow the registry at once", () => {
  let t: TestGateway;
  let device: { id: string; slug: string; secret: string };
  const clients: MqttClient[] = [];
  const readings: string[] = [];
  const temp = () => `mostrador/${device.slug}/sensor/temp/state`;

  beforeEach(async () => {
    t = await openTestGateway();
    device = t.addDevice();
    readings.length = 0;
    t.gateway.bus.on("reading", (e) => readings.push(`${e.key}=${e.value}`));
  });
  afterEach(async () => {
    for (const c of clients) c.end(true);
    clients.length = 0;
    await t.close();
  });

  const connect = async (password = device.secret) => {
    const client = await connectClient(t.url, { clientId: device.slug, username: device.slug, password });
    clients.push(client);
    return client;
  };

  /** Publishes the same reading topic a few times so the parse is cached before the registry changes. */
  const warm = async (client: MqttClient) => {
    for (const v of ["4.1", "4.2", "4.3"]) await client.publishAsync(temp(), v, { qos: 1 });
    await settle();
    expect(readings).toEqual(["temp=4.1", "temp=4.2", "temp=4.3"]);
  };

  it("drops a device whose sensor was removed at its next reading on that topic", async () => {
    const client = await connect();
    await warm(client);
    updateDevice(t.core, device.id, { sensors: FRIDGE.sensors?.filter((s) => s.key !== "temp") });
    const gone = closed(client);
    client.publish(temp(), "4.4", { qos: 1 });
    await gone;
    expect(readings).toHaveLength(3);
    expect(t.gateway.stats().messages.refused).toEqual({ undeclared_key: 1 });
  });

  it("drops a deactivated device and takes no further reading from it", async () => {
    const client = await connect();
    await warm(client);
    const gone = closed(client);
    deactivateDevice(t.core, device.id);
    client.publish(temp(), "4.4", { qos: 0 });
    await gone;
    await settle();
    expect(readings).toHaveLength(3);
    await expect(connect()).rejects.toMatchObject({ code: 5 });
  });

  it("after a credential rotation the old session is dropped and only the new secret publishes", async () => {
    const client = await connect();
    await warm(client);
    const gone = closed(client);
    const { secret } = rotateDeviceSecret(t.core, device.id);
    client.publish(temp(), "4.4", { qos: 0 });
    await gone;
    await settle();
    expect(readings).toHaveLength(3);
    await expect(connect()).rejects.toMatchObject({ code: 4 });
    const fresh = await connect(secret);
    await fresh.publishAsync(temp(), "4.5", { qos: 1 });
    await settle();
    expect(readings).toEqual(["temp=4.1", "temp=4.2", "temp=4.3", "temp=4.5"]);
  });
});

import { connect as tcpConnect } from "node:net";
import type { MqttClient } from "mqtt";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { topics } from "@mostrador/contracts/mqtt/topics";
import type { GatewayEvents } from "../gateway-events.js";
import {
  closed,
  connectClient,
  openTestGateway,
  settle,
  subscribeGrants,
  type TestGateway,
} from "../test-gateway.js";

describe("MQTT broker: what devices may publish and subscribe", () => {
  let t: TestGateway;
  let fridge: { id: string; slug: string; secret: string };
  let other: { id: string; slug: string; secret: string };
  let readings: GatewayEvents["reading"][];
  const clients: MqttClient[] = [];

  beforeEach(async () => {
    t = await openTestGateway();
    fridge = t.addDevice();
    other = t.addDevice({
      slug: "riego",
      name: "Riego",
      sensors: [{ key: "suelo", kind: "soil_moisture" }],
      relays: [],
    });
    readings = [];
    t.gateway.bus.on("reading", (r) => readings.push(r));
  });
  afterEach(async () => {
    for (const c of clients) c.end(true);
    clients.length = 0;
    await t.close();
  });

  const asDevice = async (d: { slug: string; secret: string }) => {
    const client = await connectClient(t.url, { clientId: d.slug, username: d.slug, password: d.secret });
    clients.push(client);
    return client;
  };
  const publish = (c: MqttClient, topic: string, payload: string | Buffer) =>
    new Promise<void>((resolve) => c.publish(topic, payload, { qos: 0 }, () => resolve()));

  /** Publishes something the broker must refuse; the broker drops that client (MQTT 3.1.1 has no per-message refusal). */
  async function expectRefused(topic: string, payload: string | Buffer, reason: string) {
    const client = await asDevice(fridge);
    const gone = closed(client);
    await publish(client, topic, payload);
    await gone;
    expect(t.gateway.stats().messages.refused[reason]).toBe(1);
  }

  it("turns a device's reading on its own declared sensor into a 'reading' event", async () => {
    const client = await asDevice(fridge);
    await publish(client, topics.sensorState(fridge.slug, "temp"), "4.7");
    await publish(
      client,
      topics.sensorState(fridge.slug, "temp"),
      JSON.stringify({ value: 5.5, unit: "°C" }),
    );
    await settle();
    expect(readings).toEqual([
      {
        deviceId: fridge.id,
        slug: fridge.slug,
        key: "temp",
        value: 4.7,
        unit: "°C",
        at: t.core.clock.now().getTime(),
      },
      {
        deviceId: fridge.id,
        slug: fridge.slug,
        key: "temp",
        value: 5.5,
        unit: "°C",
        at: t.core.clock.now().getTime(),
      },
    ]);
    expect(t.gateway.stats().messages.accepted).toBe(2);
  });

  it("turns a relay's ON/OFF echo into 'relay.state'", async () => {
    const states: boolean[] = [];
    t.gateway.bus.on("relay.state", (e) => states.push(e.on));
    const client = await asDevice(fridge);
    await publish(client, topics.relayState(fridge.slug, "compresor"), "ON");
    await publish(client, topics.relayState(fridge.slug, "compresor"), "OFF");
    await publish(client, topics.relayState(fridge.slug, "compresor"), "MAYBE");
    await settle();
    expect(states).toEqual([true, false]);
    expect(t.gateway.stats().readings.malformed).toEqual({ bad_relay_state: 1 });
  });

  it("drops a device's text with control characters (status, unit, relay state), counted, storing nothing", async () => {
    const states: boolean[] = [];
    t.gateway.bus.on("relay.state", (e) => states.push(e.on));
    const client = await asDevice(fridge);
    await publish(client, topics.status(fridge.slug), "offline\u0000");
    await publish(client, topics.status(fridge.slug), "\u001b[2Joffline");
    await publish(
      client,
      topics.sensorState(fridge.slug, "temp"),
      JSON.stringify({ value: 4.7, unit: "°C\u0000" }),
    );
    await publish(client, topics.sensorState(fridge.slug, "temp"), "4.7\u0000");
    await publish(client, topics.relayState(fridge.slug, "compresor"), "ON\u0000");
    await settle();
    expect(readings).toEqual([]);
    expect(states).toEqual([]);
    expect(t.gateway.stats().devicesOnline).toBe(1);
    expect(t.gateway.stats().readings.malformed).toEqual({
      bad_status: 2,
      unit_mismatch: 1,
      not_a_number: 1,
      bad_relay_state: 1,
    });
  });

  it("refuses a publish on another device's topic and keeps serving the others", async () => {
    const riego = await asDevice(other);
    await expectRefused(topics.sensorState(other.slug, "suelo"), "40", "foreign_device");
    await publish(riego, topics.sensorState(other.slug, "suelo"), "40");
    await settle();
    expect(readings.map((r) => r.slug)).toEqual([other.slug]);
  });

  it("refuses a device publishing a relay command (.../set), even its own", async () => {
    await expectRefused(topics.relaySet(fridge.slug, "compresor"), "ON", "set_topic");
  });

  it("refuses a reading on a sensor the device did not declare", async () => {
    await expectRefused(topics.sensorState(fridge.slug, "humedad"), "50", "undeclared_key");
    expect(readings).toEqual([]);
  });

  it("refuses a payload over the 1024-byte limit", async () => {
    await expectRefused(
      topics.sensorState(fridge.slug, "temp"),
      Buffer.alloc(1025, "1"),
      "payload_too_large",
    );
  });

  it("refuses a topic deeper than the contract's five levels", async () => {
    await expectRefused(`${topics.sensorState(fridge.slug, "temp")}/mas/niveles`, "1", "topic_too_deep");
  });

  it("refuses $SYS and topics outside the contract", async () => {
    await expectRefused("$SYS/broker/falso", "1", "sys_topic");
    await expectRefused("otra/cosa", "1", "not_in_contract");
  });

  it("gives SUBACK 128 for another device's commands or '#', and grants the device's own commands", async () => {
    const client = await asDevice(fridge);
    const granted = await subscribeGrants(client, [
      topics.relaySet(fridge.slug, "+"),
      topics.relaySet(other.slug, "+"),
      "#",
      "mostrador/+/sensor/+/state",
    ]);
    expect(granted).toEqual([0, 128, 128, 128]);
    expect(client.connected).toBe(true);
    expect(t.gateway.stats().subscriptions.refused).toBe(3);
  });

  it("delivers the appliance's relay command to the device that subscribed to it", async () => {
    const client = await asDevice(fridge);
    await client.subscribeAsync(topics.relaySet(fridge.slug, "+"));
    const got = new Promise<string>((resolve) =>
      client.once("message", (topic, payload) => resolve(`${topic} ${payload}`)),
    );
    await t.gateway.publishInternal(topics.relaySet(fridge.slug, "compresor"), "ON");
    expect(await got).toBe(`${topics.relaySet(fridge.slug, "compresor")} ON`);
  });

  it("counts malformed readings and drops them while every valid one arrives (200 valid, 50 bad interleaved)", async () => {
    const client = await asDevice(fridge);
    const bad = [
      "hola",
      "NaN",
      "Infinity",
      "99",
      "-127",
      '{"value":4,"unit":"°F"}',
      '{"value":"4"}',
      "",
      "0x10",
      "{roto",
    ];
    const temp = topics.sensorState(fridge.slug, "temp");
    for (let i = 0; i < 200; i++) {
      await publish(client, temp, String((i % 50) - 20));
      if (i % 4 === 0) await publish(client, temp, bad[(i / 4) % bad.length] as string);
    }
    await publish(client, topics.sensorState(fridge.slug, "puerta"), "0.5");
    await settle(200);
    expect(readings).toHaveLength(200);
    expect(readings.every((r) => r.key === "temp" && r.value >= -20 && r.value < 30)).toBe(true);
    expect(t.gateway.stats().readings).toEqual({
      accepted: 200,
      malformed: { not_a_number: 35, out_of_range: 11, unit_mismatch: 5 },
    });
    expect(client.connected).toBe(true);
  });

  it("drops a client that sends garbage bytes and keeps serving the others", async () => {
    const riego = await asDevice(other);
    const socket = tcpConnect(t.gateway.port, "127.0.0.1");
    await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
    const dropped = new Promise<void>((resolve) => socket.once("close", () => resolve()));
    socket.on("error", () => {});
    // Packet type 0 is reserved [MQTT-2.2.1]: a well-framed packet that is still garbage.
    socket.write(Buffer.from([0x00, 0x04, 0x13, 0x37, 0xde, 0xad]));
    await dropped;
    expect(t.gateway.stats().protocolErrors.connectionError).toBeGreaterThanOrEqual(1);
    await publish(riego, topics.sensorState(other.slug, "suelo"), "41");
    await settle();
    expect(readings.map((r) => r.value)).toEqual([41]);
    expect(riego.connected).toBe(true);
  });

  it("drops a client whose packet declares more than the size limit, before buffering it", async () => {
    const riego = await asDevice(other);
    const socket = tcpConnect(t.gateway.port, "127.0.0.1");
    await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
    const dropped = new Promise<void>((resolve) => socket.once("close", () => resolve()));
    socket.on("error", () => {});
    // A CONNECT announcing 200 MB: refused on its header, never buffered, even though it is not authenticated.
    socket.write(Buffer.from([0x10, 0x80, 0x80, 0x80, 0x64]));
    await dropped;
    expect(t.gateway.stats().connections.refused.oversized_packet).toBe(1);
    await publish(riego, topics.sensorState(other.slug, "suelo"), "42");
    await settle();
    expect(readings.map((r) => r.value)).toEqual([42]);
  });
});

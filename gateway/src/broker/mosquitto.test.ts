import { execFile } from "node:child_process";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { topics } from "@mostrador/contracts/mqtt/topics";
import type { GatewayEvents } from "../gateway-events.js";
import { openTestGateway, settle, type TestGateway } from "../test-gateway.js";

interface Run {
  code: number;
  output: string;
}

/** Runs a Debian mosquitto client (an MQTT implementation independent of mqtt.js and Aedes). */
function run(command: "mosquitto_pub" | "mosquitto_sub", args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(`/usr/bin/${command}`, args, { timeout: 10_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === "number" ? err.code : -1) : 0;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}

describe("MQTT broker seen from mosquitto_pub / mosquitto_sub", () => {
  let t: TestGateway;
  let fridge: { id: string; slug: string; secret: string };
  let readings: GatewayEvents["reading"][];
  const as = (d: { slug: string; secret: string }) => [
    "-h",
    "127.0.0.1",
    "-p",
    String(t.gateway.port),
    "-i",
    d.slug,
    "-u",
    d.slug,
    "-P",
    d.secret,
  ];

  beforeEach(async () => {
    t = await openTestGateway();
    fridge = t.addDevice();
    readings = [];
    t.gateway.bus.on("reading", (r) => readings.push(r));
  });
  afterEach(async () => {
    await t.close();
  });

  it("accepts a reading published by mosquitto_pub with the device's credentials", async () => {
    const result = await run("mosquitto_pub", [
      ...as(fridge),
      "-t",
      topics.sensorState(fridge.slug, "temp"),
      "-m",
      "3.5",
    ]);
    expect(result.code).toBe(0);
    await settle();
    expect(readings.map((r) => r.value)).toEqual([3.5]);
  });

  it('reads ".5" from mosquitto_pub as 0.5 and refuses "+4", as the contract\'s reading grammar says', async () => {
    for (const text of [".5", "+4"]) {
      const result = await run("mosquitto_pub", [
        ...as(fridge),
        "-t",
        topics.sensorState(fridge.slug, "temp"),
        "-m",
        text,
      ]);
      expect(result.code).toBe(0);
    }
    await settle();
    expect(readings.map((r) => r.value)).toEqual([0.5]);
    expect(t.gateway.stats().readings.malformed).toEqual({ not_a_number: 1 });
  });

  it("refuses mosquitto_pub with a wrong secret (bad user name or password)", async () => {
    const result = await run("mosquitto_pub", [
      ...as({ slug: fridge.slug, secret: "equivocada" }),
      "-t",
      topics.sensorState(fridge.slug, "temp"),
      "-m",
      "3.5",
    ]);
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/bad user name or password/i);
    expect(readings).toEqual([]);
  });

  it("refuses mosquitto_pub without credentials (not authorised)", async () => {
    const result = await run("mosquitto_pub", [
      "-h",
      "127.0.0.1",
      "-p",
      String(t.gateway.port),
      "-t",
      "mostrador/x/status",
      "-m",
      "online",
    ]);
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/not authori[sz]ed/i);
  });

  it("drops mosquitto_pub's publish on another device's topic and on a set topic, counting both", async () => {
    const other = t.addDevice({
      slug: "riego",
      name: "Riego",
      sensors: [{ key: "suelo", kind: "soil_moisture" }],
      relays: [],
    });
    await run("mosquitto_pub", [...as(fridge), "-t", topics.sensorState(other.slug, "suelo"), "-m", "40"]);
    await run("mosquitto_pub", [...as(fridge), "-t", topics.relaySet(fridge.slug, "compresor"), "-m", "ON"]);
    await settle();
    expect(readings).toEqual([]);
    expect(t.gateway.stats().messages.refused).toEqual({ foreign_device: 1, set_topic: 1 });
  });

  it("gives mosquitto_sub SUBACK 128 for '#' and another device's commands", async () => {
    const other = t.addDevice({
      slug: "riego",
      name: "Riego",
      sensors: [],
      relays: [{ key: "valvula", name: "Válvula" }],
    });
    for (const filter of ["#", topics.relaySet(other.slug, "+")]) {
      const result = await run("mosquitto_sub", [...as(fridge), "-t", filter, "-W", "1", "-C", "1"]);
      expect(result.output).toMatch(/subscription.*denied|denied.*subscription/i);
    }
    expect(t.gateway.stats().subscriptions.refused).toBe(2);
  });

  it("lets mosquitto_sub receive the device's own relay command", async () => {
    const sub = run("mosquitto_sub", [
      ...as(fridge),
      "-t",
      topics.relaySet(fridge.slug, "+"),
      "-C",
      "1",
      "-W",
      "5",
      "-v",
    ]);
    for (let i = 0; i < 40 && t.gateway.stats().devicesOnline === 0; i++) await settle(50);
    await settle(100);
    await t.gateway.publishInternal(topics.relaySet(fridge.slug, "compresor"), "OFF");
    const result = await sub;
    expect(result.output.trim()).toBe(`${topics.relaySet(fridge.slug, "compresor")} OFF`);
  });

  it("answers an MQTT 5 client with 'unsupported protocol version' and keeps running", async () => {
    const result = await run("mosquitto_pub", [
      ...as(fridge),
      "-V",
      "mqttv5",
      "-t",
      topics.sensorState(fridge.slug, "temp"),
      "-m",
      "3.5",
    ]);
    expect(result.code).not.toBe(0);
    // Aedes speaks 3.1.1 only; mosquitto reads its CONNACK as reason code 132 (0x84).
    expect(result.output).toMatch(/Unsupported Protocol Version/i);
    expect(t.gateway.stats().connections.refused).toEqual({ unsupported_protocol: 1 });
    const ok = await run("mosquitto_pub", [
      ...as(fridge),
      "-t",
      topics.sensorState(fridge.slug, "temp"),
      "-m",
      "3.6",
    ]);
    expect(ok.code).toBe(0);
    await settle();
    expect(readings.map((r) => r.value)).toEqual([3.6]);
  });
});

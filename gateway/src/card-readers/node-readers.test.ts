import { execFile } from "node:child_process";
import type { MqttClient } from "mqtt";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CardTapped } from "@mostrador/contracts/http/card-readers";
import { topics } from "@mostrador/contracts/mqtt/topics";
import { CardReaderHub } from "@mostrador/desktop/card-readers/hub";
import { createReader, updateReader } from "@mostrador/desktop/card-readers/readers";
import { createTerminal } from "@mostrador/kernel/shop/terminals";
import { closed, connectClient, openTestGateway, settle, type TestGateway } from "../test-gateway.js";
import { cardReaderNodesModule } from "./module.js";

/** Runs Debian's mosquitto_pub (an MQTT client independent of mqtt.js and Aedes). */
function mosquittoPub(args: string[]): Promise<number> {
  return new Promise((resolve) => {
    execFile("/usr/bin/mosquitto_pub", args, { timeout: 10_000 }, (err) =>
      resolve(err ? (typeof err.code === "number" ? err.code : -1) : 0),
    );
  });
}

describe("ESP32 card reader nodes over MQTT, through the real broker", () => {
  let t: TestGateway;
  let hub: CardReaderHub;
  let node: { id: string; slug: string; secret: string };
  let other: { id: string; slug: string; secret: string };
  let taps: CardTapped[];
  let readerId: string;
  let terminalId: string;
  const clients: MqttClient[] = [];

  beforeEach(async () => {
    t = await openTestGateway({ extensions: [cardReaderNodesModule.extension!] });
    node = t.addDevice({ slug: "barra-nodo", name: "Lector de la barra", sensors: [], relays: [] });
    other = t.addDevice({ slug: "heladera-1" });
    terminalId = createTerminal(t.core, { code: 3, name: "Barra" }).id;
    readerId = createReader(t.core, {
      name: "Barra",
      kind: "mqtt",
      deviceSlug: node.slug,
      readerKey: "rfid",
      terminalId,
    }).id;
    hub = new CardReaderHub(t.core, { log: () => {} });
    hub.start();
    taps = [];
    t.core.bus.on("card_tapped", (tap) => taps.push(tap));
  });
  afterEach(async () => {
    for (const c of clients) c.end(true);
    clients.length = 0;
    await hub.stop();
    await t.close();
  });

  const asDevice = async (d: { slug: string; secret: string }) => {
    const client = await connectClient(t.url, { clientId: d.slug, username: d.slug, password: d.secret });
    clients.push(client);
    return client;
  };
  const publish = (c: MqttClient, topic: string, payload: string) =>
    new Promise<void>((resolve) => c.publish(topic, payload, { qos: 0 }, () => resolve()));
  const mosquittoAs = (d: { slug: string; secret: string }) => [
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

  it("a node's tap on its own reader topic (mqtt.js) is card_tapped for the reader's till", async () => {
    const client = await asDevice(node);
    await publish(client, topics.readerTap(node.slug, "rfid"), "04A32B1C");
    await expect
      .poll(() => taps)
      .toEqual([{ uid: "04A32B1C", readerId, terminalId, at: t.core.clock.now().toISOString() }]);
    expect(hub.live(readerId).lastTap?.uid).toBe("04A32B1C");
  });

  it("a tap published by mosquitto_pub with the node's credentials is heard too", async () => {
    const code = await mosquittoPub([
      ...mosquittoAs(node),
      "-t",
      topics.readerTap(node.slug, "rfid"),
      "-m",
      "DEADBEEF",
    ]);
    expect(code).toBe(0);
    await expect.poll(() => taps.map((x) => x.uid)).toEqual(["DEADBEEF"]);
  });

  it("another device's credentials cannot publish on this node's reader topic (mosquitto_pub and mqtt.js)", async () => {
    await mosquittoPub([...mosquittoAs(other), "-t", topics.readerTap(node.slug, "rfid"), "-m", "DEADBEEF"]);
    const client = await asDevice(other);
    const gone = closed(client);
    await publish(client, topics.readerTap(node.slug, "rfid"), "DEADBEEF");
    await gone;
    await settle();
    expect(t.gateway.stats().messages.refused.foreign_device).toBe(2);
    expect(taps).toEqual([]);
  });

  it("garbage UIDs are counted and dropped; a key nobody configured is ignored", async () => {
    const client = await asDevice(node);
    await publish(client, topics.readerTap(node.slug, "rfid"), "04A3\u00002B1C");
    await publish(client, topics.readerTap(node.slug, "rfid"), "ZZZZZZZZ");
    await publish(client, topics.readerTap(node.slug, "rfid"), "04A32B");
    await publish(client, topics.readerTap(node.slug, "otro"), "04A32B1C");
    await publish(client, topics.readerTap(node.slug, "rfid"), "11223344");
    await expect.poll(() => taps.map((x) => x.uid)).toEqual(["11223344"]);
    expect(t.gateway.stats().readings.malformed).toMatchObject({
      bad_card_tap_control_bytes: 1,
      bad_card_tap_not_hex: 1,
      bad_card_tap_wrong_length: 1,
    });
  });

  it("the reader's byte order applies to a node's taps", async () => {
    updateReader(t.core, readerId, { byteOrder: "reversed" });
    const client = await asDevice(node);
    await publish(client, topics.readerTap(node.slug, "rfid"), "1C2BA304");
    await expect.poll(() => taps.map((x) => x.uid)).toEqual(["04A32B1C"]);
  });
});

import type { MqttClient } from "mqtt";
import { afterEach, describe, expect, it } from "vitest";
import { listDevices } from "../devices/devices.js";
import { listRules } from "../rules/rule-store.js";
import type { GatewayEvents } from "../gateway-events.js";
import { connectClient, openTestGateway, settle, type TestGateway } from "../test-gateway.js";
import { SIM_CARD_READER, SIM_DEVICES, SIM_READER_KEY } from "./sim-devices.js";
import { CardReaderHub } from "@mostrador/desktop/card-readers/hub";
import { createReader } from "@mostrador/desktop/card-readers/readers";
import { cardReaderNodesModule } from "../card-readers/module.js";
import { createSimulator, type Simulator } from "./simulator.js";
import { simulatorExtensionWith } from "./simulator-extension.js";

let gw: TestGateway | undefined;
let sim: Simulator | undefined;
let watcher: MqttClient | undefined;

afterEach(async () => {
  await sim?.stop();
  await watcher?.endAsync();
  await gw?.close();
  gw = sim = watcher = undefined;
});

async function until(what: string, check: () => boolean, timeoutMs = 8_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await settle(25);
  }
}

function record<K extends keyof GatewayEvents>(g: TestGateway, name: K): GatewayEvents[K][] {
  const seen: GatewayEvents[K][] = [];
  g.gateway.bus.on(name, (e) => seen.push(e));
  return seen;
}

async function startSim(g: TestGateway): Promise<Simulator> {
  const s = createSimulator(g.core, {
    brokerUrl: g.url,
    seed: 7,
    tickMs: 50,
    publishIntervalMs: 100,
    demoDoorEveryMs: 0,
    log: () => {},
  });
  await s.start();
  return s;
}

describe("simulator against the real broker", () => {
  it("registers its devices through the registry, connects as each of them and its readings arrive", async () => {
    gw = await openTestGateway();
    const readings = record(gw, "reading");
    const online = record(gw, "device.online");
    sim = await startSim(gw);
    const slugs = SIM_DEVICES.map((d) => d.slug);
    expect(
      listDevices(gw.core)
        .map((d) => d.slug)
        .sort(),
    ).toEqual([...slugs].sort());
    // The demo's rules come with the devices: fridge, its door, freezer, and the valve's two.
    expect(listRules(gw.core.db).map((r) => r.name)).toContain("Puerta abierta más de 3 minutos");
    await until("every device online", () => slugs.every((s) => online.some((e) => e.slug === s)));
    const expected = SIM_DEVICES.flatMap((d) => d.sensors.map((s) => `${d.slug}/${s.key}`));
    await until("a reading from every sensor", () =>
      expected.every((k) => readings.some((r) => `${r.slug}/${r.key}` === k)),
    );
    const fridge = readings.find((r) => r.slug === "sim-heladera" && r.key === "temperature");
    expect(fridge?.unit).toBe("°C");
    expect(fridge?.value).toBeGreaterThan(1);
    expect(fridge?.value).toBeLessThan(6);
    // Nothing the simulator sent was refused as a malformed reading.
    expect(JSON.stringify(gw.gateway.stats())).not.toMatch(
      /"(not_a_number|unit_mismatch|out_of_range|undeclared_sensor)":[1-9]/,
    );
  });

  it("announces online retained, obeys a relay command and echoes its state", async () => {
    gw = await openTestGateway();
    const relayStates = record(gw, "relay.state");
    sim = await startSim(gw);
    const creds = gw.gateway.internalCredentials;
    watcher = await connectClient(gw.url, {
      clientId: creds.clientId,
      username: creds.username,
      password: creds.password,
    });
    const retained: Record<string, string> = {};
    watcher.on("message", (topic, payload, packet) => {
      if (packet.retain) retained[topic] = payload.toString();
    });
    await until(
      "sim-riego online",
      () => gw?.gateway.devices.get("sim-riego") !== undefined && relayStates.length > 0,
    );
    await watcher.subscribeAsync("mostrador/sim-riego/#");
    await until("retained status", () => retained["mostrador/sim-riego/status"] === "online");
    await gw.gateway.publishInternal("mostrador/sim-riego/relay/valve/set", '{"state":"ON","seconds":600}', {
      qos: 1,
    });
    await until("valve ON echoed", () =>
      relayStates.some((e) => e.slug === "sim-riego" && e.key === "valve" && e.on),
    );
    expect(sim.world().relays["sim-riego/valve"]?.on).toBe(true);
    await gw.gateway.publishInternal("mostrador/sim-riego/relay/valve/set", "garbage", { qos: 1 });
    await gw.gateway.publishInternal("mostrador/sim-riego/relay/valve/set", "OFF", { qos: 1 });
    await until(
      "valve OFF echoed",
      () => relayStates.filter((e) => e.slug === "sim-riego" && !e.on).length >= 2,
    );
    expect(sim.world().relays["sim-riego/valve"]?.on).toBe(false);
  });

  it("the simulated clock drives the world: the valve's local failsafe closes it and reports OFF", async () => {
    gw = await openTestGateway();
    const relayStates = record(gw, "relay.state");
    sim = await startSim(gw);
    await until("valve reported", () => relayStates.some((e) => e.slug === "sim-riego"));
    await gw.gateway.publishInternal("mostrador/sim-riego/relay/valve/set", "ON", { qos: 1 });
    await until("valve ON", () => relayStates.some((e) => e.slug === "sim-riego" && e.on));
    const offsBefore = relayStates.filter((e) => e.slug === "sim-riego" && !e.on).length;
    gw.core.clock.advance(1_200_000 + 1_000); // past max_on_seconds = 1200
    sim.tick();
    await until(
      "failsafe OFF reported",
      () => relayStates.filter((e) => e.slug === "sim-riego" && !e.on).length > offsBefore,
    );
  });

  it("restarts with rotated secrets instead of duplicating its devices, and skips deactivated ones", async () => {
    gw = await openTestGateway();
    const online = record(gw, "device.online");
    sim = await startSim(gw);
    await until("first start online", () => online.length >= SIM_DEVICES.length);
    const firstSecrets = sim.credentials().map((c) => c.secret);
    await sim.stop();
    const meter = listDevices(gw.core).find((d) => d.slug === "sim-medidor");
    gw.core.db.prepare("UPDATE devices SET active = 0 WHERE id = ?").run(meter?.id);
    online.length = 0;
    sim = await startSim(gw);
    expect(listDevices(gw.core)).toHaveLength(SIM_DEVICES.length);
    expect(sim.credentials().map((c) => c.slug)).not.toContain("sim-medidor");
    expect(sim.credentials().every((c) => !firstSecrets.includes(c.secret))).toBe(true);
    expect(sim.credentials().every((c) => !c.created)).toBe(true);
    expect(new Set(listRules(gw.core.db).map((r) => r.name)).size).toBe(listRules(gw.core.db).length); // not re-seeded
    await until("second start online", () => online.length >= SIM_DEVICES.length - 1);
  });

  it("runs as a gateway extension on the broker's port", async () => {
    gw = await openTestGateway({
      extensions: [
        simulatorExtensionWith({
          seed: 3,
          tickMs: 50,
          publishIntervalMs: 100,
          demoDoorEveryMs: 0,
          log: () => {},
        }),
      ],
    });
    const readings = record(gw, "reading");
    await until("readings from the extension", () =>
      readings.some((r) => r.slug === "sim-salon" && r.key === "co2"),
    );
  });
});

describe("simulated card reader node", () => {
  it("is off unless asked; when on, it connects as its own device and its taps become card_tapped", async () => {
    gw = await openTestGateway({ extensions: [cardReaderNodesModule.extension!] });
    const readerId = createReader(gw.core, {
      name: "Barra simulada",
      kind: "mqtt",
      deviceSlug: SIM_CARD_READER.slug,
      readerKey: SIM_READER_KEY,
    }).id;
    const hub = new CardReaderHub(gw.core, { log: () => {} });
    hub.start();
    const taps: string[] = [];
    gw.core.bus.on("card_tapped", (t) => taps.push(t.uid));
    try {
      const plain = await startSim(gw);
      expect(plain.tapCard()).toBe(false);
      await plain.stop();
      sim = createSimulator(gw.core, {
        brokerUrl: gw.url,
        seed: 7,
        demoDoorEveryMs: 0,
        cardReaderNode: true,
        log: () => {},
      });
      const online = record(gw, "device.online");
      await sim.start();
      await until("the reader node online", () => online.some((e) => e.slug === SIM_CARD_READER.slug));
      expect(sim.tapCard([0x04, 0xa3, 0x2b, 0x1c])).toBe(true);
      await until("the tap", () => taps.length === 1);
      expect(taps).toEqual(["04A32B1C"]);
      expect(hub.live(readerId).lastTap?.uid).toBe("04A32B1C");
    } finally {
      await hub.stop();
    }
  });
});

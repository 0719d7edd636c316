import { openTestCore, type TestCore } from "@mostrador/desktop/appliance/test-core";
import { createDevice } from "../devices/devices.js";
import { GatewayBus } from "../gateway-events.js";
import type { GatewayLink } from "../gateway.js";
import { RelayController } from "../relays/relay-controller.js";
import { RuleEngine } from "./rule-engine.js";

export type { TestCore };

/** A test shop with a fridge (temperature, door), a freezer and an irrigation node (soil moisture, valve relay). */
export function openIotCore(core: TestCore = openTestCore()) {
  const fridge = createDevice(core, {
    slug: "heladera",
    name: "Heladera",
    sensors: [
      { key: "temperature", kind: "temperature" },
      { key: "door", kind: "door" },
      { key: "power", kind: "power" },
    ],
  }).device;
  const riego = createDevice(core, {
    slug: "riego",
    name: "Riego",
    sensors: [{ key: "soil_moisture", kind: "soil_moisture" }],
    relays: [{ key: "valve", name: "Válvula", maxOnSeconds: 1800 }],
  }).device;
  return { core, fridge, riego };
}

/** Everything published, in order: the recording publish function the relay controller is given. */
export function recordingPublish() {
  const sent: { topic: string; payload: string }[] = [];
  return { sent, publish: (topic: string, payload: string) => void sent.push({ topic, payload }) };
}

/** A relay controller and rule engine over `core`, as the gateway would run them (ticks by hand). */
export function startRuntime(core: TestCore, link?: GatewayLink) {
  const bus = new GatewayBus();
  const rec = recordingPublish();
  const relays = new RelayController(core, rec.publish);
  if (link) link.relays = relays;
  const engine = new RuleEngine(core, relays);
  engine.load();
  const offs = [
    bus.on("reading", (r) =>
      engine.handle(r.deviceId, { type: "reading", key: r.key, value: r.value, at: r.at }),
    ),
    bus.on("device.online", (e) => engine.handle(e.deviceId, { type: "online", at: e.at })),
    bus.on("device.offline", (e) => engine.handle(e.deviceId, { type: "offline", at: e.at })),
    bus.on("relay.state", (e) => relays.onState(e)),
    core.bus.on("alarm.changed", (c) => {
      if (c.status === "cleared" && c.ruleId) engine.forgetActive(c.ruleId);
    }),
  ];
  const now = () => core.clock.now().getTime();
  return {
    bus,
    relays,
    engine,
    sent: rec.sent,
    now,
    tick() {
      relays.tick();
      engine.tick();
    },
    /** Advances the manual clock second by second, ticking like the production timer. */
    run(seconds: number) {
      for (let i = 0; i < seconds; i++) {
        core.clock.advance(1000);
        relays.tick();
        engine.tick();
      }
    },
    stop() {
      for (const off of offs) off();
      engine.flush();
      if (link?.relays === relays) link.relays = null;
    },
  };
}

import { HA_STATUS_TOPIC } from "@mostrador/contracts/mqtt/home-assistant";
import { parseStatus, STATUS_ONLINE } from "@mostrador/contracts/mqtt/status";
import type { AedesPublishPacket } from "aedes";
import { getSettings } from "@mostrador/kernel/shop/settings";
import { listDevices } from "../devices/devices.js";
import type { GatewayExtension, GatewayHandle } from "../extension.js";
import { discoveryMessages } from "./discovery-config.js";

const defaultLog = (message: string, err?: unknown) => console.error(`[discovery] ${message}`, err ?? "");

/**
 * Home Assistant MQTT discovery, on while the shop setting `homeAssistantDiscovery` is true: a retained
 * config per sensor and relay of every active device; an empty retained payload removes an entity (a
 * device deactivated, a sensor dropped, the setting turned off). Everything is announced again when HA
 * publishes "online" on homeassistant/status (it restarted and may have lost its entities).
 */
export function createDiscoveryExtension(
  g: GatewayHandle,
  log: (message: string, err?: unknown) => void = defaultLog,
): GatewayExtension {
  const { ctx } = g;
  /** topic → payload this gateway has retained now; what to diff against and what to remove. */
  const announced = new Map<string, string>();
  const offs: (() => void)[] = [];
  // Syncs run one after another: an empty payload must never overtake the config it removes.
  let queue: Promise<void> = Promise.resolve();

  function wanted(): Map<string, string> {
    const next = new Map<string, string>();
    if (!getSettings(ctx.db).homeAssistantDiscovery) return next;
    for (const device of listDevices(ctx)) {
      if (!device.active) continue;
      for (const m of discoveryMessages(device)) next.set(m.topic, m.payload);
    }
    return next;
  }

  async function syncNow(force: boolean): Promise<void> {
    const next = wanted();
    for (const [topic, payload] of next) {
      if (!force && announced.get(topic) === payload) continue;
      await g.publishInternal(topic, payload, { retain: true, qos: 1 });
      announced.set(topic, payload);
    }
    for (const topic of [...announced.keys()]) {
      if (next.has(topic)) continue;
      await g.publishInternal(topic, "", { retain: true, qos: 1 });
      announced.delete(topic);
    }
  }

  const sync = (force = false) => {
    queue = queue.then(() => syncNow(force)).catch((err) => log("could not publish discovery", err));
    return queue;
  };

  // In-process subscription as the appliance (no socket): bypasses the client hooks, like publishInternal.
  const onHaStatus = (packet: AedesPublishPacket, done: () => void) => {
    const status = parseStatus(packet.payload);
    if (status.ok && status.value === STATUS_ONLINE) void sync(true);
    done();
  };

  return {
    name: "discovery",
    async start() {
      offs.push(ctx.bus.on("devices.changed", () => void sync()));
      offs.push(
        ctx.bus.on("settings.changed", ({ keys }) => {
          if (keys.includes("homeAssistantDiscovery")) void sync();
        }),
      );
      const { broker } = g;
      await new Promise<void>((resolve) => broker.subscribe(HA_STATUS_TOPIC, onHaStatus, () => resolve()));
      offs.push(() => broker.unsubscribe(HA_STATUS_TOPIC, onHaStatus, () => {}));
      // The broker keeps retained messages in memory, so every boot starts with none: this first sync
      // announces the current truth (each active device while the setting is on, nothing at all while
      // off). Configs of devices deactivated or gone meanwhile are simply never re-announced.
      await sync();
    },
    async stop() {
      for (const off of offs.splice(0)) off();
      // Retained configs stay on purpose: a gateway restart must not make HA forget the shop's entities.
      await queue;
    },
  };
}

/**
 * A function declaration, not a const: this module and gateway.ts import each other (through extensions.ts),
 * and a hoisted function is defined before extensions.ts builds its list whichever module loads first.
 */
export function discoveryExtension(g: GatewayHandle): GatewayExtension {
  return createDiscoveryExtension(g);
}

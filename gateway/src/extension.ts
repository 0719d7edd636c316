import type { ModuleManifest } from "@mostrador/kernel/core/module";
import type { Ctx } from "@mostrador/kernel/core/context";
import type { MqttBroker } from "./broker/broker.js";
import type { DeviceCache } from "./devices/device-cache.js";
import type { GatewayBus } from "./gateway-events.js";
import type { RelayController } from "./relays/relay-controller.js";

/** What an extension gets: the appliance core, the gateway's events and a way to publish as the appliance. */
export interface GatewayHandle {
  ctx: Ctx;
  bus: GatewayBus;
  /** The registry in memory (refreshed on every registry write); never query SQLite per message. */
  devices: DeviceCache;
  /** The broker's TCP port, already listening (an in-process client such as the simulator connects here). */
  port: number;
  /** The Aedes broker, to subscribe in-process (discovery hears Home Assistant's birth message). */
  broker: MqttBroker["aedes"];
  /** The relay controller once the relays extension started (the rules and Home Assistant's commands use it). */
  relays(): RelayController | null;
  provideRelays(controller: RelayController | null): void;
  publishInternal(
    topic: string,
    payload: string | Buffer,
    options?: { retain?: boolean; qos?: 0 | 1 },
  ): Promise<void>;
}

/**
 * A piece of the gateway that reacts to its events (zigbee2mqtt's extension model): telemetry, rules,
 * relays, discovery, the simulator. start() runs after the broker listens; stop() before it closes.
 * A failing extension is logged and skipped; it never takes the broker or the other extensions down.
 */
export interface GatewayExtension {
  name: string;
  start(): void | Promise<void>;
  stop(): void | Promise<void>;
}

export type GatewayExtensionFactory = (gateway: GatewayHandle) => GatewayExtension;

/**
 * One of the gateway's modules (devices, telemetry, relays, rules, alarms, discovery, simulator): an
 * appliance module whose background work, if any, is an extension the gateway starts once its broker
 * listens (gateway-module.ts). Each exports one from its own folder (`module.ts`).
 */
export interface GatewayModule extends ModuleManifest {
  extension?: GatewayExtensionFactory;
  start?: never;
}

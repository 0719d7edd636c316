import { DomainError } from "@mostrador/kernel/core/errors";
import type { FastifyInstance } from "fastify";
import type { Ctx } from "@mostrador/kernel/core/context";
import { type MqttBroker, startBroker } from "./broker/broker.js";
import { type ConnectRateLimit, DEFAULT_CONNECT_RATE } from "./broker/connect-rate.js";
import type { GatewayStatsSnapshot } from "./broker/gateway-stats.js";
import { registerMqttWebSocket } from "./broker/websocket.js";
import { DeviceCache } from "./devices/device-cache.js";
import { markAllDevicesOffline } from "./devices/device-presence.js";
import type { GatewayExtension, GatewayExtensionFactory, GatewayHandle } from "./extension.js";
import { gatewayExtensions } from "./extensions.js";
import { GatewayBus } from "./gateway-events.js";
import type { RelayController } from "./relays/relay-controller.js";

export interface GatewayConfig {
  /** MQTT over TCP for ESP32 nodes (MOSTRADOR_MQTT_PORT, default 1883; 0 in tests). */
  mqttPort: number;
  /** MOSTRADOR_MQTT_HOST, default 0.0.0.0 (the shop LAN). */
  mqttHost: string;
  /** Largest payload a device may publish, bytes (default 1024). */
  maxPayloadBytes?: number;
  connectRate?: ConnectRateLimit;
  /** How often last-seen times are written to SQLite (default 60 s). */
  lastSeenFlushMs?: number;
  /** Defaults to the appliance's list (extensions.ts); tests pass their own. */
  extensions?: GatewayExtensionFactory[];
  /** Filled with the running gateway until it stops, for the routes given the same link. */
  link?: GatewayLink;
  log?: (message: string, err?: unknown) => void;
}

export interface RunningGateway {
  broker: MqttBroker["aedes"];
  bus: GatewayBus;
  devices: DeviceCache;
  /** The TCP port the broker listens on. */
  port: number;
  internalCredentials: MqttBroker["internal"];
  publishInternal: GatewayHandle["publishInternal"];
  stats(): GatewayStatsSnapshot;
  /** The relay controller, once the relays extension started; null without it. */
  relays(): RelayController | null;
  stop(): Promise<void>;
}

/**
 * The gateway as its routes see it. They are mounted before it starts, it may not start at all (MQTT port
 * taken) and it stops before the server does: null then. Made at composition (appliance/modules.ts) and
 * handed to both the routes and startGateway, so nothing looks the running gateway up beside the bus.
 */
export interface GatewayLink {
  gateway: RunningGateway | null;
  /** The relay controller while the relays extension runs (POST /api/devices/:id/relays/:key). */
  relays: RelayController | null;
}

export const gatewayLink = (): GatewayLink => ({ gateway: null, relays: null });

/** The running gateway, or a 503 "gateway_not_running" for the route that needs it. */
export function runningGateway(
  link: GatewayLink,
  message = "El gateway de sensores no está en marcha",
): RunningGateway {
  if (!link.gateway) throw new DomainError("unavailable", "gateway_not_running", message);
  return link.gateway;
}

export const DEFAULT_MAX_PAYLOAD_BYTES = 1024;
const defaultLog = (message: string, err?: unknown) => console.error(`[gateway] ${message}`, err ?? "");

/**
 * Starts the broker, the device cache and the extensions. With `app`, MQTT over WebSocket is also served
 * on the appliance's HTTP server at /mqtt (call before app.listen()).
 */
export async function startGateway(
  ctx: Ctx,
  config: GatewayConfig,
  app?: FastifyInstance,
): Promise<RunningGateway> {
  const log = config.log ?? defaultLog;
  markAllDevicesOffline(ctx.db);
  const bus = new GatewayBus();
  const devices = new DeviceCache(ctx);
  let relays: RelayController | null = null;
  const broker = await startBroker(ctx, bus, devices, {
    relays: () => relays,
    port: config.mqttPort,
    host: config.mqttHost,
    maxPayloadBytes: config.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES,
    connectRate: config.connectRate ?? DEFAULT_CONNECT_RATE,
    log,
  });
  if (app) registerMqttWebSocket(app, broker);
  const flushTimer = setInterval(() => {
    try {
      broker.ingest.flush();
    } catch (err) {
      log("last-seen flush failed", err);
    }
  }, config.lastSeenFlushMs ?? 60_000);
  flushTimer.unref();

  const handle: GatewayHandle = {
    ctx,
    bus,
    devices,
    port: broker.port,
    broker: broker.aedes,
    publishInternal: broker.publish,
    relays: () => relays,
    provideRelays(controller) {
      relays = controller;
      if (config.link) config.link.relays = controller;
    },
  };
  const started: GatewayExtension[] = [];
  let stopping: Promise<void> | null = null;
  const gateway: RunningGateway = {
    broker: broker.aedes,
    bus,
    devices,
    port: broker.port,
    internalCredentials: broker.internal,
    publishInternal: broker.publish,
    stats: broker.stats,
    relays: () => relays,
    stop() {
      stopping ??= (async () => {
        for (const extension of [...started].reverse()) {
          try {
            await extension.stop();
          } catch (err) {
            log(`extension ${extension.name} failed to stop`, err);
          }
        }
        clearInterval(flushTimer);
        await broker.close();
        devices.close();
        markAllDevicesOffline(ctx.db);
        if (config.link?.gateway === gateway) config.link.gateway = null;
      })();
      return stopping;
    },
  };
  // Linked before the extensions start: a route answering meanwhile sees the broker already listening.
  if (config.link) config.link.gateway = gateway;

  for (const factory of config.extensions ?? gatewayExtensions) {
    try {
      const extension = factory(handle);
      try {
        await extension.start();
        started.push(extension);
      } catch (err) {
        log(`extension ${extension.name} failed to start`, err);
      }
    } catch (err) {
      log("an extension failed to build", err);
    }
  }
  return gateway;
}

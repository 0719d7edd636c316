import type { FastifyInstance } from "fastify";
import type { Ctx } from "../../desktop/src/core/context.js";
import type { Db } from "../../desktop/src/db/open.js";
import { type MqttBroker, startBroker } from "./broker/broker.js";
import { type ConnectRateLimit, DEFAULT_CONNECT_RATE } from "./broker/connect-rate.js";
import type { GatewayStatsSnapshot } from "./broker/gateway-stats.js";
import { registerMqttWebSocket } from "./broker/websocket.js";
import { DeviceCache } from "./devices/device-cache.js";
import { markAllDevicesOffline } from "./devices/device-presence.js";
import {
  type GatewayExtension,
  type GatewayExtensionFactory,
  type GatewayHandle,
  gatewayExtensions,
} from "./extensions.js";
import { GatewayBus } from "./gateway-events.js";

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
  stop(): Promise<void>;
}

export const DEFAULT_MAX_PAYLOAD_BYTES = 1024;
const running = new WeakMap<Db, RunningGateway>();

/** The gateway running on this appliance's database, for the API's stats route; undefined when none runs. */
export function gatewayFor(ctx: Pick<Ctx, "db">): RunningGateway | undefined {
  return running.get(ctx.db);
}

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
  const devices = new DeviceCache(ctx.db);
  const broker = await startBroker(ctx, bus, devices, {
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

  const handle: GatewayHandle = { ctx, bus, devices, port: broker.port, publishInternal: broker.publish };
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
        running.delete(ctx.db);
      })();
      return stopping;
    },
  };
  // Registered before the extensions start, so one may look the running gateway up from its ctx.
  running.set(ctx.db, gateway);

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

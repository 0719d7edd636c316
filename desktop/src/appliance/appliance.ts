import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { type Api, buildServer } from "@mostrador/kernel/api/server";
import type { RunningGateway } from "@mostrador/gateway/gateway";
import type { Clock, Ctx } from "@mostrador/kernel/core/context";
import { eventsOf, routesOf, startModules } from "@mostrador/kernel/core/module";
import { isEmptyShop, seedDemoShop } from "../seed/demo-shop.js";
import { type ApplianceConfig, defaultMqttPort } from "./config.js";
import { SECRETS_KEY_FILE } from "../mercadopago/secret-key.js";
import { applianceModules } from "./modules.js";
import { openApplianceCoreWithBackups } from "./open-appliance-core.js";

export const UI_DIST_DIR = fileURLToPath(new URL("../../ui/dist/", import.meta.url));

export interface RunningAppliance {
  ctx: Ctx;
  api: Api;
  /** Base URL of the UI and API on this machine. */
  url: string;
  /** True when this start seeded the demo shop into an empty database. */
  seededDemo: boolean;
  /**
   * The IoT gateway: MQTT broker on TCP (gateway.port) and on the API's WebSocket at /mqtt. Null when it
   * could not start (port 1883 taken by another broker, say): the till must keep selling without sensors.
   */
  gateway: RunningGateway | null;
  close(): Promise<void>;
}

export interface ApplianceHooks {
  /**
   * The appliance closed and started again on its own (a restore from Ajustes is applied while it is closed):
   * `next` replaces the instance the caller held. Without it the restart still happens.
   */
  onRestarted?(next: RunningAppliance): void;
  /** The shop's clock; the system's when absent. End-to-end tests move it to reach the next day. */
  clock?: Clock;
}

/**
 * Starts the edge core and the local API in this process. Used by `npm start` (headless)
 * and by the Electron main process, which then opens a window on `url`.
 */
export async function startAppliance(
  config: ApplianceConfig,
  hooks: ApplianceHooks = {},
): Promise<RunningAppliance> {
  const log = (m: string, err?: unknown) => console.error(m, err ?? "");
  const ctx = await openApplianceCoreWithBackups(config.dataDir, log, hooks.clock);
  let self: RunningAppliance | null = null;
  // Close everything (timers, sockets, the database), then start again: the staged restore is applied in between.
  const requestRestart = () => {
    void (async () => {
      try {
        await self?.close();
        const next = await startAppliance(config, hooks);
        hooks.onRestarted?.(next);
      } catch (err) {
        log("no se pudo reiniciar el equipo", err);
      }
    })();
  };
  const seededDemo = config.seedDemo && isEmptyShop(ctx);
  if (seededDemo) seedDemoShop(ctx);
  const mqttPort = config.mqttPort ?? defaultMqttPort(config.port);
  const { modules, gateway } = applianceModules({
    mqttPort,
    mqttHost: config.mqttHost ?? config.host,
    simulator: config.simulator === true,
    sync: config.sync === true,
    requestRestart,
    secretsKeyFile: join(config.dataDir, SECRETS_KEY_FILE),
  });
  const api = await buildServer(ctx, {
    uiDir: UI_DIST_DIR,
    routes: routesOf(modules),
    events: eventsOf(modules),
  });
  // Before listen: the gateway adds its /mqtt WebSocket route to the API server. Sync idles until the
  // appliance is enrolled in a cloud.
  const running = await startModules({ ctx, api, log }, modules);
  try {
    await api.listen({ host: config.host, port: config.port });
  } catch (err) {
    await running.stop();
    throw err;
  }
  const address = api.server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  self = {
    ctx,
    api,
    url: `http://127.0.0.1:${port}`,
    seededDemo,
    gateway: gateway.running(),
    async close() {
      await running.stop();
      await api.close();
      ctx.db.close();
    },
  };
  return self;
}

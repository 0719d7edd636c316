import { fileURLToPath } from "node:url";
import { type Api, buildServer } from "../api/server.js";
import type { Ctx } from "../core/context.js";
import { openCore } from "../core/open-core.js";
import { isEmptyShop, seedDemoShop } from "../seed/demo-shop.js";
import { gatewayExtensions } from "../../../gateway/src/extensions.js";
import { type RunningGateway, startGateway } from "../../../gateway/src/gateway.js";
import { simulatorExtension } from "../../../gateway/src/simulator/simulator-extension.js";
import { startSync } from "../../../sync/src/sync-runner.js";
import { type ApplianceConfig, defaultMqttPort } from "./config.js";

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

/**
 * Starts the edge core and the local API in this process. Used by `npm start` (headless)
 * and by the Electron main process, which then opens a window on `url`.
 */
export async function startAppliance(config: ApplianceConfig): Promise<RunningAppliance> {
  const ctx = openCore(config.dataDir);
  const seededDemo = config.seedDemo && isEmptyShop(ctx);
  if (seededDemo) seedDemoShop(ctx);
  const api = await buildServer(ctx, { uiDir: UI_DIST_DIR });
  // Before listen: the gateway adds its /mqtt WebSocket route to the API server.
  const mqttPort = config.mqttPort ?? defaultMqttPort(config.port);
  let gateway: RunningGateway | null = null;
  try {
    const extensions = config.simulator
      ? gatewayExtensions
      : gatewayExtensions.filter((e) => e !== simulatorExtension);
    gateway = await startGateway(
      ctx,
      { mqttPort, mqttHost: config.mqttHost ?? config.host, extensions },
      api,
    );
  } catch (err) {
    console.error(
      `El gateway de sensores no pudo iniciar (MQTT puerto ${mqttPort}); la caja sigue funcionando:`,
      err,
    );
  }
  try {
    await api.listen({ host: config.host, port: config.port });
  } catch (err) {
    await gateway?.stop();
    throw err;
  }
  // Upload and download run beside the till and idle until the appliance is enrolled in a cloud.
  const sync = config.sync ? startSync(ctx) : null;
  const address = api.server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  return {
    ctx,
    api,
    url: `http://127.0.0.1:${port}`,
    seededDemo,
    gateway,
    async close() {
      await sync?.stop();
      await gateway?.stop();
      await api.close();
      ctx.db.close();
    },
  };
}

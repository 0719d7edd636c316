import { fileURLToPath } from "node:url";
import { type Api, buildServer } from "../api/server.js";
import type { Ctx } from "../core/context.js";
import { openCore } from "../core/open-core.js";
import { isEmptyShop, seedDemoShop } from "../seed/demo-shop.js";
import type { ApplianceConfig } from "./config.js";

export const UI_DIST_DIR = fileURLToPath(new URL("../../ui/dist/", import.meta.url));

export interface RunningAppliance {
  ctx: Ctx;
  api: Api;
  /** Base URL of the UI and API on this machine. */
  url: string;
  /** True when this start seeded the demo shop into an empty database. */
  seededDemo: boolean;
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
  await api.listen({ host: config.host, port: config.port });
  const address = api.server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  return {
    ctx,
    api,
    url: `http://127.0.0.1:${port}`,
    seededDemo,
    async close() {
      await api.close();
      ctx.db.close();
    },
  };
}

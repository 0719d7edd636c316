import { fileURLToPath } from "node:url";
import type { CloudModule, RunningCloudModule } from "../core/module.js";
import { runEvery } from "../core/periodic.js";
import type { ChannelsConfig } from "./config.js";
import { channelsPublicRoutes, channelsRoutes } from "./routes.js";
import { runChannelsPass } from "./worker.js";
import { onlineOrderProjection } from "./fulfilment.js";

/** The channels module plus its config (tests drive `runChannelsPass` with it). */
export interface ChannelsModule extends CloudModule {
  config: ChannelsConfig;
}

/**
 * Online channels (README.md beside this file): Tiendanube and Mercado Libre connected by OAuth, products
 * linked to listings, stock and price pushed through a PostgreSQL outbox, orders pulled by webhook and
 * sent down to the store's appliances as "pedidos online".
 */
export function createChannelsModule(config: ChannelsConfig): ChannelsModule {
  return {
    name: "channels",
    config,
    migrations: fileURLToPath(new URL("./migrations/", import.meta.url)),
    routes: [channelsPublicRoutes(config), channelsRoutes(config)],
    projections: { online_order: onlineOrderProjection },
    start(kernel): RunningCloudModule {
      const worker = runEvery(
        config.pollMs,
        async () => {
          await runChannelsPass(kernel.sql, config, kernel.clock, kernel.log);
        },
        (err) => kernel.log("channels: falló una pasada del envío a los canales", err),
      );
      return { stop: () => worker.stop() };
    },
  };
}

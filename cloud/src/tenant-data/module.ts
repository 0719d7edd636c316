import { fileURLToPath } from "node:url";
import type { CloudModule } from "../core/module.js";
import { eraseDueTenants } from "./closing.js";
import type { TenantDataConfig } from "./config.js";
import { tenantDataRoutes } from "./routes.js";

/**
 * The tenant's own data (README.md beside this file): the export, closing the account with a notice
 * period, and the job that erases a closed tenant once it is over.
 */
export function createTenantDataModule(config: TenantDataConfig): CloudModule {
  return {
    name: "tenant-data",
    migrations: fileURLToPath(new URL("./migrations/", import.meta.url)),
    routes: [tenantDataRoutes(config)],
    start({ sql, clock, log }) {
      let running: Promise<unknown> = Promise.resolve();
      const run = () => {
        running = eraseDueTenants(sql, clock.now(), log).catch((err: unknown) =>
          log("tenant-data: la pasada de borrado falló", err),
        );
      };
      run();
      const timer = setInterval(run, config.eraseEveryMs);
      return {
        async stop() {
          clearInterval(timer);
          await running;
        },
      };
    },
  };
}

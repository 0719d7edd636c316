import { migrationsBeside, type ModuleManifest } from "@mostrador/kernel/core/module";
import { allowanceRoutes } from "./download/allowance-routes.js";
import { startSync } from "./sync-runner.js";
import { syncRoutes } from "./upload/routes.js";

/**
 * Sync: upload from the outbox and download of the cloud's shapes. Its routes (enrollment, the till's
 * indicator) are always mounted; with `run` false (MOSTRADOR_SYNC=0) nothing is uploaded or downloaded.
 */
export function syncModule(options: { run: boolean }): ModuleManifest {
  return {
    name: "sync",
    // Upload's outbox bookkeeping (0009) and download's shape state (0010), each beside its code.
    migrations: [
      migrationsBeside(new URL("./upload/", import.meta.url).href),
      migrationsBeside(new URL("./download/", import.meta.url).href),
    ],
    routes: [syncRoutes, allowanceRoutes],
    start: options.run ? ({ ctx }) => startSync(ctx) : undefined,
  };
}

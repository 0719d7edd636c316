import { fileURLToPath } from "node:url";
import type { CloudModule, RunningCloudModule } from "../core/module.js";
import { runEvery } from "../core/periodic.js";
import { recountAllDirtyDays } from "./maintain.js";
import { analyticsRoutes } from "./routes.js";

/** How often the worker recounts the days the ingest noted (the Análisis screen recounts before reading). */
const RECOUNT_EVERY_MS = 5_000;

/**
 * The owner's analytics (issue 19): pre-aggregated sales whose days the ingest notes in its own
 * transaction and this module's worker recounts (`maintain.ts`, migrations 0039 and 0041), and the
 * Análisis screen's API over them (`/v1/analytics/*`).
 */
export const analyticsModule: CloudModule = {
  name: "analytics",
  migrations: fileURLToPath(new URL("./migrations/", import.meta.url)),
  routes: [analyticsRoutes],
  start(kernel): RunningCloudModule {
    const job = runEvery(
      RECOUNT_EVERY_MS,
      async () => {
        await recountAllDirtyDays(kernel.sql);
      },
      (err) => kernel.log("análisis: el recuento de días falló", err),
    );
    return { stop: () => job.stop() };
  },
};

import { fileURLToPath } from "node:url";
import type { CloudModule, RunningCloudModule } from "../core/module.js";
import { runEvery } from "../core/periodic.js";
import { recountAllDirtyDays, RecountSpacing } from "./maintain.js";
import { sendDueMonthlySummaries } from "./monthly-summary.js";
import { analyticsRoutes } from "./routes.js";

/** How often the worker looks for days to recount (the Análisis screen recounts before reading). */
const RECOUNT_EVERY_MS = 5_000;
/** One tenant's days are recounted at most once a minute by the worker (maintain.ts, RecountSpacing). */
const RECOUNT_GAP_MS = 60_000;
/** How often the monthly summary job looks for tenants whose month has turned (one cheap lookup). */
const SUMMARIES_EVERY_MS = 10 * 60_000;

/**
 * The owner's analytics (issue 19): pre-aggregated sales whose days the ingest notes in its own
 * transaction and this module's worker recounts (`maintain.ts`, migrations 0039 and 0041), and the
 * Análisis screen's API over them (`/v1/analytics/*`), with the cards and turnos figures where the plan
 * has those modules on, and the monthly summary PDF mailed to the owner on the 1st (migration 0045).
 */
export const analyticsModule: CloudModule = {
  name: "analytics",
  migrations: fileURLToPath(new URL("./migrations/", import.meta.url)),
  routes: [analyticsRoutes],
  start(kernel): RunningCloudModule {
    const spacing = new RecountSpacing(RECOUNT_GAP_MS);
    const job = runEvery(
      RECOUNT_EVERY_MS,
      async () => {
        await recountAllDirtyDays(kernel.sql, spacing);
      },
      (err) => kernel.log("análisis: el recuento de días falló", err),
    );
    const summaries = runEvery(
      SUMMARIES_EVERY_MS,
      () => sendDueMonthlySummaries(kernel.sql, kernel.clock, kernel.log),
      (err) => kernel.log("análisis: el resumen mensual falló", err),
    );
    return { stop: async () => void (await Promise.all([job.stop(), summaries.stop()])) };
  },
};

import type { CloudModule, RunningCloudModule } from "../core/module.js";
import { runEvery } from "../core/periodic.js";
import { retentionPolicyFromEnv, type RetentionPolicy } from "./policy.js";
import { runRetention } from "./run-retention.js";

/**
 * Growth: on start and then every `everyMs`, trims the shape log and forgets old applied ops
 * (run-retention.ts), configured from the environment (policy.ts). No migrations of its own (cloud 0020 is in db/migrations, beside the tables).
 */
export function createRetentionModule(configured?: RetentionPolicy): CloudModule {
  return {
    name: "retention",
    start(kernel): RunningCloudModule {
      // Read at start, not at import: a bad value stops the start with its reason.
      const policy = configured ?? retentionPolicyFromEnv();
      const job = runEvery(
        policy.everyMs,
        async () => {
          const run = await runRetention(kernel.sql, kernel.clock, policy);
          if (run.deferred.length > 0)
            kernel.log(
              `retención: ${run.deferred.length} organización(es) esperan que el dueño revise cambios de productos entre locales`,
            );
        },
        (err) => kernel.log("retención: la limpieza de registros falló", err),
      );
      return { stop: () => job.stop() };
    },
  };
}

/** The module as the cloud runs it, configured from the environment when it starts. */
export const retentionModule = createRetentionModule();

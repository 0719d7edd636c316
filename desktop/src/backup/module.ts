import { migrationsBeside, type ModuleManifest } from "@mostrador/kernel/core/module";
import { dataDirOf } from "./backup-file.js";
import { holdApplianceLock } from "./appliance-lock.js";
import { startDailyBackups } from "./daily-backups.js";
import { type BackupRoutesOptions, backupRoutes } from "./routes.js";

/**
 * Backups of the shop's database: daily and before every update (desktop/src/appliance/open-appliance-core.ts),
 * to a folder set in Ajustes, with retention; restore from Ajustes (owner, PIN) or restore-cli.ts.
 * Start also holds the data directory's lock, so the restore CLI refuses while the appliance runs.
 */
export function backupModule(options: BackupRoutesOptions = {}): ModuleManifest {
  return {
    name: "backup",
    migrations: [migrationsBeside(import.meta.url)],
    routes: [backupRoutes(options)],
    start(kernel) {
      const release = holdApplianceLock(dataDirOf(kernel.ctx.db));
      const daily = startDailyBackups(kernel.ctx, kernel.log);
      return {
        async stop() {
          await daily.stop();
          release();
        },
      };
    },
  };
}

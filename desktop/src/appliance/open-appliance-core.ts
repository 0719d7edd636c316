import type { Clock, Ctx } from "@mostrador/kernel/core/context";
import { migrationsBeside, migrationsOf, type ModuleManifest } from "@mostrador/kernel/core/module";
import { openCore } from "@mostrador/kernel/core/open-core";
import { KERNEL_MIGRATIONS, loadMigrations, type Migration } from "@mostrador/kernel/db/migrate";
import { prepareDatabaseFile } from "../backup/before-open.js";
import { runPendingMaintenance } from "../maintenance/stored-text.js";
import { applianceModules } from "./modules.js";

/** The appliance's own repairs (0013): one-time fixes across modules, run at start (maintenance/). */
const MAINTENANCE_MIGRATIONS = migrationsBeside(new URL("../maintenance/", import.meta.url).href);

/**
 * Every migrations folder of the appliance: each composed module's and the appliance's repairs. The
 * schema does not depend on the configuration (a shop with sync or the simulator off has their tables).
 */
export function applianceMigrations(
  modules: readonly ModuleManifest[] = applianceModules({
    mqttPort: 0,
    mqttHost: "127.0.0.1",
    simulator: true,
    sync: true,
  }).modules,
): string[] {
  return [...migrationsOf(modules), MAINTENANCE_MIGRATIONS];
}

/** Every migration the appliance applies, the kernel's first, as one numbered sequence. */
export function loadApplianceMigrations(): Migration[] {
  return loadMigrations([KERNEL_MIGRATIONS, ...applianceMigrations()]);
}

/**
 * Opens the shop's database as the appliance runs it: the kernel's and every module's migrations as one
 * sequence, then the one-time repairs it has not had yet.
 */
export function openApplianceCore(dataDir: string, clock?: Clock): Ctx {
  return openCore(dataDir, {
    ...(clock ? { clock } : {}),
    migrations: applianceMigrations(),
    afterMigrate: runPendingMaintenance,
  });
}

/**
 * The appliance's start: a restore staged from Ajustes is swapped in and, when an update brings migrations,
 * the database is backed up (desktop/src/backup/before-open.ts) — both while it is closed — then it is opened.
 */
export async function openApplianceCoreWithBackups(
  dataDir: string,
  log: (message: string, err?: unknown) => void,
  clock?: Clock,
): Promise<Ctx> {
  await prepareDatabaseFile(
    dataDir,
    loadApplianceMigrations(),
    (clock ?? { now: () => new Date() }).now(),
    log,
  );
  return openApplianceCore(dataDir, clock);
}

import { openTestCore as openKernelTestCore, type TestCore } from "@mostrador/kernel/core/test-context";
import { runPendingMaintenance } from "../maintenance/stored-text.js";
import { applianceMigrations } from "./open-appliance-core.js";

export { ManualClock, type TestCore } from "@mostrador/kernel/core/test-context";
// Module tests read refusals with the contracts' helper through this one test entry point.
export { refusal } from "@mostrador/contracts/test-refusal";

/**
 * A real SQLite file with every module's tables, as the appliance migrates it, and a manual clock:
 * what module tests (desktop's, the gateway's, sync's) run against. Call close() in afterEach.
 */
export function openTestCore(): TestCore {
  return openKernelTestCore({ migrations: applianceMigrations(), afterMigrate: runPendingMaintenance });
}

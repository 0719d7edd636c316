import { openTestCore as openKernelTestCore, type TestCore } from "@mostrador/kernel/core/test-context";
import { runPendingMaintenance } from "../maintenance/stored-text.js";
import { applianceMigrationFolders } from "./migration-folders.js";
// The modules that ride on every sale register their sale hooks from their manifest files: imported here,
// in the composition's order, so a module test's sales behave as the appliance's (migrations.test.ts
// checks that every manifest that registers hooks is here).
import "../accounts/module.js";
import "../loyalty/module.js";
import "../cards/module.js";
import "../invoicing/module.js";
import "../mercadopago/module.js";
import "../turnos/module.js";

export { ManualClock, type TestCore } from "@mostrador/kernel/core/test-context";
// Module tests read refusals with the contracts' helper through this one test entry point.
export { refusal } from "@mostrador/contracts/test-refusal";

/**
 * A real SQLite file with every module's tables, as the appliance migrates it, and a manual clock:
 * what module tests (desktop's, the gateway's, sync's) run against. Call close() in afterEach. Imports
 * only the modules with sale hooks, not the whole appliance (migration-folders.ts names every module's
 * migrations), which took seconds per test file.
 */
export function openTestCore(): TestCore {
  return openKernelTestCore({ migrations: applianceMigrationFolders(), afterMigrate: runPendingMaintenance });
}

import type { ModuleManifest } from "@mostrador/kernel/core/module";
import type { CloudAsker } from "./ask-cloud.js";
import { allowancesRoutes } from "./routes.js";

/**
 * Allowances: the till asks the cloud for more of a customer's credit or points when a sale needs more
 * than this store holds (README.md beside this file). The accounts module owns the allowance ledger;
 * this one only asks, through `askCloud` (sync's client, handed in by desktop/src/appliance/modules.ts).
 */
export function allowancesModule(options: { askCloud: CloudAsker; timeoutMs?: number }): ModuleManifest {
  return { name: "allowances", routes: [allowancesRoutes(options.askCloud, options.timeoutMs)] };
}

import { fileURLToPath } from "node:url";

/**
 * Every migrations folder of the appliance, as the composed modules declare them (applianceMigrations() in
 * open-appliance-core.ts), but named without importing the modules: a module test's database (test-core.ts)
 * then does not load the whole appliance (its routes, the MQTT broker, Mercado Pago's client...), which
 * took seconds per test file. migrations.test.ts fails when this list and the composition differ.
 */
const FOLDERS = [
  "../accounts/migrations/",
  "../backup/migrations/",
  "../bar/migrations/",
  "../card-readers/migrations/",
  "../cards/migrations/",
  "../cash/migrations/",
  "../catalog/migrations/",
  "../customers/migrations/",
  "../invoicing/migrations/",
  "../maintenance/migrations/",
  "../mercadopago/migrations/",
  "../online-orders/migrations/",
  "../pos/migrations/",
  "../purchasing/migrations/",
  "../stock/migrations/",
  "../turnos/migrations/",
  "../../../gateway/src/alarms/migrations/",
  "../../../gateway/src/devices/migrations/",
  "../../../gateway/src/discovery/migrations/",
  "../../../gateway/src/rules/migrations/",
  "../../../gateway/src/telemetry/migrations/",
  "../../../sync/src/download/migrations/",
  "../../../sync/src/upload/migrations/",
];

export function applianceMigrationFolders(): string[] {
  return FOLDERS.map((folder) => fileURLToPath(new URL(folder, import.meta.url)));
}

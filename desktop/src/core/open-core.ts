import { join } from "node:path";
import { migrate } from "../db/migrate.js";
import { openDatabase } from "../db/open.js";
import { runPendingMaintenance } from "../maintenance/stored-text.js";
import { type Clock, type Ctx, systemClock } from "./context.js";
import { EventBus } from "./events.js";

export const DATABASE_FILE = "mostrador.sqlite";

/**
 * Opens (creating if needed) the appliance database in `dataDir`, migrates it, runs any one-time
 * repair it has not had yet, and wires the context.
 */
export function openCore(dataDir: string, clock: Clock = systemClock): Ctx {
  const db = openDatabase(join(dataDir, DATABASE_FILE));
  migrate(db);
  const ctx = { db, clock, bus: new EventBus() };
  runPendingMaintenance(ctx);
  return ctx;
}

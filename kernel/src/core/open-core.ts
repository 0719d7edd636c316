import { join } from "node:path";
import { KERNEL_MIGRATIONS, loadMigrations, migrate } from "../db/migrate.js";
import { openDatabase } from "../db/open.js";
import { type Clock, type Ctx, systemClock } from "./context.js";
import { EventBus } from "./events.js";

export const DATABASE_FILE = "mostrador.sqlite";

export interface OpenCoreOptions {
  clock?: Clock;
  /**
   * The modules' migration folders (their manifests' `migrations`), applied with the kernel's own as one
   * numbered sequence. The appliance passes every module's (desktop/src/appliance/open-appliance-core.ts).
   */
  migrations?: readonly string[];
  /** Runs after the migrations, before anything else touches the data: the appliance's one-time repairs. */
  afterMigrate?(ctx: Ctx): void;
}

/** Opens (creating if needed) the database in `dataDir`, migrates it and wires the context. */
export function openCore(dataDir: string, options: OpenCoreOptions = {}): Ctx {
  const db = openDatabase(join(dataDir, DATABASE_FILE));
  migrate(db, loadMigrations([KERNEL_MIGRATIONS, ...(options.migrations ?? [])]));
  const ctx = { db, clock: options.clock ?? systemClock, bus: new EventBus() };
  options.afterMigrate?.(ctx);
  return ctx;
}

import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Clock, Ctx } from "./context.js";
import { DATABASE_FILE, openCore, type OpenCoreOptions } from "./open-core.js";
import { KERNEL_MIGRATIONS, loadMigrations } from "../db/migrate.js";
import { copyMigratedTemplate } from "../db/test-template.js";

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  #ms: number;
  constructor(start = "2026-11-21T13:00:00.000Z") {
    this.#ms = Date.parse(start);
  }
  now(): Date {
    return new Date(this.#ms);
  }
  nowMs(): number {
    return this.#ms;
  }
  advance(ms: number): void {
    this.#ms += ms;
  }
  set(iso: string): void {
    this.#ms = Date.parse(iso);
  }
}

export interface TestCore extends Ctx {
  clock: ManualClock;
  dataDir: string;
  close(): void;
}

/**
 * A real, migrated SQLite file in a fresh temp folder, with a manual clock. Call close() in afterEach.
 * The kernel's tables only, unless `options` brings modules' migrations and repairs: a module's tests
 * use the appliance's (desktop/src/appliance/test-core.ts), which has every module's tables.
 * The file starts as a copy of the run's migrated template (db/test-template.ts); openCore then checks
 * its migrations against the files as it would a shop's, and the repairs (afterMigrate) run on it.
 */
export function openTestCore(options: Omit<OpenCoreOptions, "clock"> = {}): TestCore {
  const dataDir = mkdtempSync(join(tmpdir(), "mostrador-test-"));
  const clock = new ManualClock();
  const migrations = options.migrations ?? [numbersOutsideTheKernel(dataDir)];
  copyMigratedTemplate(join(dataDir, DATABASE_FILE), loadMigrations([KERNEL_MIGRATIONS, ...migrations]));
  const ctx = openCore(dataDir, { ...options, migrations, clock });
  return {
    ...ctx,
    clock,
    dataDir,
    close() {
      ctx.db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The kernel's own migrations are not consecutive (0001, then 0016: the numbers between belong to modules),
 * and the runner refuses a gap. A kernel-only test database gets an empty migration for each number the
 * kernel does not own, in a folder inside its own temp folder; a shop's database never sees these.
 */
function numbersOutsideTheKernel(dataDir: string): string {
  const owned = new Set(
    readdirSync(KERNEL_MIGRATIONS)
      .map((name) => /^(\d{4})_.*\.sql$/.exec(name)?.[1])
      .filter((n): n is string => n !== undefined)
      .map(Number),
  );
  const folder = join(dataDir, "module-numbers");
  mkdirSync(folder);
  for (let n = 1; n < Math.max(...owned); n++) {
    if (!owned.has(n)) writeFileSync(join(folder, `${String(n).padStart(4, "0")}_module.sql`), "SELECT 1;\n");
  }
  return folder;
}

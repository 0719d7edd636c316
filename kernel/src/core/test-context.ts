import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Clock, Ctx } from "./context.js";
import { openCore, type OpenCoreOptions } from "./open-core.js";

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
 */
export function openTestCore(options: Omit<OpenCoreOptions, "clock"> = {}): TestCore {
  const dataDir = mkdtempSync(join(tmpdir(), "mostrador-test-"));
  const clock = new ManualClock();
  const ctx = openCore(dataDir, { ...options, clock });
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

/** The refusal `fn` throws (a DomainError, or a contract's Refusal from pure code such as the cart totals). */
export { refusal } from "@mostrador/contracts/test-refusal";

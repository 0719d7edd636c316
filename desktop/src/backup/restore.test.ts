import { existsSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Ctx } from "@mostrador/kernel/core/context";
import { newId } from "@mostrador/kernel/db/ids";
import { createTerminal } from "@mostrador/kernel/shop/terminals";
import type { Principal } from "@mostrador/kernel/staff/sessions";
import { openApplianceCore } from "../appliance/open-appliance-core.js";
import { openTestCore, type TestCore } from "../appliance/test-core.js";
import { commitSale } from "../pos/sale.js";
import { seedSaleFixture, type SaleFixture } from "../pos/test-fixtures.js";
import { holdApplianceLock } from "./appliance-lock.js";
import { runBackup } from "./backup-service.js";
import { RESTORE_MARKER, applyPendingRestore, restoreFileInto, stageRestore } from "./restore.js";
import { runRestoreCli } from "./restore-cli.js";

let core: TestCore;
let f: SaleFixture;
let reopened: Ctx | null = null;

beforeEach(() => {
  core = openTestCore();
  f = seedSaleFixture(core, createTerminal(core, { code: 1, name: "Caja 1" }));
});
afterEach(() => {
  reopened?.db.close();
  reopened = null;
  core.close();
});

const sell = (ctx: Ctx, who: Principal = f.cashier) =>
  commitSale(ctx, who, {
    id: newId(),
    lines: [{ productId: f.products.gaseosa.id, quantity: 1 }],
    payments: [{ method: "cash", amount: 250_000, tendered: 250_000 }],
  }).sale;

const count = (ctx: Ctx, table: string) =>
  (ctx.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
const highWater = (ctx: Ctx) =>
  (ctx.db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'").get() as { seq: number }).seq;
const KNOWN = () =>
  (core.db.prepare("SELECT max(version) AS v FROM schema_migrations").get() as { v: number }).v;

async function backupFile(): Promise<string> {
  const outcome = await runBackup(core, "manual");
  if (!outcome.file) throw new Error(outcome.error ?? "sin copia");
  return outcome.file;
}

describe("a restore", () => {
  it("brings back the backup's state, keeps a copy of the replaced one, and new ops take seqs past every one used", async () => {
    const kept = sell(core);
    const file = await backupFile();
    sell(core);
    sell(core);
    const usedBefore = highWater(core);
    // As if the catalog's clock had moved on after the backup (a price edited at this till, uploaded).
    core.db.prepare("UPDATE hlc_state SET wall = wall + 5000, counter = 3 WHERE id = 1").run();
    const clockBefore = core.db.prepare("SELECT wall, counter FROM hlc_state").get();
    core.clock.advance(60_000);
    const staged = await stageRestore(core, file);
    expect(staged).toMatchObject({ salesMissingFromBackup: 2, salesAlreadyInCloud: 0 });
    expect(existsSync(join(core.dataDir, "backups", staged.safetyBackup))).toBe(true);
    const known = KNOWN();
    core.db.close();

    expect(applyPendingRestore(core.dataDir, known, core.clock.now())).toBe(true);
    expect(existsSync(join(core.dataDir, RESTORE_MARKER))).toBe(false);
    reopened = openApplianceCore(core.dataDir, core.clock);
    expect(reopened.db.prepare("SELECT id FROM sales").pluck().all()).toEqual([kept.id]);
    // Row for row what the backup holds, in the tables a sale writes.
    const copy = new Database(file, { readonly: true });
    for (const table of [
      "sales",
      "sale_lines",
      "sale_payments",
      "stock_movements",
      "cash_sessions",
      "outbox",
      "audit_log",
    ])
      expect(reopened.db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all()).toEqual(
        copy.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all(),
      );
    copy.close();
    expect(reopened.db.prepare("SELECT seq_floor, sales_lost FROM backup_restores").get()).toEqual({
      seq_floor: usedBefore,
      sales_lost: 2,
    });
    expect(reopened.db.prepare("SELECT wall, counter FROM hlc_state").get()).toEqual(clockBefore);
    // The new epoch: the cloud saw seqs up to usedBefore from this appliance; a new op never reuses one.
    sell(reopened);
    const newest = reopened.db.prepare("SELECT max(seq) AS s FROM outbox").get() as { s: number };
    expect(newest.s).toBeGreaterThan(usedBefore);
  });

  it("onto a lost database still jumps past the seqs the cloud says it applied", async () => {
    const file = await backupFile();
    const known = KNOWN();
    core.db.close();
    const dbFile = join(core.dataDir, "mostrador.sqlite");
    rmSync(dbFile);
    rmSync(`${dbFile}-wal`, { force: true });
    restoreFileInto(dbFile, file, known, core.clock.now(), 500);
    reopened = openApplianceCore(core.dataDir, core.clock);
    expect(highWater(reopened)).toBe(500);
  });

  it("of another shop's backup is refused and nothing changes", async () => {
    const other = openTestCore();
    const outcome = await runBackup(other, "manual");
    other.db.close();
    const e = await stageRestore(core, outcome.file as string).catch((err: unknown) => err);
    other.close();
    expect(e).toMatchObject({ code: "backup_other_shop" });
    expect((e as Error).message).toContain("otro negocio");
    expect(existsSync(join(core.dataDir, RESTORE_MARKER))).toBe(false);
    expect(count(core, "backup_runs")).toBe(0);
  });

  it("of a newer version's backup is refused and nothing changes", async () => {
    const file = await backupFile();
    const db = new Database(file);
    db.prepare(
      "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (999, 'x', 'y', 'z')",
    ).run();
    db.close();
    const e = await stageRestore(core, file).catch((err: unknown) => err);
    expect(e).toMatchObject({ code: "backup_newer_schema" });
    expect((e as Error).message).toContain("versión más nueva");
    expect(existsSync(join(core.dataDir, RESTORE_MARKER))).toBe(false);
  });

  it("whose file changed after it was checked is not applied at the next start: the database stays", async () => {
    const file = await backupFile();
    sell(core);
    await stageRestore(core, file);
    writeFileSync(file, "roto");
    const known = KNOWN();
    core.db.close();
    expect(() => applyPendingRestore(core.dataDir, known, core.clock.now())).toThrow(
      /no es una base de datos/,
    );
    expect(existsSync(join(core.dataDir, RESTORE_MARKER))).toBe(false);
    reopened = openApplianceCore(core.dataDir, core.clock);
    expect(count(reopened, "sales")).toBe(1);
  });
});

describe("the restore command line", () => {
  const env = () => ({ MOSTRADOR_DATA_DIR: core.dataDir });

  it("refuses while the appliance runs", async () => {
    const file = await backupFile();
    const release = holdApplianceLock(core.dataDir);
    try {
      const result = await runRestoreCli([file], env());
      expect(result.code).toBe(1);
      expect(result.lines.join("\n")).toContain("está en marcha");
    } finally {
      release();
    }
  });

  it("refuses a file that is not a database and changes nothing", async () => {
    sell(core);
    core.db.close();
    const junk = join(core.dataDir, "junk.sqlite");
    writeFileSync(junk, "x".repeat(4096));
    const result = await runRestoreCli([junk], env());
    expect(result).toMatchObject({ code: 1 });
    expect(result.lines.join("\n")).toContain("No se restauró nada");
    reopened = openApplianceCore(core.dataDir, core.clock);
    expect(count(reopened, "sales")).toBe(1);
  });

  it("restores a backup with the appliance stopped", async () => {
    const file = await backupFile();
    sell(core);
    core.db.close();
    const result = await runRestoreCli([file], env());
    expect(result.code).toBe(0);
    expect(result.lines.join("\n")).toContain("La copia no tiene 1 ventas");
    reopened = openApplianceCore(core.dataDir, core.clock);
    expect(count(reopened, "sales")).toBe(0);
  });

  it("explains its usage", async () => {
    expect((await runRestoreCli([], env())).code).toBe(2);
  });
});

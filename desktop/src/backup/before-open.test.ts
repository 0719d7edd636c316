import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase } from "@mostrador/kernel/db/open";
import { migrateSqlite } from "@mostrador/platform/migrations/sqlite";
import { loadApplianceMigrations } from "../appliance/open-appliance-core.js";
import { inspectBackupFile } from "./inspect-backup.js";
import { backupBeforeMigration } from "./before-open.js";

let dataDir = "";
const all = loadApplianceMigrations();
const now = new Date("2026-12-07T03:00:00Z");

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), "mostrador-before-open-"));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

/** A shop database left by an older version: every migration but the last `missing`. */
function olderShop(missing: number): void {
  const db = openDatabase(join(dataDir, "mostrador.sqlite"));
  migrateSqlite(db, all.slice(0, all.length - missing));
  db.close();
}

describe("the backup before an update", () => {
  it("is taken when a migration will apply, of the database as it was before it", async () => {
    olderShop(1);
    const file = await backupBeforeMigration(dataDir, all, now);
    expect(file).toMatch(/mostrador-2026-12-07T03-00-00Z-antes-de-actualizar\.sqlite$/);
    expect(inspectBackupFile(file as string).migrations).toBe(all.length - 1);
  });

  it("is not taken when nothing will apply, nor for a new shop", async () => {
    expect(await backupBeforeMigration(dataDir, all, now)).toBeNull();
    olderShop(0);
    expect(await backupBeforeMigration(dataDir, all, now)).toBeNull();
    expect(existsSync(join(dataDir, "backups"))).toBe(false);
  });

  it("falls back to the data directory when the chosen folder is gone (an unplugged disk)", async () => {
    olderShop(0);
    const db = openDatabase(join(dataDir, "mostrador.sqlite"));
    db.prepare("UPDATE backup_settings SET folder = ? WHERE id = 1").run(join(dataDir, "usb"));
    db.prepare("DELETE FROM schema_migrations WHERE version = ?").run(all.length);
    db.close();
    const file = await backupBeforeMigration(dataDir, all, now);
    expect(file?.startsWith(join(dataDir, "backups"))).toBe(true);
  });
});

import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { migrationOf } from "@mostrador/platform/migrations/migrations";
import { afterEach, describe, expect, it } from "vitest";
import { KERNEL_MIGRATIONS, migrate } from "@mostrador/kernel/db/migrate";
import { type Db, openDatabase } from "@mostrador/kernel/db/open";
import { PER_INSTALL_VALUES } from "@mostrador/kernel/db/test-template";
import { applianceMigrations, loadApplianceMigrations as loadMigrations } from "./open-appliance-core.js";

describe("the appliance's migrations, from the kernel's and every module's folder", () => {
  let dir: string;
  let db: Db;
  afterEach(() => {
    db?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const open = () => {
    dir = mkdtempSync(join(tmpdir(), "mostrador-migrate-"));
    db = openDatabase(join(dir, "m.sqlite"));
  };

  it("applies every numbered migration once, in order, and nothing on a second start", () => {
    open();
    const files = loadMigrations();
    expect(files.map((m) => m.version)).toEqual(files.map((_, i) => i + 1));
    expect(migrate(db, files)).toBe(files.length);
    expect(migrate(db, files)).toBe(0);
  });

  it("opens the file in WAL mode with foreign keys enforced and full sync", () => {
    open();
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(db.pragma("synchronous", { simple: true })).toBe(2);
  });

  it("refuses a database whose applied migration was edited afterwards", () => {
    open();
    const files = loadMigrations();
    migrate(db, files);
    const edited = files.map((m, i) => (i === 0 ? { ...m, checksum: "different" } : m));
    expect(() => migrate(db, edited)).toThrow(/modificada/);
  });

  it("refuses a database migrated by a newer version with a migration this one lacks", () => {
    open();
    const files = loadMigrations();
    migrate(db, files);
    expect(() => migrate(db, files.slice(0, -1))).toThrow(/no existe/);
  });

  it("names every value a migration draws at random, so each test copy of the template draws its own", () => {
    // A table a migration fills with randomblob() is per installation (the backup's shop identity, the
    // clock's node): the test template redraws exactly the tables PER_INSTALL_VALUES lists.
    const drawn = loadMigrations()
      .filter((m) => /randomblob\s*\(/i.test(m.sql))
      .flatMap((m) => [...m.sql.matchAll(/INSERT\s+INTO\s+(\w+)[^;]*randomblob/gi)].map((x) => x[1]!));
    expect(drawn.length).toBeGreaterThan(0);
    expect(new Set(drawn)).toEqual(new Set(PER_INSTALL_VALUES.map((v) => v.table)));
  });

  it("keeps each migration in the folder of the module that owns its tables", () => {
    const folderOf = (name: string) =>
      applianceMigrations().find((dir) => readdirSync(dir).includes(name)) ?? "";
    expect(folderOf("0006_devices.sql")).toMatch(/gateway\/src\/devices\/migrations\/?$/);
    expect(folderOf("0009_sync_upload.sql")).toMatch(/sync\/src\/upload\/migrations\/?$/);
    expect(folderOf("0005_sales.sql")).toMatch(/desktop\/src\/pos\/migrations\/?$/);
    // The kernel's own are not consecutive (modules own the numbers between), so read its folder as files.
    expect(
      readdirSync(KERNEL_MIGRATIONS)
        .filter((n) => n.endsWith(".sql"))
        .sort(),
    ).toEqual(["0001_foundation.sql", "0016_retired_terminals.sql", "0042_entitlements.sql"]);
  });

  /**
   * data-dir-0012.sqlite.gz is an appliance database as the code before the shared runner left it:
   * migrations 0001–0012 applied by the old desktop/src/db/migrate.ts (commit 7d724de) from the one folder
   * they all lived in then (desktop/src/db/migrations; today each is beside its module), one setting
   * stored (the shop's name), gzipped. Never regenerate it with newer code: it stands for the data
   * directories already in shops.
   */
  it("opens a data directory migrated by the previous runner and upgrades it, keeping its data", () => {
    dir = mkdtempSync(join(tmpdir(), "mostrador-migrate-"));
    const file = join(dir, "mostrador.sqlite");
    const fixture = fileURLToPath(new URL("./data-dir-0012.sqlite.gz", import.meta.url));
    writeFileSync(file, gunzipSync(readFileSync(fixture)));
    db = openDatabase(file);
    const files = loadMigrations();
    expect(migrate(db, files)).toBe(files.length - 12);
    const next = migrationOf(
      `${String(files.length + 1).padStart(4, "0")}_later.sql`,
      "CREATE TABLE later (x);",
    );
    expect(migrate(db, [...files, next])).toBe(1);
    expect(db.prepare("SELECT value FROM shop_settings WHERE key = 'name'").pluck().get()).toBe(
      '"Almacén Lucía"',
    );
    expect(db.prepare("SELECT version FROM schema_migrations ORDER BY version").pluck().all()).toEqual(
      [...files, next].map((m) => m.version),
    );
  });
});

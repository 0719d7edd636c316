import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { inSequence, loadMigrations, migrationOf, pendingMigrations } from "./migrations.js";
import { migrateSqlite } from "./sqlite.js";

describe("migrations from several folders, as one numbered sequence", () => {
  let root: string;
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  /** Folders of migration files: { "pos": { "0001_a.sql": "…" } }. */
  function folders(files: Record<string, Record<string, string>>): string[] {
    root = mkdtempSync(join(tmpdir(), "mostrador-migrations-"));
    return Object.entries(files).map(([folder, contents]) => {
      mkdirSync(join(root, folder));
      for (const [name, sql] of Object.entries(contents)) writeFileSync(join(root, folder, name), sql);
      return join(root, folder);
    });
  }

  it("orders the numbered files of every folder by number and ignores other files", () => {
    const dirs = folders({
      pos: { "0001_sales.sql": "CREATE TABLE sales (id);", "0003_cash.sql": "CREATE TABLE cash (id);" },
      devices: { "0002_devices.sql": "CREATE TABLE devices (id);", "README.md": "# notes", "2_x.sql": "" },
    });
    const loaded = loadMigrations(...dirs);
    expect(loaded.map((m) => [m.version, m.name])).toEqual([
      [1, "0001_sales.sql"],
      [2, "0002_devices.sql"],
      [3, "0003_cash.sql"],
    ]);
    expect(loaded[0]?.checksum).toBe(migrationOf("0001_sales.sql", "CREATE TABLE sales (id);").checksum);
  });

  it("refuses two migrations with one number, even in different folders", () => {
    const dirs = folders({
      pos: { "0001_sales.sql": "x", "0002_cash.sql": "x" },
      devices: { "0002_devices.sql": "x" },
    });
    expect(() => loadMigrations(...dirs)).toThrow(
      "Dos migraciones tienen el número 0002: 0002_cash.sql y 0002_devices.sql",
    );
  });

  it("refuses a missing number, which would leave the order of changes to a guess", () => {
    const dirs = folders({ pos: { "0001_sales.sql": "x", "0003_cash.sql": "x" } });
    expect(() => loadMigrations(...dirs)).toThrow("Falta la migración número 0002 (antes de 0003_cash.sql)");
    expect(() => inSequence([migrationOf("0002_b.sql", "x")])).toThrow(/Falta la migración número 0001/);
  });

  it("refuses a file name without its four-digit number", () => {
    expect(() => migrationOf("12_sales.sql", "x")).toThrow(/no se llama NNNN_nombre\.sql/);
  });
});

describe("what is left to apply", () => {
  const files = [
    migrationOf("0001_a.sql", "A"),
    migrationOf("0002_b.sql", "B"),
    migrationOf("0003_c.sql", "C"),
  ];
  const recorded = (n: number) =>
    files.slice(0, n).map(({ version, name, checksum }) => ({ version, name, checksum }));

  it("is every migration the database has not recorded, in order", () => {
    expect(pendingMigrations([], files).map((m) => m.name)).toEqual([
      "0001_a.sql",
      "0002_b.sql",
      "0003_c.sql",
    ]);
    expect(pendingMigrations(recorded(2), files).map((m) => m.name)).toEqual(["0003_c.sql"]);
    expect(pendingMigrations(recorded(3), files)).toEqual([]);
  });

  it("refuses a database whose applied migration was edited afterwards (its checksum differs)", () => {
    const edited = files.map((m) => (m.version === 2 ? migrationOf(m.name, "B, edited") : m));
    expect(() => pendingMigrations(recorded(2), edited)).toThrow(
      "La migración 0002_b.sql fue modificada después de aplicarse",
    );
  });

  it("refuses a database a newer version migrated further than these files go", () => {
    expect(() => pendingMigrations(recorded(3), files.slice(0, 2))).toThrow(
      "La base tiene la migración 0003_c.sql, que no existe en esta versión de Mostrador",
    );
  });
});

describe("the SQLite runner", () => {
  it("applies each migration with its record in one transaction: a failing one leaves nothing behind", () => {
    const db = new Database(":memory:");
    const good = migrationOf("0001_a.sql", "CREATE TABLE a (x);");
    const bad = migrationOf("0002_b.sql", "CREATE TABLE b (x); INSERT INTO missing VALUES (1);");
    expect(() => migrateSqlite(db, [good, bad])).toThrow(/no such table: missing/);
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .pluck()
      .all();
    expect(tables).toEqual(["a", "schema_migrations"]);
    expect(db.prepare("SELECT name FROM schema_migrations").pluck().all()).toEqual(["0001_a.sql"]);
    expect(migrateSqlite(db, [good, migrationOf("0002_b.sql", "CREATE TABLE b (x);")])).toBe(1);
    db.close();
  });
});

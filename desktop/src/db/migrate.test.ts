import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadMigrations, migrate } from "./migrate.js";
import { type Db, openDatabase } from "./open.js";

describe("database migrations", () => {
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
    expect(migrate(db)).toBe(files.length);
    expect(migrate(db)).toBe(0);
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
});

import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrationOf } from "@mostrador/platform/migrations/migrations";
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { migrate } from "./migrate.js";
import { openDatabase } from "./open.js";
import { copyMigratedTemplate } from "./test-template.js";

const FIRST = migrationOf("0001_first.sql", "CREATE TABLE a (id INTEGER PRIMARY KEY);");
const SECOND = migrationOf("0002_second.sql", "CREATE TABLE b (id INTEGER PRIMARY KEY);");
const SECOND_EDITED = migrationOf("0002_second.sql", "CREATE TABLE b (id INTEGER PRIMARY KEY, x TEXT);");

describe("test databases copied from the run's migrated template", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "template-test-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const tables = (file: string) => {
    const db = openDatabase(file);
    try {
      return {
        tables: db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all(),
        applied: db.prepare("SELECT name, checksum FROM schema_migrations ORDER BY version").all(),
      };
    } finally {
      db.close();
    }
  };

  it("gives each copy the migrated schema with every migration recorded, which the runner accepts as is", () => {
    const file = join(dir, "one.sqlite");
    expect(copyMigratedTemplate(file, [FIRST, SECOND])).toBe(true);
    expect(tables(file)).toEqual({
      tables: ["a", "b", "schema_migrations"],
      applied: [
        { name: FIRST.name, checksum: FIRST.checksum },
        { name: SECOND.name, checksum: SECOND.checksum },
      ],
    });
    const db = openDatabase(file);
    try {
      expect(migrate(db, [FIRST, SECOND])).toBe(0);
    } finally {
      db.close();
    }
  });

  it("builds another template for other migrations, so an edited migration is never served an old schema", () => {
    const before = join(dir, "before.sqlite");
    const after = join(dir, "after.sqlite");
    copyMigratedTemplate(before, [FIRST, SECOND]);
    copyMigratedTemplate(after, [FIRST, SECOND_EDITED]);
    expect(tables(after).applied[1]).toEqual({ name: SECOND.name, checksum: SECOND_EDITED.checksum });
    const db = openDatabase(after);
    try {
      expect(db.prepare("SELECT name FROM pragma_table_info('b')").pluck().all()).toEqual(["id", "x"]);
      // The runner still compares the copy with the files it is given: the old file is refused.
      expect(() => migrate(db, [FIRST, SECOND])).toThrow(/fue modificada después de aplicarse/);
    } finally {
      db.close();
    }
  });

  it("leaves no half-built template behind and copies are independent files", () => {
    const one = join(dir, "one.sqlite");
    const two = join(dir, "two.sqlite");
    copyMigratedTemplate(one, [FIRST]);
    copyMigratedTemplate(two, [FIRST]);
    const db = openDatabase(one);
    db.exec("INSERT INTO a (id) VALUES (1)");
    db.close();
    const other = openDatabase(two);
    try {
      expect(other.prepare("SELECT COUNT(*) FROM a").pluck().get()).toBe(0);
    } finally {
      other.close();
    }
    expect(existsSync(one) && existsSync(two)).toBe(true);
    const templates = inject("sqliteTemplates") as string;
    expect(readdirSync(templates).filter((n) => n.endsWith(".building"))).toEqual([]);
  });
});

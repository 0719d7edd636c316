import { copyFileSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cloudMigrations, cloudModules } from "../modules.js";
import { createTestDatabase, type TestDatabase } from "../test-support/test-database.js";
import { loadMigrations, migrate, migrationFolders } from "./migrate.js";

/**
 * Before the module manifests every cloud migration lived in one folder (cloud/src/db/migrations,
 * 0001–0007). The folder is rebuilt here from today's files, as it was: a database migrated from it
 * must open with the module list, the moved files recognised by number and checksum.
 */
function oldSingleFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), "mostrador-cloud-migrations-"));
  for (const folder of migrationFolders(cloudModules))
    for (const name of readdirSync(folder).filter((n) => /^000[1-7]_.*\.sql$/.test(n)))
      copyFileSync(join(folder, name), join(dir, name));
  return dir;
}

describe("a cloud database migrated with the single-folder layout", () => {
  let oldFolder: string;
  let db: TestDatabase;
  beforeAll(async () => {
    oldFolder = oldSingleFolder();
    // Migrated up to 0005 the old way: the module list must apply what follows, and only that.
    db = await createTestDatabase(loadMigrations([oldFolder]).filter((m) => m.version <= 5));
  });
  afterAll(async () => {
    await db?.drop();
    rmSync(oldFolder, { recursive: true, force: true });
  });

  it("held all seven migrations in that one folder", () => {
    expect(loadMigrations([oldFolder]).map((m) => m.name)).toEqual([
      "0001_tenancy.sql",
      "0002_ingest.sql",
      "0003_catalog_shapes.sql",
      "0004_dashboard.sql",
      "0005_store_overrides.sql",
      "0006_overwrite_reviews.sql",
      "0007_clean_control_characters.sql",
    ]);
  });

  it("opens with the modules' folders and applies only the migrations it lacked", async () => {
    const expected = cloudMigrations().filter((m) => m.version > 5).length;
    expect(await migrate(db.owner, cloudMigrations())).toBe(expected);
    expect(await migrate(db.owner, cloudMigrations())).toBe(0);
  });

  it("records each migration once, under the checksum the modules' files still have", async () => {
    const recorded = await db.owner.query<{ version: number; checksum: string }>(
      "SELECT version, checksum FROM schema_migrations ORDER BY version",
    );
    expect(recorded).toEqual(cloudMigrations().map((m) => ({ version: m.version, checksum: m.checksum })));
  });

  it("keeps every migration in exactly one folder: the kernel's or one module's", () => {
    const names = migrationFolders(cloudModules).flatMap((folder) =>
      readdirSync(folder).filter((n) => n.endsWith(".sql")),
    );
    expect(new Set(names).size).toBe(names.length);
    expect(names.sort()).toEqual(cloudMigrations().map((m) => m.name));
  });
});

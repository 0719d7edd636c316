import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "../db/migrate.js";
import { cloudMigrations } from "../modules.js";
import { createTestDatabase, type TestDatabase } from "../test-support/test-database.js";

/**
 * Before cloud 0012 the tills' category ops were kept verbatim in appliance_events. A database with
 * such rows, migrated to 0012, holds them as categories: the first one to reach the cloud keeps its
 * name, a later one with the same name (any case) is merged into it.
 */
describe("cloud 0012 turns the categories tills sent before into rows", () => {
  let db: TestDatabase;
  const tenantId = randomUUID();
  const storeId = randomUUID();
  const applianceId = randomUUID();
  const first = randomUUID();
  const second = randomUUID();
  const other = randomUUID();

  beforeAll(async () => {
    db = await createTestDatabase(cloudMigrations().filter((m) => m.version < 12));
    await db.owner.query("INSERT INTO organizations (id, name, created_at) VALUES ($1, 'Almacén', now())", [
      tenantId,
    ]);
    let seq = 0;
    for (const [id, name, at] of [
      [first, "Bebidas", "2026-03-01T10:00:00Z"],
      [second, "  BEBIDAS ", "2026-03-01T11:00:00Z"],
      [other, "Almacén", "2026-03-01T12:00:00Z"],
    ] as const)
      await db.owner.query(
        `INSERT INTO appliance_events (tenant_id, op_id, store_id, appliance_id, seq, entity, entity_id, op, payload, created_at)
         VALUES ($1, $2, $3, $4, $5, 'category', $6, 'created', $7, $8)`,
        [tenantId, randomUUID(), storeId, applianceId, ++seq, id, JSON.stringify({ id, name }), at],
      );
    await migrate(db.owner, cloudMigrations());
  });
  afterAll(async () => {
    await db?.drop();
  });

  it("keeps the first of two same-named categories and merges the later one into it", async () => {
    const rows = await db.owner.query<{ id: string; name: string; merged_into: string | null; hlc: string }>(
      "SELECT id, name, merged_into, field_hlc ->> 'name' AS hlc FROM categories WHERE tenant_id = $1 ORDER BY merged_into IS NOT NULL, name",
      [tenantId],
    );
    expect(rows.map((r) => [r.id, r.name, r.merged_into])).toEqual([
      [other, "Almacén", null],
      [first, "Bebidas", null],
      [second, "BEBIDAS", first],
    ]);
    // The name's clock is the op's time, in the fixed-width form both sides compare.
    expect(rows.find((r) => r.id === first)?.hlc).toBe(
      `${String(Date.parse("2026-03-01T10:00:00Z")).padStart(15, "0")}-00000-backfill`,
    );
  });
});

import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCloudProduct } from "../catalog/products.js";
import { ManualClock } from "../core/clock.js";
import { createTenant } from "../auth/accounts.js";
import { createTestDatabase, type TestDatabase } from "../test-support/test-database.js";

/** Migration 0007 cleans names stored before inputs refused control characters; it is run again here on dirty rows. */
const MIGRATION = readFileSync(
  new URL("./migrations/0007_clean_control_characters.sql", import.meta.url),
  "utf8",
);

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

describe("migration 0007: control characters already stored", () => {
  it("cleans product and organization names, logs the product change for the tills, and leaves clean rows alone", async () => {
    const clock = new ManualClock();
    const { tenantId } = await createTenant(
      db.sql,
      { orgName: "Almacén", ownerEmail: `x-${Date.now()}@example.com`, password: "clave-larga-1" },
      clock,
    );
    const dirty = await createCloudProduct(
      db.sql,
      tenantId,
      { sku: "D-1", name: "Yerba\u0007 mate\r\n1 kg", price: 1, ivaRate: 2100, unit: "each" },
      clock,
    );
    const clean = await createCloudProduct(
      db.sql,
      tenantId,
      { sku: "C-1", name: "Café 🧉", price: 1, ivaRate: 2100, unit: "each" },
      clock,
    );
    await db.owner.query("UPDATE organizations SET name = $2 WHERE id = $1", [tenantId, "\u001b[31mRojo"]);
    const [{ lsn: before }] = (await db.owner.query<{ lsn: string }>(
      "SELECT max(lsn) AS lsn FROM shape_log",
    )) as [{ lsn: string }];

    await db.owner.exec(MIGRATION);

    const names = await db.owner.query<{ id: string; name: string }>(
      "SELECT id, name FROM products WHERE tenant_id = $1 ORDER BY sku",
      [tenantId],
    );
    expect(names).toEqual([
      { id: clean.id, name: "Café 🧉" },
      { id: dirty.id, name: "Yerba mate 1 kg" },
    ]);
    const logged = await db.owner.query<{ pk: string }>("SELECT pk FROM shape_log WHERE lsn > $1", [before]);
    expect(logged.map((l) => l.pk)).toEqual([dirty.id]);
    const [org] = await db.owner.query<{ name: string }>("SELECT name FROM organizations WHERE id = $1", [
      tenantId,
    ]);
    expect(org?.name).toBe("[31mRojo");
  });
});

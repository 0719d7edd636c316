import { v7 as uuidv7 } from "uuid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../test-support/test-database.js";
import { cloudMigrations } from "../modules.js";
import { migrate } from "./migrate.js";
import { openPgSql } from "./pg.js";
import { sqlLayerSuite } from "./sql-suite.js";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

// One connection, so "does not carry the setting into the next transaction" really reuses it.
let single: ReturnType<typeof openPgSql>;
sqlLayerSuite(
  "PostgreSQL 15",
  async () => (single = openPgSql({ connectionString: db.url, max: 1 })),
  () => single.close(),
);

describe("PostgreSQL specifics", () => {
  it("keeps concurrent transactions of two tenants apart on a pool", async () => {
    const [a, b] = [uuidv7(), uuidv7()];
    for (const t of [a, b])
      await db.sql.withTenant(t, (q) =>
        q.query("INSERT INTO organizations (id, name, created_at) VALUES ($1, 'Org', now())", [t]),
      );
    const seen = await Promise.all(
      Array.from({ length: 20 }, (_, i) => {
        const t = i % 2 ? a : b;
        return db.sql.withTenant(t, async (q) => {
          await q.query("SELECT pg_sleep(0.005)");
          const rows = await q.query<{ id: string }>("SELECT id FROM organizations");
          return rows.map((r) => r.id).join() === t;
        });
      }),
    );
    expect(seen.every(Boolean)).toBe(true);
  });

  it("prepares a statement sent over and over once per connection, and it still sees only the tenant of each transaction", async () => {
    const [a, b] = [uuidv7(), uuidv7()];
    for (const t of [a, b])
      await db.sql.withTenant(t, (q) =>
        q.query("INSERT INTO organizations (id, name, created_at) VALUES ($1, 'Org', now())", [t]),
      );
    const one = openPgSql({ connectionString: db.url, max: 1 });
    try {
      const text = "SELECT id FROM organizations WHERE name = $1";
      // Alternating tenants on one connection: the prepared plan must read the tenant at execution.
      for (let i = 0; i < 8; i++) {
        const t = i % 2 ? a : b;
        const rows = await one.withTenant(t, (q) => q.query<{ id: string }>(text, ["Org"]));
        expect(rows.map((r) => r.id)).toEqual([t]);
      }
      const prepared = await one.withTenant(a, (q) =>
        q.query<{ statement: string }>("SELECT statement FROM pg_prepared_statements WHERE statement = $1", [
          text,
        ]),
      );
      expect(prepared).toHaveLength(1);
    } finally {
      await one.close();
    }
    // CLOUD_DATABASE_PREPARE=0 (a pooler that cannot track them): nothing is prepared.
    const unnamed = openPgSql({ connectionString: db.url, max: 1, prepare: false });
    try {
      for (let i = 0; i < 4; i++) await unnamed.withTenant(a, (q) => q.query("SELECT $1::int AS n", [i]));
      const prepared = await unnamed.withTenant(a, (q) =>
        q.query("SELECT name FROM pg_prepared_statements WHERE statement = $1", ["SELECT $1::int AS n"]),
      );
      expect(prepared).toEqual([]);
    } finally {
      await unnamed.close();
    }
  });

  it("connects with a LOGIN role that still cannot bypass RLS after RESET ROLE", async () => {
    const rows = await db.sql.tx(async (q) => {
      await q.query("RESET ROLE");
      const [who] = await q.query<{ user: string; bypass: boolean }>(
        `SELECT current_user AS user, rolbypassrls AS bypass FROM pg_roles WHERE rolname = current_user`,
      );
      expect(who).toEqual({ user: "mostrador_service", bypass: false });
      const orgs = await q.query("SELECT * FROM organizations");
      await q.query("SET ROLE mostrador_app");
      return orgs;
    });
    expect(rows).toEqual([]);
  });

  it("applies nothing the second time", async () => {
    expect(await migrate(db.owner, cloudMigrations())).toBe(0);
  });

  it("refuses a database whose applied migration was edited", async () => {
    const edited = cloudMigrations().map((m) => (m.version === 1 ? { ...m, checksum: "otra" } : m));
    await expect(migrate(db.owner, edited)).rejects.toThrow(/fue modificada/);
  });

  it("refuses a database holding a migration this version does not have", async () => {
    const missing = cloudMigrations().filter((m) => m.version !== 1);
    await expect(migrate(db.owner, missing)).rejects.toThrow(/no existe en esta versión/);
  });

  it("refuses to migrate as the service role", async () => {
    const fresh = [{ version: 9999, name: "9999_x.sql", sql: "SELECT 1", checksum: "x" }];
    await expect(migrate(db.sql, [...cloudMigrations(), ...fresh])).rejects.toThrow(
      /permission denied|permiso/,
    );
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../test-support/test-database.js";

/**
 * docs/ownership.md: every tenant table carries the tenant key in its primary key and in each foreign
 * key to another tenant table, so no row can point into another tenant. The tables below predate the
 * rule (each has UNIQUE (tenant_id, id) for others to point at, or is the tenant itself); the list may
 * only shrink: a new table that breaks the rule fails here.
 */
const PREDATE_THE_RULE: Record<string, string> = {
  organizations: "the tenant itself",
  stores: "PRIMARY KEY (id), UNIQUE (tenant_id, id)",
  appliances: "PRIMARY KEY (id), UNIQUE (tenant_id, id)",
  accounts: "PRIMARY KEY (id), UNIQUE (tenant_id, id)",
  account_sessions: "PRIMARY KEY (id)",
  pairing_codes: "PRIMARY KEY (code)",
  shape_log: "PRIMARY KEY (lsn): one sequence for every tenant",
};

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

interface KeyRow {
  table_name: string;
  kind: "p" | "f";
  name: string;
  columns: string[];
  references: string | null;
}

/** Every tenant table that breaks the rule and is not one of the older exceptions, with why. */
async function brokenTenantKeys(): Promise<string[]> {
  const tenantTables = (
    await db.owner.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.columns
        WHERE table_schema = 'public' AND column_name = 'tenant_id' ORDER BY table_name`,
    )
  ).map((r) => r.table_name);
  expect(tenantTables.length).toBeGreaterThan(20);
  const keys = await db.owner.query<KeyRow>(
    `SELECT c.conrelid::regclass::text AS table_name, c.contype AS kind, c.conname AS name,
            ARRAY(SELECT a.attname::text FROM unnest(c.conkey) k JOIN pg_attribute a
                    ON a.attrelid = c.conrelid AND a.attnum = k) AS columns,
            CASE WHEN c.contype = 'f' THEN c.confrelid::regclass::text END AS references
       FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
      WHERE n.nspname = 'public' AND c.contype IN ('p', 'f')`,
  );
  const broken: string[] = [];
  for (const table of tenantTables) {
    if (Object.hasOwn(PREDATE_THE_RULE, table)) continue;
    const pk = keys.find((k) => k.table_name === table && k.kind === "p");
    if (!pk?.columns.includes("tenant_id")) broken.push(`${table}: primary key without tenant_id`);
    for (const fk of keys.filter((k) => k.table_name === table && k.kind === "f"))
      if (
        fk.references !== "organizations" &&
        tenantTables.includes(fk.references ?? "") &&
        !fk.columns.includes("tenant_id")
      )
        broken.push(`${table}: ${fk.name} → ${fk.references} without tenant_id`);
  }
  return broken;
}

describe("tenant keys", () => {
  it("puts tenant_id in the primary key and the foreign keys of every tenant table", async () => {
    expect(await brokenTenantKeys()).toEqual([]);
  });

  it("fails for a new table keyed by its id alone, or pointing at a store by its id alone", async () => {
    await db.owner.exec(
      `CREATE TABLE probe_loose (tenant_id uuid NOT NULL, id uuid PRIMARY KEY, store_id uuid REFERENCES stores (id))`,
    );
    try {
      expect(await brokenTenantKeys()).toEqual([
        "probe_loose: primary key without tenant_id",
        "probe_loose: probe_loose_store_id_fkey → stores without tenant_id",
      ]);
    } finally {
      await db.owner.exec("DROP TABLE probe_loose");
    }
  });

  it("keeps the list of older exceptions true: each still lacks what the rule asks, or it leaves the list", async () => {
    for (const table of Object.keys(PREDATE_THE_RULE).filter((t) => t !== "organizations")) {
      const [pk] = await db.owner.query<{ columns: string[] }>(
        `SELECT ARRAY(SELECT a.attname::text FROM unnest(c.conkey) k JOIN pg_attribute a
                  ON a.attrelid = c.conrelid AND a.attnum = k) AS columns
           FROM pg_constraint c WHERE c.conrelid = $1::regclass AND c.contype = 'p'`,
        [table],
      );
      expect(pk?.columns, table).not.toContain("tenant_id");
    }
  });
});

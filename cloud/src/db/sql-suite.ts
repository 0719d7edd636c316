import { v7 as uuidv7 } from "uuid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sql } from "./sql.js";

/**
 * The core behaviour every adapter of the one SQL layer must show, run against PostgreSQL (pg Pool)
 * and PGlite. `open` must give a service-role Sql on ONE connection (so leaks across transactions
 * on the same connection would show).
 */
export function sqlLayerSuite(label: string, open: () => Promise<Sql>, close: () => Promise<void>): void {
  describe(`one SQL layer on ${label}`, () => {
    let sql: Sql;
    const tenantA = uuidv7();
    const tenantB = uuidv7();
    const storeA = uuidv7();
    const storeB = uuidv7();

    async function seedTenant(q: Sql, tenant: string, store: string, name: string) {
      await q.withTenant(tenant, async (t) => {
        await t.query("INSERT INTO organizations (id, name, created_at) VALUES ($1, $2, now())", [
          tenant,
          name,
        ]);
        await t.query("INSERT INTO stores (id, tenant_id, name, created_at) VALUES ($1, $2, $3, now())", [
          store,
          tenant,
          `${name} centro`,
        ]);
      });
    }

    beforeAll(async () => {
      sql = await open();
      await seedTenant(sql, tenantA, storeA, "Almacén A");
      await seedTenant(sql, tenantB, storeB, "Carnicería B");
    });
    afterAll(() => close());

    it("acts as the service role", async () => {
      const [me] = await sql.query<{ role: string }>("SELECT current_user AS role");
      expect(me?.role).toBe("mostrador_app");
    });

    it("returns counts as numbers and timestamps as dates", async () => {
      const [row] = await sql.query<{ n: number; at: Date }>(
        "SELECT count(*) AS n, now() AS at FROM (VALUES (1), (2), (3)) v",
      );
      expect(row?.n).toBe(3);
      expect(row?.at).toBeInstanceOf(Date);
    });

    it("shows a tenant's transaction only its own rows", async () => {
      const stores = await sql.withTenant(tenantA, (q) => q.query<{ id: string }>("SELECT id FROM stores"));
      expect(stores.map((s) => s.id)).toEqual([storeA]);
      const orgs = await sql.withTenant(tenantB, (q) =>
        q.query<{ id: string }>("SELECT id FROM organizations"),
      );
      expect(orgs.map((o) => o.id)).toEqual([tenantB]);
    });

    it("refuses an insert carrying another tenant's id (WITH CHECK) and keeps nothing", async () => {
      await expect(
        sql.withTenant(tenantA, (q) =>
          q.query("INSERT INTO stores (id, tenant_id, name, created_at) VALUES ($1, $2, 'intrusa', now())", [
            uuidv7(),
            tenantB,
          ]),
        ),
      ).rejects.toThrow(/row-level security/);
      const names = await sql.withTenant(tenantB, (q) =>
        q.query<{ name: string }>("SELECT name FROM stores"),
      );
      expect(names.map((s) => s.name)).toEqual(["Carnicería B centro"]);
    });

    it("refuses moving a row to another tenant with an update", async () => {
      await expect(
        sql.withTenant(tenantA, (q) => q.query("UPDATE stores SET tenant_id = $1", [tenantB])),
      ).rejects.toThrow(/row-level security/);
    });

    it("cannot update or read another tenant's row even by its id", async () => {
      const changed = await sql.withTenant(tenantA, (q) =>
        q.query("UPDATE stores SET name = 'robada' WHERE id = $1 RETURNING id", [storeB]),
      );
      expect(changed).toEqual([]);
      const [row] = await sql.withTenant(tenantB, (q) =>
        q.query<{ name: string }>("SELECT name FROM stores WHERE id = $1", [storeB]),
      );
      expect(row?.name).toBe("Carnicería B centro");
    });

    it("sees nothing at all when no tenant is set", async () => {
      for (const table of [
        "organizations",
        "stores",
        "appliances",
        "accounts",
        "account_sessions",
        "pairing_codes",
      ]) {
        const [row] = await sql.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`);
        expect(row?.n, table).toBe(0);
      }
    });

    it("does not carry the tenant setting into the next transaction on the same connection", async () => {
      const [pidA] = await sql.withTenant(tenantA, (q) =>
        q.query<{ pid: number }>("SELECT pg_backend_pid() AS pid"),
      );
      const [after] = await sql.query<{ tenant: string | null; n: number; pid: number }>(
        "SELECT current_tenant_id() AS tenant, (SELECT count(*) FROM stores) AS n, pg_backend_pid() AS pid",
      );
      expect(after).toEqual({ tenant: null, n: 0, pid: pidA?.pid });
      const seenByB = await sql.withTenant(tenantB, (q) => q.query<{ id: string }>("SELECT id FROM stores"));
      expect(seenByB.map((s) => s.id)).toEqual([storeB]);
    });

    it("rolls back every write of a transaction that throws", async () => {
      await expect(
        sql.withTenant(tenantA, async (q) => {
          await q.query("UPDATE stores SET name = 'a medias'");
          throw new Error("falla a mitad de camino");
        }),
      ).rejects.toThrow("falla a mitad de camino");
      const [row] = await sql.withTenant(tenantA, (q) =>
        q.query<{ name: string }>("SELECT name FROM stores"),
      );
      expect(row?.name).toBe("Almacén A centro");
    });

    it("refuses a malformed tenant id before touching the database", async () => {
      await expect(sql.withTenant("' OR 1=1 --", (q) => q.query("SELECT 1"))).rejects.toThrow(
        /tenant id inválido/,
      );
    });

    it("throws instead of deadlocking when the outer sql is used inside a transaction", async () => {
      await expect(sql.withTenant(tenantA, () => sql.query("SELECT 1"))).rejects.toThrow(/usá el `q`/);
      const [row] = await sql.query<{ ok: number }>("SELECT 1 AS ok");
      expect(row?.ok).toBe(1);
    });

    it("runs as a role that cannot bypass RLS and owns no table", async () => {
      const [role] = await sql.query<{ rolbypassrls: boolean; rolsuper: boolean }>(
        "SELECT rolbypassrls, rolsuper FROM pg_roles WHERE rolname = current_user",
      );
      expect(role).toEqual({ rolbypassrls: false, rolsuper: false });
      const owned = await sql.query(
        `SELECT c.relname FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner
         WHERE r.rolname = current_user OR (r.rolname = session_user AND NOT r.rolsuper)`,
      );
      expect(owned).toEqual([]);
    });

    it("protects every table the service role can read with forced RLS and a policy", async () => {
      const tables = await sql.query<{ relname: string; rls: boolean; forced: boolean; policies: number }>(
        `SELECT c.relname, c.relrowsecurity AS rls, c.relforcerowsecurity AS forced,
                (SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid) AS policies
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
           AND has_table_privilege('mostrador_app', c.oid, 'SELECT')`,
      );
      expect(tables.length).toBeGreaterThanOrEqual(6);
      for (const t of tables)
        expect({ ...t, policies: t.policies > 0 }).toEqual({ ...t, rls: true, forced: true, policies: true });
    });

    it("gives every SECURITY DEFINER function a fixed search_path and no EXECUTE for PUBLIC", async () => {
      const fns = await sql.query<{ proname: string; config: string[] | null; acl: string | null }>(
        `SELECT p.proname, p.proconfig AS config, p.proacl::text AS acl
         FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
         WHERE n.nspname = 'public' AND p.prosecdef`,
      );
      expect(fns.map((f) => f.proname)).toEqual(
        expect.arrayContaining(["auth_account_by_email", "claim_pairing_code"]),
      );
      for (const f of fns) {
        expect(
          f.config?.some((c) => c.startsWith("search_path=")),
          f.proname,
        ).toBe(true);
        // An ACL entry "=X/owner" (empty grantee) would be EXECUTE for PUBLIC.
        expect(f.acl ?? "=X/", f.proname).not.toMatch(/(^|[{,])=X/);
      }
    });

    it("delivers a committed NOTIFY to a listener, never a rolled-back one, and stops when told", async () => {
      const heard: string[] = [];
      let wake: () => void = () => {};
      const stop = await sql.listen("sql_suite", (payload) => {
        heard.push(payload);
        wake();
      });
      const next = () => new Promise<void>((resolve) => (wake = resolve));
      await expect(
        sql.tx(async (q) => {
          await q.query("SELECT pg_notify('sql_suite', 'deshecho')");
          throw new Error("rollback");
        }),
      ).rejects.toThrow("rollback");
      const arrived = next();
      await sql.tx((q) => q.query("SELECT pg_notify('sql_suite', 'confirmado')"));
      await arrived;
      expect(heard).toEqual(["confirmado"]);
      await stop();
      await sql.query("SELECT pg_notify('sql_suite', 'tarde')");
      await sql.query("SELECT 1");
      expect(heard).toEqual(["confirmado"]);
    });
  });
}

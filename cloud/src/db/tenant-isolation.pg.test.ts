import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { v7 as uuidv7 } from "uuid";
import { beforeAll, describe, expect, it } from "vitest";
import { OpFactory } from "../ingest/test-ops.js";
import {
  bearer,
  enrolledAppliance,
  ingest,
  ownerWithStore,
  useTestCloud,
} from "../test-support/test-cloud.js";

/**
 * Every query path joins within one tenant (issue 22; docs/scaling.md): whatever a module's SQL joins,
 * it runs as the service role under RLS with one tenant set per transaction, so it can only ever read
 * that tenant's rows. What would break that is checked here from the catalog, not module by module:
 * a tenant table without forced RLS or with a policy that does not filter on current_tenant_id(), a
 * function that runs as its owner (bypassing RLS) that nobody reviewed, and the operator's role mixed
 * with the service's. Then two tenants' real data: every tenant table and every owner read route of
 * one shows none of the other's.
 */
const world = useTestCloud();

/**
 * Functions that run as their owner (SECURITY DEFINER, so RLS does not apply inside): each reads or
 * writes across tenants on purpose, in one narrow way, and a new one fails here until it is added with
 * its reason. docs/scaling.md lists them as the paths a distributed database must route by hand.
 */
const CROSS_TENANT_FUNCTIONS: Record<string, string> = {
  // A credential → its tenant, before any tenant is known (the request then runs under that tenant).
  auth_appliance: "an appliance's token",
  auth_session: "an owner's session token",
  auth_account_by_email: "login: the account of an email",
  auth_account_token: "an emailed single-use token (verify, reset)",
  auth_invitation: "an invitation's token",
  api_key_by_hash: "a public API key",
  claim_pairing_code: "a pairing code → its store, before the appliance has a tenant",
  channels_tenant_of_state: "an OAuth state → the tenant that started it",
  channels_connection_of_account: "a marketplace's webhook → the connection of that seller account",
  messaging_tenant_of_message: "a provider's delivery callback → the message's tenant",
  messaging_tenant_of_confirmation: "an opt-in confirmation link → its tenant",
  turnos_store_tenant: "the public booking page: a store id → its tenant",
  landing_store_tenant: "a store's public page: a store id → its tenant, only while the page is on",
  // Brute-force counters: keyed by email or IP, no tenant.
  auth_attempt_admit: "attempt limiter",
  auth_attempt_release: "attempt limiter",
  // Workers: WHICH tenants have work (ids only); the work itself runs under each tenant in turn.
  analytics_tenants_with_dirty_days: "worker",
  automations_tenants_enabled: "worker",
  billing_tenant_ids: "worker",
  campaigns_tenants_due: "worker",
  channels_tenants_with_work: "worker",
  maintenance_tenants: "worker (retention)",
  messaging_tenants_with_outages: "worker",
  messaging_tenants_with_telegram: "worker",
  messaging_tenants_with_work: "worker",
  tenants_due_for_erasure: "worker (closing)",
  turnos_tenants_with_bookings_ahead: "worker (reminders)",
  turnos_tenants_with_expired_holds: "worker",
  turnos_tenants_with_open_offers: "worker (waitlist)",
  webhooks_tenants_with_work: "worker",
  analytics_tenants_due_summary: "worker (monthly summary: which tenants' month has turned)",
  landing_demos_alive: "the cap on live demos (a count)",
  landing_demos_due: "worker (expired demo tenants, erased whole)",
  // The rest.
  entitlement_signing_key: "the cloud's own signing key (no tenant)",
  erase_closed_tenant: "erases one closed tenant's rows in every table",
  operator_lead_signed_up: "a sign-up links the operator's lead (operator's table, not a tenant's)",
};

const MARK = "ZZ-OTRO-COMERCIO";
let a: Awaited<ReturnType<typeof ownerWithStore>>;
let b: Awaited<ReturnType<typeof ownerWithStore>>;

/** A shop with a product, a sale of it and an alarm, uploaded by its appliance; `label` in its texts. */
async function shopWithData(label: string) {
  const { db, cloud } = world;
  const shop = await ownerWithStore(db.sql, cloud, label);
  const till = await enrolledAppliance(cloud, shop.token, shop.storeId);
  const f = new OpFactory();
  const productId = uuidv7();
  const product = f.product(productId, { name: `Yerba ${label}`, sku: `SKU-${label}` });
  const { op: sale } = f.sale([{ productId, quantity: 1, unitPrice: 450_000 }]);
  const alarmId = uuidv7();
  const alarm = f.op("alarm", alarmId, "raised", {
    id: alarmId,
    deviceId: uuidv7(),
    severity: 2,
    status: "active",
    message: `Heladera ${label}`,
    raisedAt: "2026-03-02T12:00:00.000Z",
    updatedAt: "2026-03-02T12:00:00.000Z",
  });
  const res = await ingest(cloud, till.token, [product, sale, alarm]);
  expect(res.statusCode, res.body).toBe(200);
  return shop;
}

beforeAll(async () => {
  a = await shopWithData("a");
  b = await shopWithData(MARK);
});

describe("every query path stays within one tenant", () => {
  it("forces RLS on every tenant table, each service policy filtering on current_tenant_id()", async () => {
    const loose = await world.db.owner.query<{ relname: string; why: string }>(
      `SELECT c.relname, 'RLS not forced' AS why FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
          AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped)
          AND NOT (c.relrowsecurity AND c.relforcerowsecurity)
       UNION ALL
       SELECT p.tablename, 'policy ' || p.policyname || ' does not filter by tenant' FROM pg_policies p
        WHERE p.schemaname = 'public' AND p.roles && '{mostrador_app,public}'::name[]
          AND (coalesce(p.qual, '') || coalesce(p.with_check, '')) NOT LIKE '%current_tenant_id()%'
       ORDER BY 1`,
    );
    expect(loose).toEqual([]);
  });

  it("runs as its owner (bypassing RLS) only in the reviewed functions that cross tenants on purpose", async () => {
    const definers = await world.db.owner.query<{ proname: string }>(
      `SELECT DISTINCT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'public' AND p.prosecdef
          AND has_function_privilege('mostrador_app', p.oid, 'EXECUTE') ORDER BY 1`,
    );
    expect(
      definers.map((d) => d.proname).filter((name) => !Object.hasOwn(CROSS_TENANT_FUNCTIONS, name)),
    ).toEqual([]);
  });

  it("shows a tenant's transaction only its own rows in every tenant table, and none without a tenant", async () => {
    const tables = (
      await world.db.owner.query<{ relname: string }>(
        `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
            AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped)
            AND has_table_privilege('mostrador_app', c.oid, 'SELECT') ORDER BY 1`,
      )
    ).map((r) => r.relname);
    const union = tables
      .map((t) => `SELECT '${t}' AS t, tenant_id::text AS tenant FROM "${t}"`)
      .join(" UNION ALL ");
    const seenByA = await world.db.sql.withTenant(a.tenantId, (q) =>
      q.query<{ t: string; tenant: string }>(`SELECT t, tenant FROM (${union}) x`),
    );
    // The check can fail: A's rows are there, in the tables its data landed in.
    expect(seenByA.map((r) => r.t)).toEqual(
      expect.arrayContaining(["stores", "sales", "products", "alarms"]),
    );
    expect(seenByA.filter((r) => r.tenant !== a.tenantId)).toEqual([]);
    const seenByNobody = await world.db.sql.tx((q) => q.query(`SELECT t FROM (${union}) x`));
    expect(seenByNobody).toEqual([]);
  });

  it("answers every owner read route of one tenant without a trace of the other's data", async () => {
    const paths = world.cloud.app
      .printRoutes({ commonPrefix: false, method: "GET" })
      .split("\n")
      .map((line) => /(\/v1\/[^\s(]*)\s+\(/.exec(line)?.[1])
      .filter(
        (p): p is string => !!p && !p.includes(":") && !p.includes("*") && !p.startsWith("/v1/operator"),
      );
    expect(paths.length).toBeGreaterThan(20);
    let answered = 0;
    const leaks: string[] = [];
    for (const url of paths) {
      const res = await world.cloud.app.inject({ method: "GET", url, headers: bearer(a.token) });
      if (res.statusCode !== 200) continue;
      answered++;
      for (const trace of [MARK, b.tenantId, b.storeId])
        if (res.body.includes(trace)) leaks.push(`${url}: ${trace}`);
    }
    expect(leaks).toEqual([]);
    // Most read routes answered (others need a query parameter): the scan read real answers.
    expect(answered).toBeGreaterThan(15);
  });

  it("keeps the operator's cross-tenant reports on their own role, apart from the service's", async () => {
    const [roles] = await world.db.owner.query<{ app_in_operator: boolean; operator_in_app: boolean }>(
      `SELECT pg_has_role('mostrador_app', 'mostrador_operator', 'MEMBER') AS app_in_operator,
              pg_has_role('mostrador_operator', 'mostrador_app', 'MEMBER') AS operator_in_app`,
    );
    expect(roles).toEqual({ app_in_operator: false, operator_in_app: false });
    // The operator reads tenants' rows through SELECT-only policies; it never writes them.
    const writes = await world.db.owner.query<{ tablename: string; cmd: string }>(
      `SELECT p.tablename, p.cmd FROM pg_policies p
        WHERE p.roles && '{mostrador_operator}'::name[] AND p.cmd <> 'SELECT'
          AND EXISTS (SELECT 1 FROM information_schema.columns c
                       WHERE c.table_schema = 'public' AND c.table_name = p.tablename AND c.column_name = 'tenant_id')`,
    );
    expect(writes).toEqual([]);
    // And only the operator module opens the operator's connection or takes its role (the test cluster
    // creates the roles, as a DBA would). The landing module is the operator's too: its rubro pages are
    // the operator's own marketing, and their visits and leads go to the operator's CRM, not to a tenant.
    const src = fileURLToPath(new URL("../", import.meta.url));
    const outside = readdirSync(src, { recursive: true, encoding: "utf8" })
      .filter(
        (f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && !/^(operator|landing|test-support)/.test(f),
      )
      .filter((f) => /openOperatorDb|mostrador_operator/.test(readFileSync(join(src, f), "utf8")));
    expect(outside).toEqual([]);
  });
});

import {
  AuditAnswer,
  LeadDetail,
  LeadsAnswer,
  MetricsAnswer,
  OperatorLoginAnswer,
  OperatorTenantsAnswer,
} from "@mostrador/contracts/http/cloud-operator";
import { expectAnswer } from "@mostrador/contracts/http/test-contract-check";
import type { Static, TSchema } from "@sinclair/typebox";
import type { LightMyRequestResponse } from "fastify";
import { Secret, TOTP } from "otpauth";
import { listRoutes } from "@mostrador/platform/http/route-list";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTenant } from "../auth/accounts.js";
import type { ProviderSubscription } from "../billing/provider.js";
import { applySubscription } from "../billing/subscription-state.js";
import { ManualClock } from "../core/clock.js";
import { DEV_SECRETS_KEY, SecretBox } from "../messaging/secrets.js";
import { cloudModules } from "../modules.js";
import { bearer, json, openTestCloud, type TestCloud } from "../test-support/test-cloud.js";
import { createTestDatabase, type TestDatabase } from "../test-support/test-database.js";
import { createLandingModule } from "../landing/module.js";
import { messagingModule } from "../messaging/module.js";
import { createOperatorModule } from "./module.js";
import { openOperatorDb, type OperatorDb } from "./operator-db.js";
import { createOperator } from "./operators.js";

// The operator's console over HTTP on a real PostgreSQL: the operator's queries through its own login
// (mostrador_operator_service → mostrador_operator), the tenants' through the service's, as in production.
const box = new SecretBox(DEV_SECRETS_KEY);
const clock = new ManualClock("2026-01-05T12:00:00.000Z");
const PASSWORD = "operar-con-cuidado-7";
let db: TestDatabase;
let cloud: TestCloud;
let operatorDb: OperatorDb;
let secret: string;
let token: string;
const tenants: Record<string, { tenantId: string; token?: string }> = {};

/** The answer held against its contract, then read. */
function answer<S extends TSchema>(schema: S, res: LightMyRequestResponse): Static<S> {
  expectAnswer(schema, res);
  return res.json() as Static<S>;
}
const codeAt = (at: Date) =>
  new TOTP({ secret: Secret.fromBase32(secret), period: 30 }).generate({ timestamp: at.getTime() });
const login = (payload: Record<string, unknown>, ip = "10.7.0.1") =>
  cloud.app.inject({ method: "POST", url: "/v1/operator/login", payload, remoteAddress: ip });
const asOperator = (method: "GET" | "POST", url: string, payload?: unknown) =>
  cloud.app.inject({
    method,
    url,
    headers: bearer(token),
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

async function signUp(label: string, rubro: string) {
  const res = await cloud.app.inject({
    method: "POST",
    url: "/v1/auth/signup",
    payload: {
      businessName: `Negocio ${label}`,
      rubro,
      email: `${label}@example.com`,
      password: "una-clave-larga-9",
      acceptTerms: true,
    },
    remoteAddress: `10.8.0.${Object.keys(tenants).length + 1}`,
  });
  expect(res.statusCode, res.body).toBe(201);
  tenants[label] = json<{ tenantId: string; token: string }>(res);
}

async function billed(label: string, provider: string, customerId: string) {
  const tenantId = tenants[label]!.tenantId;
  await db.sql.withTenant(tenantId, (q) =>
    q.query(
      `INSERT INTO billing_accounts (tenant_id, provider, customer_id, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (tenant_id) DO UPDATE SET provider = $2, customer_id = $3`,
      [tenantId, provider, customerId, clock.now()],
    ),
  );
}

const USD = (unitAmount: number) => ({ unitAmount, currency: "USD" });
async function apply(
  label: string,
  provider: string,
  sub: Omit<ProviderSubscription, "tenantId" | "cancelAtPeriodEnd" | "currentPeriodEnd">,
  at: string,
) {
  const tenantId = tenants[label]!.tenantId;
  return db.sql.withTenant(tenantId, (q) =>
    applySubscription(
      q,
      tenantId,
      provider,
      { ...sub, tenantId, cancelAtPeriodEnd: false, currentPeriodEnd: null },
      new Date(at),
      "http://panel.test",
    ),
  );
}

beforeAll(async () => {
  db = await createTestDatabase();
  const operator = createOperatorModule({ databaseUrl: db.operatorUrl, secrets: box });
  cloud = await openTestCloud(db.sql, {
    clock,
    modules: [
      ...cloudModules.filter((m) => m.name !== "operator" && m.name !== "landing"),
      operator,
      // The console's Landing screen reaches the operator's tables through the same login.
      createLandingModule({ messaging: messagingModule.config, operatorDatabaseUrl: db.operatorUrl }),
    ],
  });
  operatorDb = openOperatorDb(db.sql, db.operatorUrl);
  ({ secret } = await createOperator(
    operatorDb,
    box,
    { email: "Ana@Mostrador.test", name: "Ana", password: PASSWORD },
    clock,
  ));

  // Three sign-ups in January (trials), one tenant by the CLI in USD and one in pesos.
  await signUp("a", "ropa");
  await signUp("b", "kiosco");
  await signUp("e", "ropa");
  for (const [label, name] of [
    ["c", "Ferretería C"],
    ["d", "Almacén D"],
  ] as const)
    tenants[label] = await createTenant(
      db.sql,
      { orgName: name, ownerEmail: `${label}@example.com`, password: "una-clave-larga-9" },
      clock,
    );
  await billed("a", "stripe", "cus_a");
  await billed("b", "stripe", "cus_b");
  await billed("c", "stripe", "cus_c");
  await billed("d", "mercadopago", "mp_d");
  // The scripted quarter: new, upgrade, downgrade, a yearly plan, a cancellation, a past-due month.
  const month = { interval: "month" as const };
  await apply(
    "a",
    "stripe",
    { id: "sub_a", customerId: "cus_a", status: "active", plan: "basico", ...month, price: USD(1_900) },
    "2026-01-10T12:00:00Z",
  );
  await apply(
    "b",
    "stripe",
    { id: "sub_b", customerId: "cus_b", status: "active", plan: "profesional", ...month, price: USD(4_900) },
    "2026-01-20T12:00:00Z",
  );
  await apply(
    "c",
    "stripe",
    {
      id: "sub_c",
      customerId: "cus_c",
      status: "active",
      plan: "enterprise",
      interval: "year",
      price: USD(149_000),
    },
    "2026-02-05T12:00:00Z",
  );
  await apply(
    "a",
    "stripe",
    { id: "sub_a", customerId: "cus_a", status: "active", plan: "profesional", ...month, price: USD(4_900) },
    "2026-02-15T12:00:00Z",
  );
  await apply(
    "b",
    "stripe",
    { id: "sub_b", customerId: "cus_b", status: "active", plan: "basico", ...month, price: USD(1_900) },
    "2026-03-03T12:00:00Z",
  );
  await apply(
    "c",
    "stripe",
    {
      id: "sub_c",
      customerId: "cus_c",
      status: "canceled",
      plan: "enterprise",
      interval: "year",
      price: USD(149_000),
    },
    "2026-03-10T12:00:00Z",
  );
  await apply(
    "a",
    "stripe",
    {
      id: "sub_a",
      customerId: "cus_a",
      status: "past_due",
      plan: "profesional",
      ...month,
      price: USD(4_900),
    },
    "2026-03-12T12:00:00Z",
  );
  await apply(
    "d",
    "mercadopago",
    {
      id: "pre_d",
      customerId: "mp_d",
      status: "active",
      plan: "profesional",
      ...month,
      price: { unitAmount: 1_500_000, currency: "ARS" },
    },
    "2026-03-01T12:00:00Z",
  );
  clock.advance(90 * 86_400_000); // April: the quarter is history
});
afterAll(async () => {
  await operatorDb?.close();
  await cloud?.close();
  await db?.drop();
});

describe("operator login", () => {
  it("requires the TOTP code: without it the body is refused, with a wrong one 401, and each code works once", async () => {
    const missing = await login({ email: "ana@mostrador.test", password: PASSWORD });
    expect(missing.statusCode).toBe(400);
    const wrongCode = await login({ email: "ana@mostrador.test", password: PASSWORD, code: "000000" });
    expect(wrongCode.statusCode).toBe(401);
    expect(json<{ error: { code: string } }>(wrongCode).error.code).toBe("bad_credentials");
    const wrongPassword = await login({
      email: "ana@mostrador.test",
      password: "otra-clave-larga",
      code: codeAt(clock.now()),
    });
    expect(wrongPassword.statusCode).toBe(401);
    const ok = await login({ email: "ana@mostrador.test", password: PASSWORD, code: codeAt(clock.now()) });
    expect(ok.statusCode).toBe(200);
    token = answer(OperatorLoginAnswer, ok).token;
    expect(token.startsWith("mop_")).toBe(true);
    const replay = await login({
      email: "ana@mostrador.test",
      password: PASSWORD,
      code: codeAt(clock.now()),
    });
    expect(replay.statusCode).toBe(401);
    const me = await asOperator("GET", "/v1/operator/me");
    expect(json<{ operator: { email: string } }>(me).operator.email).toBe("ana@mostrador.test");
  });

  it("has no login for a tenant's owner, whatever the password", async () => {
    const res = await login({ email: "a@example.com", password: "una-clave-larga-9", code: "123456" });
    expect(res.statusCode).toBe(401);
  });
});

describe("a tenant account against the operator's routes", () => {
  // Every route the server carries under /v1/operator (the route table), so a route added tomorrow is probed too.
  const routes = () =>
    listRoutes(cloud.app)
      .filter((r) => r.url.startsWith("/v1/operator/"))
      .map((r) => ({
        method: r.method as "GET" | "POST",
        url: r.url
          .replace(":taskId", "0190a0a0-0000-7000-8000-000000000002")
          .replace(":id", "0190a0a0-0000-7000-8000-000000000001"),
      }));

  it("is refused on every operator route (401), the owner's session token included", async () => {
    expect(routes().length).toBeGreaterThanOrEqual(14);
    const owner = tenants.a!.token!;
    for (const route of routes().filter((r) => r.url !== "/v1/operator/login")) {
      const res = await cloud.app.inject({
        method: route.method,
        url: route.url,
        headers: bearer(owner),
        payload: route.method === "POST" ? {} : undefined,
      });
      expect([route.url, res.statusCode]).toEqual([route.url, 401]);
      expect(json<{ error: { code: string } }>(res).error.code).toBe("operator_not_logged_in");
    }
  });

  it("and an operator's token opens no tenant route", async () => {
    const res = await cloud.app.inject({ method: "GET", url: "/v1/me", headers: bearer(token) });
    expect(res.statusCode).toBe(401);
  });
});

describe("the operator role", () => {
  it("is what the operator's queries run as, reading every tenant but writing none of their rows", async () => {
    const seen = await operatorDb.run(async (q) => {
      const [who] = await q.query<{ user: string }>("SELECT current_user AS user");
      const [orgs] = await q.query<{ n: number }>("SELECT count(*) AS n FROM organizations");
      return { user: who?.user, orgs: orgs?.n };
    });
    expect(seen).toEqual({ user: "mostrador_operator", orgs: 5 });
    await expect(operatorDb.run((q) => q.query("UPDATE organizations SET name = 'x'"))).rejects.toMatchObject(
      { code: "42501" },
    );
  });

  it("is out of the service's reach: no SET ROLE, no operator table; a tenant still sees only itself", async () => {
    await expect(db.sql.tx((q) => q.exec("SET LOCAL ROLE mostrador_operator"))).rejects.toMatchObject({
      code: "42501",
    });
    for (const table of ["operators", "operator_sessions", "operator_audit", "leads", "lead_tasks"])
      await expect(db.sql.query(`SELECT 1 FROM ${table}`)).rejects.toMatchObject({ code: "42501" });
    const own = await db.sql.withTenant(tenants.a!.tenantId, async (q) => ({
      orgs: await q.query<{ id: string }>("SELECT id FROM organizations"),
      history: await q.query<{ tenant_id: string }>(
        "SELECT DISTINCT tenant_id FROM billing_subscription_history",
      ),
    }));
    expect(own.orgs.map((o) => o.id)).toEqual([tenants.a!.tenantId]);
    expect(own.history.map((h) => h.tenant_id)).toEqual([tenants.a!.tenantId]);
    const [roles] = await db.owner.query<{ bypass: boolean; member: boolean }>(
      `SELECT rolbypassrls AS bypass, pg_has_role('mostrador_app', 'mostrador_operator', 'MEMBER') AS member
       FROM pg_roles WHERE rolname = 'mostrador_operator'`,
    );
    expect(roles).toEqual({ bypass: false, member: false });
  });

  it("cannot be taken by the console when the service's own login is all it has: 503, clearly", async () => {
    const off = openOperatorDb(db.sql);
    await expect(off.run((q) => q.query("SELECT 1"))).rejects.toMatchObject({ code: "operator_console_off" });
  });
});

describe("metrics from the scripted history", () => {
  it("keeps one history row per change applied, none for a replay", async () => {
    expect(
      await apply(
        "a",
        "stripe",
        {
          id: "sub_a",
          customerId: "cus_a",
          status: "past_due",
          plan: "profesional",
          interval: "month",
          price: USD(4_900),
        },
        "2026-03-20T12:00:00Z",
      ),
    ).toBe("unchanged");
    const [rows] = await db.owner.query<{ n: number }>(
      "SELECT count(*) AS n FROM billing_subscription_history",
    );
    expect(rows?.n).toBe(8);
  });

  it("answers new, expansion, contraction and churned MRR, churn, ARPA, LTV and trial conversion exactly", async () => {
    const res = await asOperator("GET", "/v1/operator/metrics?from=2026-01&to=2026-03");
    const metrics = answer(MetricsAnswer, res);
    expect(metrics.currencies.map((c) => c.currency)).toEqual(["ARS", "USD"]);
    const usd = metrics.currencies[1]!.months;
    expect(
      usd.map((m) => [m.month, m.mrr, m.newMrr, m.expansionMrr, m.contractionMrr, m.churnedMrr]),
    ).toEqual([
      ["2026-01", 6_800, 6_800, 0, 0, 0],
      ["2026-02", 22_217, 12_417, 3_000, 0, 0],
      ["2026-03", 6_800, 0, 0, 3_000, 12_417],
    ]);
    expect(usd[2]).toMatchObject({
      customers: 2,
      churnedCustomers: 1,
      logoChurn: 3_333,
      revenueChurn: 6_939,
      arpa: 3_400,
      ltv: 10_200,
    });
    expect(metrics.currencies[0]!.months.map((m) => m.mrr)).toEqual([0, 0, 1_500_000]);
    expect(metrics.trials[0]).toEqual({ month: "2026-01", started: 3, converted: 2, conversion: 6_667 });
  });

  it("refuses a reversed, too long or malformed period", async () => {
    const codes = [];
    for (const q of [
      "from=2026-03&to=2026-01",
      "from=2020-01&to=2026-03",
      "from=2026-13",
      "from=2026-1",
      "extra=1",
    ]) {
      const res = await asOperator("GET", `/v1/operator/metrics?${q}`);
      expect(res.statusCode).toBe(400);
      codes.push(json<{ error: { code: string } }>(res).error.code);
    }
    expect(codes.slice(0, 2)).toEqual(["metrics_period_reversed", "metrics_period_too_long"]);
  });

  it("exports the metrics and the tenants as CSV", async () => {
    const metrics = await asOperator("GET", "/v1/operator/metrics.csv?from=2026-01&to=2026-03");
    expect(metrics.headers["content-type"]).toBe("text/csv; charset=utf-8");
    const lines = metrics.body.trim().split("\r\n");
    expect(lines[0]).toBe(
      "month,currency,mrr,new_mrr,expansion_mrr,contraction_mrr,churned_mrr,customers,new_customers,churned_customers,logo_churn_pct,revenue_churn_pct,arpa,ltv,trials_started,trials_converted,trial_conversion_pct",
    );
    expect(lines).toContain("2026-03,USD,68.00,0.00,0.00,30.00,124.17,2,0,1,33.33,69.39,34.00,102.00,0,0,");
    expect(lines).toContain("2026-03,ARS,15000.00,15000.00,0.00,0.00,0.00,1,1,0,,,15000.00,,0,0,");
    const list = await asOperator("GET", "/v1/operator/tenants.csv");
    const rows = list.body.trim().split("\r\n");
    expect(rows).toHaveLength(6);
    expect(rows.find((r) => r.includes("Negocio a"))).toMatch(
      /,Negocio a,ropa,[^,]+,past_due,profesional,month,USD,49\.00,1,0,$/,
    );
  });
});

describe("tenants and the audit log", () => {
  it("lists every tenant with its status, plan, MRR and sign-up date", async () => {
    const { tenants: list } = answer(OperatorTenantsAnswer, await asOperator("GET", "/v1/operator/tenants"));
    const byName = new Map(list.map((t) => [t.name, t]));
    expect(byName.get("Negocio a")).toMatchObject({
      standing: "past_due",
      plan: "profesional",
      currency: "USD",
      mrr: 4_900,
      stores: 1,
    });
    expect(byName.get("Ferretería C")).toMatchObject({ standing: "canceled", mrr: 0 });
    expect(byName.get("Negocio e")).toMatchObject({ standing: "trial_expired", mrr: 0, currency: null });
    expect(byName.get("Almacén D")).toMatchObject({ standing: "active", currency: "ARS", mrr: 1_500_000 });
  });

  it("writes a row for every access (who, what, which tenant) and shows it", async () => {
    const tenantId = tenants.b!.tenantId;
    expect((await asOperator("GET", `/v1/operator/tenants/${tenantId}`)).statusCode).toBe(200);
    const res = await asOperator("GET", `/v1/operator/audit?tenantId=${tenantId}`);
    const { entries } = answer(AuditAnswer, res);
    // The log's own read is written after it reads, so it shows next time.
    expect(entries[0]).toMatchObject({
      operatorEmail: "ana@mostrador.test",
      action: "tenant.view",
      tenantId,
      tenantName: "Negocio b",
    });
    const again = answer(
      AuditAnswer,
      await asOperator("GET", `/v1/operator/audit?tenantId=${tenantId}`),
    ).entries;
    expect(again.map((e) => e.action)).toEqual(["audit.view", "tenant.view"]);
    const all = answer(AuditAnswer, await asOperator("GET", "/v1/operator/audit?limit=500")).entries.map(
      (e) => e.action,
    );
    for (const action of [
      "login",
      "login_failed",
      "metrics.view",
      "metrics.export_csv",
      "tenants.export_csv",
      "tenants.list",
      "operator.created",
    ])
      expect(all).toContain(action);
    expect(
      (await asOperator("GET", "/v1/operator/tenants/0190a0a0-0000-7000-8000-00000000dead")).statusCode,
    ).toBe(404);
    expect((await asOperator("GET", "/v1/operator/audit?limit=0")).statusCode).toBe(400);
  });
});

describe("the sales CRM", () => {
  it("made a lead of every sign-up, linked to its tenant, and links a known lead when its email signs up", async () => {
    const { leads } = answer(LeadsAnswer, await asOperator("GET", "/v1/operator/leads"));
    const a = leads.find((l) => l.email === "a@example.com");
    expect(a).toMatchObject({
      source: "signup",
      stage: "contact",
      tenantId: tenants.a!.tenantId,
      rubro: "ropa",
    });
    const created = await asOperator("POST", "/v1/operator/leads", {
      businessName: "Librería F",
      email: "F@example.com",
      rubro: "libreria",
    });
    expect(created.statusCode).toBe(201);
    await signUp("f", "libreria");
    const again = answer(LeadsAnswer, await asOperator("GET", "/v1/operator/leads")).leads.filter(
      (l) => l.email === "f@example.com",
    );
    expect(again).toHaveLength(1);
    expect(again[0]).toMatchObject({ source: "manual", tenantId: tenants.f!.tenantId });
  });

  it("moves a lead through the stages with interactions and tasks, overdue shown, conversion by stage and rubro", async () => {
    const leadId = answer(LeadsAnswer, await asOperator("GET", "/v1/operator/leads")).leads.find(
      (l) => l.email === "b@example.com",
    )!.id;
    const base = `/v1/operator/leads/${leadId}`;
    expect((await asOperator("POST", `${base}/stage`, { stage: "demo" })).statusCode).toBe(200);
    expect(
      (
        await asOperator("POST", `${base}/interactions`, {
          kind: "whatsapp",
          note: "Le mandé el video de la demo",
        })
      ).statusCode,
    ).toBe(200);
    const withTask = answer(
      LeadDetail,
      await asOperator("POST", `${base}/tasks`, {
        title: "Llamar para la propuesta",
        dueAt: "2026-04-01T13:00:00.000Z",
      }),
    );
    expect(withTask.tasks[0]).toMatchObject({ overdue: true, doneAt: null });
    expect(withTask.lead).toMatchObject({ openTasks: 1, overdueTasks: 1 });
    expect((await asOperator("POST", `${base}/stage`, { stage: "proposal" })).statusCode).toBe(200);
    const done = answer(LeadDetail, await asOperator("POST", `${base}/tasks/${withTask.tasks[0]!.id}/done`));
    expect(done.lead.overdueTasks).toBe(0);
    const won = answer(LeadDetail, await asOperator("POST", `${base}/stage`, { stage: "won" }));
    expect(won.stages.map((s) => s.to)).toEqual(["contact", "demo", "proposal", "won"]);
    expect(won.interactions[0]).toMatchObject({ kind: "whatsapp", operatorEmail: "ana@mostrador.test" });

    const { conversion } = answer(LeadsAnswer, await asOperator("GET", "/v1/operator/leads"));
    // Three sign-ups and Librería F (typed in, then signed up): four leads (the CLI's tenants are none), one won.
    expect(conversion.byStage).toEqual([
      { stage: "contact", reached: 4, share: 10_000 },
      { stage: "demo", reached: 1, share: 2_500 },
      { stage: "proposal", reached: 1, share: 2_500 },
      { stage: "won", reached: 1, share: 2_500 },
      { stage: "lost", reached: 0, share: 0 },
    ]);
    expect(conversion.byRubro).toEqual([
      { rubro: "kiosco", leads: 1, won: 1, conversion: 10_000 },
      { rubro: "libreria", leads: 1, won: 0, conversion: 0 },
      { rubro: "ropa", leads: 2, won: 0, conversion: 0 },
    ]);
  });

  it("refuses bad input and changes nothing", async () => {
    const leadId = answer(LeadsAnswer, await asOperator("GET", "/v1/operator/leads")).leads.find(
      (l) => l.email === "e@example.com",
    )!.id;
    const base = `/v1/operator/leads/${leadId}`;
    const cases: [string, string, unknown, number, string?][] = [
      ["POST", `${base}/stage`, { stage: "contact" }, 409, "same_stage"],
      ["POST", `${base}/stage`, { stage: "ganado" }, 400],
      ["POST", `${base}/interactions`, { kind: "fax", note: "hola" }, 400],
      ["POST", `${base}/interactions`, { kind: "call", note: "" }, 400],
      ["POST", `${base}/tasks`, { title: "Llamar", dueAt: "mañana" }, 400],
      ["POST", `${base}/tasks/0190a0a0-0000-7000-8000-000000000009/done`, undefined, 404, "task_not_found"],
      ["POST", "/v1/operator/leads/no-es-un-id/stage", { stage: "demo" }, 400],
      [
        "POST",
        "/v1/operator/leads/0190a0a0-0000-7000-8000-00000000beef/stage",
        { stage: "demo" },
        404,
        "lead_not_found",
      ],
      [
        "POST",
        "/v1/operator/leads",
        { businessName: "Otra", email: "a@example.com" },
        409,
        "lead_email_taken",
      ],
      ["POST", "/v1/operator/leads", { businessName: "" }, 400],
      ["POST", "/v1/operator/leads", { businessName: "X", extra: 1 }, 400],
    ];
    const before = await db.owner.query("SELECT * FROM leads ORDER BY id");
    const [tasksBefore] = await db.owner.query<{ n: number }>("SELECT count(*) AS n FROM lead_tasks");
    for (const [method, url, payload, status, code] of cases) {
      const res = await asOperator(method as "POST", url, payload);
      expect([url, res.statusCode]).toEqual([url, status]);
      if (code) expect(json<{ error: { code: string; message: string } }>(res).error.code).toBe(code);
    }
    expect(await db.owner.query("SELECT * FROM leads ORDER BY id")).toEqual(before);
    expect((await db.owner.query<{ n: number }>("SELECT count(*) AS n FROM lead_tasks"))[0]).toEqual(
      tasksBefore,
    );
  });
});

describe("logout", () => {
  it("ends the operator's session", async () => {
    expect((await asOperator("POST", "/v1/operator/logout")).statusCode).toBe(204);
    expect((await asOperator("GET", "/v1/operator/me")).statusCode).toBe(401);
  });
});

import { ClosingAnswer } from "@mostrador/contracts/http/cloud-tenant-data";
import { expectAnswer } from "@mostrador/contracts/http/test-contract-check";
import JSZip from "jszip";
import { Secret, TOTP } from "otpauth";
import { v7 as uuidv7 } from "uuid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../core/clock.js";
import { OpFactory } from "../ingest/test-ops.js";
import { createTestDatabase, type TestDatabase } from "../test-support/test-database.js";
import {
  bearer,
  enrolledAppliance,
  json,
  openTestCloud,
  ownerWithStore,
  type TestCloud,
} from "../test-support/test-cloud.js";
import { eraseDueTenants } from "./closing.js";

const DAY = 86_400_000;

let db: TestDatabase;
let cloud: TestCloud;
let clock: ManualClock;

beforeAll(async () => {
  db = await createTestDatabase();
  clock = new ManualClock("2026-03-02T12:00:00.000Z");
  cloud = await openTestCloud(db.sql, { clock });
});
afterAll(async () => {
  await cloud?.close();
  await db?.drop();
});

type Shop = Awaited<ReturnType<typeof ownerWithStore>> & { applianceToken: string };

/** A shop with a sale from its till, a customer and a webhook: rows in many modules' tables. */
async function busyShop(label: string, customerName: string): Promise<Shop> {
  const shop = await ownerWithStore(db.sql, cloud, label);
  const appliance = await enrolledAppliance(cloud, shop.token, shop.storeId);
  const f = new OpFactory();
  const ingest = await cloud.app.inject({
    method: "POST",
    url: "/v1/ingest",
    headers: bearer(appliance.token),
    payload: { ops: [f.sale().op, f.sale().op] },
  });
  expect(ingest.statusCode).toBe(200);
  const customer = await cloud.app.inject({
    method: "POST",
    url: "/v1/customers",
    headers: bearer(shop.token),
    payload: { name: customerName },
  });
  expect(customer.statusCode).toBe(201);
  // A webhook endpoint with an event and its delivery (rows that point at each other), set up directly:
  // registering one would resolve a real host name.
  const endpointId = uuidv7();
  const eventId = uuidv7();
  await db.owner.query(
    `INSERT INTO webhook_endpoints (id, tenant_id, url, events, secret_sealed, created_at, updated_at)
     VALUES ($1, $2, 'https://hooks.example.com/x', '{sale.created}', 'sellado', $3, $3)`,
    [endpointId, shop.tenantId, clock.now()],
  );
  await db.owner.query(
    `INSERT INTO webhook_events (id, tenant_id, type, payload, created_at) VALUES ($1, $2, 'sale.created', '{}', $3)`,
    [eventId, shop.tenantId, clock.now()],
  );
  await db.owner.query(
    `INSERT INTO webhook_deliveries (id, tenant_id, endpoint_id, event_id, next_attempt_at, give_up_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $5, $5)`,
    [uuidv7(), shop.tenantId, endpointId, eventId, clock.now()],
  );
  return { ...shop, applianceToken: appliance.token };
}

/** Every row of a tenant in every table of the schema (a table's tenant_id, or the organization itself). */
async function rowsPerTable(tenantId: string): Promise<Record<string, number>> {
  const tables = await db.owner.query<{ table_name: string }>(
    `SELECT table_name::text FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'tenant_id'
     AND table_name IN (SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE')`,
  );
  const counts: Record<string, number> = {};
  for (const { table_name } of tables) {
    const [row] = await db.owner.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM public."${table_name}" WHERE tenant_id = $1`,
      [tenantId],
    );
    if (row!.n > 0) counts[table_name] = row!.n;
  }
  const [org] = await db.owner.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM organizations WHERE id = $1`,
    [tenantId],
  );
  if (org!.n > 0) counts.organizations = org!.n;
  return counts;
}

async function download(shop: { token: string }) {
  const res = await cloud.app.inject({
    method: "GET",
    url: "/v1/account/export",
    headers: bearer(shop.token),
  });
  return res;
}

describe("the export", () => {
  it("is a zip of one CSV and one JSON per table with all the shop's data and nothing of another tenant", async () => {
    const a = await busyShop("exporta", "Clienta de A");
    const b = await busyShop("otro", "Secreto de B");
    const res = await download(a);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("application/zip");
    expect(res.headers["content-disposition"]).toMatch(
      /^attachment; filename="mostrador-datos-2026-03-02\.zip"$/,
    );
    const zip = await JSZip.loadAsync(res.rawPayload);
    const names = Object.keys(zip.files);
    for (const table of [
      "organizations",
      "stores",
      "sales",
      "sale_lines",
      "sale_payments",
      "customers",
      "accounts",
      "appliances",
    ])
      for (const ext of ["csv", "json"]) expect(names).toContain(`${table}.${ext}`);
    expect(names).not.toContain("shape_log.csv");
    expect(names).toContain("webhook_deliveries.json");
    const endpoints = await zip.file("webhook_endpoints.csv")!.async("string");
    expect(endpoints).toContain("hooks.example.com");
    expect(endpoints).not.toContain("sellado");

    const sales = JSON.parse(await zip.file("sales.json")!.async("string")) as {
      tenant_id: string;
      total: number;
    }[];
    expect(sales).toHaveLength(2);
    expect(sales.every((s) => s.tenant_id === a.tenantId)).toBe(true);
    const customersCsv = await zip.file("customers.csv")!.async("string");
    expect(customersCsv.split("\n")[0]).toContain("name");
    expect(customersCsv).toContain("Clienta de A");

    const everything = (await Promise.all(names.map((n) => zip.file(n)!.async("string")))).join("\n");
    expect(everything).not.toContain(b.tenantId);
    expect(everything).not.toContain(b.storeId);
    expect(everything).not.toContain("Secreto de B");
    expect(everything).not.toContain(b.email);
    // No credentials: the accounts' password hashes and the tokens' hashes are not in it.
    const accounts = await zip.file("accounts.csv")!.async("string");
    expect(accounts.split("\n")[0]).not.toMatch(/password|hash|totp_secret/);
    expect(everything).not.toMatch(/scrypt\$/);
    expect(everything).not.toContain(a.applianceToken);
  });

  it("is the owner's only", async () => {
    const shop = await ownerWithStore(db.sql, cloud, "gerente");
    await db.owner.query(`UPDATE accounts SET role = 'manager' WHERE tenant_id = $1`, [shop.tenantId]);
    expect((await download(shop)).statusCode).toBe(403);
    expect((await cloud.app.inject({ method: "GET", url: "/v1/account/export" })).statusCode).toBe(401);
  });
});

describe("closing the account", () => {
  const close = (shop: { token: string }, payload: object) =>
    cloud.app.inject({ method: "POST", url: "/v1/account/close", headers: bearer(shop.token), payload });
  const state = async (shop: { token: string }) =>
    json<{ status: string; eraseAfter: string | null; noticeDays: number }>(
      await cloud.app.inject({ method: "GET", url: "/v1/account/closing", headers: bearer(shop.token) }),
    );

  it("refuses a wrong password, a wrong name or bad input and changes nothing", async () => {
    const shop = await ownerWithStore(db.sql, cloud, "mal");
    const refusals: [object, number, string | null][] = [
      [{ password: "otra-clave-cualquiera", confirmName: "Almacén mal" }, 403, "wrong_password"],
      [{ password: shop.password, confirmName: "Otro negocio" }, 400, "confirm_name_mismatch"],
      [{ password: shop.password }, 400, null],
      [{ password: shop.password, confirmName: "Almacén mal", extra: 1 }, 400, null],
      [{ password: "", confirmName: "Almacén mal" }, 400, null],
    ];
    for (const [payload, status, code] of refusals) {
      const res = await close(shop, payload);
      expect(res.statusCode).toBe(status);
      if (code) expect(json<{ error: { code: string } }>(res).error.code).toBe(code);
    }
    expect(await state(shop)).toEqual({ status: "active", eraseAfter: null, noticeDays: 30 });
  });

  it("marks it closing for 30 days, tells the owner, lets them reopen, and then erases every row of the tenant but Mostrador's own billing records", async () => {
    const a = await busyShop("cierra", "Clienta que se va");
    const b = await busyShop("queda", "Clienta que queda");
    // Mostrador's own records of the shop: the operator's lead from its sign-up, and what it was billed.
    const leadId = uuidv7();
    await db.owner.query(
      `INSERT INTO leads (id, business_name, contact_name, email, phone, rubro, source, stage, organization_id,
         created_at, stage_changed_at)
       VALUES ($1, 'Almacén cierra', 'Marta', $2, '+5491155550000', 'almacen', 'signup', 'won', $3, $4, $4)`,
      [leadId, a.email, a.tenantId, clock.now()],
    );
    await db.owner.query(
      `INSERT INTO billing_subscription_history (id, tenant_id, applied_at, provider, subscription_id, status,
         plan, billing_interval, currency, unit_amount, mrr)
       VALUES ($1, $2, $3, 'stripe', 'sub_cierra', 'active', 'profesional', 'month', 'USD', 4900, 4900)`,
      [uuidv7(), a.tenantId, clock.now()],
    );
    const before = await rowsPerTable(b.tenantId);
    expect(Object.keys(await rowsPerTable(a.tenantId)).length).toBeGreaterThan(8);

    const closed = await close(a, { password: a.password, confirmName: "almacén cierra" });
    expect(closed.statusCode).toBe(200);
    expectAnswer(ClosingAnswer, closed);
    expect(json(closed)).toEqual({
      status: "closing",
      eraseAfter: new Date(clock.now().getTime() + 30 * DAY).toISOString(),
      noticeDays: 30,
    });
    expect((await close(a, { password: a.password, confirmName: "Almacén cierra" })).statusCode).toBe(409);
    const mail = await db.owner.query<{ subject: string; address: string }>(
      `SELECT subject, address FROM messages WHERE tenant_id = $1 AND source = 'closing'`,
      [a.tenantId],
    );
    expect(mail).toEqual([{ subject: "Cerraste tu cuenta de Mostrador", address: a.email }]);

    // During the notice period: the export still works, and the owner can reopen (password again).
    expect((await download(a)).statusCode).toBe(200);
    const wrong = await cloud.app.inject({
      method: "POST",
      url: "/v1/account/reopen",
      headers: bearer(a.token),
      payload: { password: "no-es-la-clave" },
    });
    expect(wrong.statusCode).toBe(403);
    const reopened = await cloud.app.inject({
      method: "POST",
      url: "/v1/account/reopen",
      headers: bearer(a.token),
      payload: { password: a.password },
    });
    expect(json(reopened)).toMatchObject({ status: "active", eraseAfter: null });
    expect((await close(a, { password: a.password, confirmName: "Almacén cierra" })).statusCode).toBe(200);

    // Not yet: a day before the end nothing is erased.
    clock.advance(29 * DAY);
    expect(await eraseDueTenants(db.sql, clock.now(), () => {})).toEqual([]);
    expect(await rowsPerTable(a.tenantId)).not.toEqual({});

    clock.advance(DAY);
    const problems: unknown[] = [];
    expect(await eraseDueTenants(db.sql, clock.now(), (m, e) => problems.push([m, e]))).toEqual([a.tenantId]);
    expect(problems).toEqual([]);
    // Nothing of the shop is left; Mostrador keeps what it billed (no personal data: the operator's MRR
    // of past months) and its lead's stage and rubro, without the person or the link.
    expect(await rowsPerTable(a.tenantId)).toEqual({ billing_subscription_history: 1 });
    const [lead] = await db.owner.query(
      "SELECT organization_id, contact_name, email, phone, stage, rubro FROM leads WHERE id = $1",
      [leadId],
    );
    expect(lead).toEqual({
      organization_id: null,
      contact_name: null,
      email: null,
      phone: null,
      stage: "won",
      rubro: "almacen",
    });
    expect(await rowsPerTable(b.tenantId)).toEqual(before);

    // Its appliance and its owner are gone with it.
    const me = await cloud.app.inject({
      method: "GET",
      url: "/v1/appliance/me",
      headers: bearer(a.applianceToken),
    });
    expect(me.statusCode).toBe(401);
    const login = await cloud.app.inject({
      method: "POST",
      url: "/v1/auth/login",
      payload: { email: a.email, password: a.password },
    });
    expect(login.statusCode).toBe(401);
  });

  it("asks an owner with TOTP on for a code too", async () => {
    const shop = await ownerWithStore(db.sql, cloud, "totp");
    const post = (url: string, payload: object) =>
      cloud.app.inject({ method: "POST", url, headers: bearer(shop.token), payload });
    const { secret } = json<{ secret: string }>(
      await post("/v1/account/totp/enroll", { password: shop.password }),
    );
    const codeAt = (at: Date) =>
      new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: at.getTime() });
    expect((await post("/v1/account/totp/confirm", { code: codeAt(clock.now()) })).statusCode).toBe(200);
    clock.advance(60_000);
    const body = { password: shop.password, confirmName: "Almacén totp" };
    const noCode = await close(shop, body);
    expect([noCode.statusCode, json<{ error: { code: string } }>(noCode).error.code]).toEqual([
      401,
      "code_required",
    ]);
    const wrong = String((Number(codeAt(clock.now())) + 1) % 1_000_000).padStart(6, "0");
    const badCode = await close(shop, { ...body, code: wrong });
    expect([badCode.statusCode, json<{ error: { code: string } }>(badCode).error.code]).toEqual([
      401,
      "bad_code",
    ]);
    expect((await state(shop)).status).toBe("active");
    const ok = await close(shop, { ...body, code: codeAt(clock.now()) });
    expect(ok.statusCode).toBe(200);
    expect((await state(shop)).status).toBe("closing");
  });
});

import type { AddressInfo } from "node:net";
import { PLAN_PRICES_ARS } from "@mostrador/contracts/billing/plans";
import { BillingAnswer, BillingRedirect } from "@mostrador/contracts/http/cloud-billing";
import { expectAnswer } from "@mostrador/contracts/http/test-contract-check";
import { signWebhook } from "@mostrador/platform/mercadopago/signature";
import {
  type FakeMercadoPago,
  startFakeMercadoPago,
} from "@mostrador/platform/mercadopago/fake/fake-mercadopago";
import { redirectMercadoPagoTo } from "@mostrador/platform/mercadopago/fake/redirect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../core/clock.js";
import { cloudModules } from "../modules.js";
import { createTestDatabase, type TestDatabase } from "../test-support/test-database.js";
import { bearer, json, openTestCloud, type TestCloud } from "../test-support/test-cloud.js";
import { mercadoPagoBillingProvider, referenceOf } from "./mercadopago-provider.js";
import { createBillingModule } from "./module.js";

// Billing in pesos end to end: the cloud listening on a real PostgreSQL, the official mercadopago package
// (PreApproval, Invoice) pointed at the local fake Mercado Pago, whose subscription webhooks arrive signed
// at /v1/billing/webhooks/mercadopago. The fake charges cuotas on its own clock; the cloud's moves with it.
const SECRET = "mostrador-mp-webhook-secret";
const DAY_MS = 86_400_000;
let db: TestDatabase;
let cloud: TestCloud;
let fake: FakeMercadoPago;
let undoRedirect: () => void;
let webhookUrl: string;
const clock = new ManualClock("2026-04-01T12:00:00Z");

beforeAll(async () => {
  db = await createTestDatabase();
  fake = await startFakeMercadoPago({ start: clock.now() });
  undoRedirect = redirectMercadoPagoTo(fake.url);
  const billing = createBillingModule({
    provider: null,
    mercadopago: mercadoPagoBillingProvider({ accessToken: fake.accessToken, webhookSecret: SECRET }),
    publicUrl: "http://panel.test",
  });
  cloud = await openTestCloud(db.sql, {
    clock,
    modules: [...cloudModules.filter((m) => m.name !== "billing"), billing],
  });
  await cloud.app.listen({ port: 0, host: "127.0.0.1" });
  webhookUrl = `http://127.0.0.1:${(cloud.app.server.address() as AddressInfo).port}/v1/billing/webhooks/mercadopago`;
  fake.notifyTo(webhookUrl, SECRET);
});
afterAll(async () => {
  undoRedirect?.();
  await cloud?.close();
  await fake?.close();
  await db?.drop();
});

/** Both clocks move together: the fake charges what falls due on the way. */
async function advanceDays(days: number, owner: Owner) {
  await fake.subscriptions.advanceDays(days);
  clock.advance(days * DAY_MS);
  await relogin(owner);
}

let signups = 0;
async function signUp(label: string) {
  signups++;
  const res = await cloud.app.inject({
    method: "POST",
    url: "/v1/auth/signup",
    payload: {
      businessName: `Almacén ${label}`,
      rubro: "almacen",
      email: `${label}-${signups}@example.com`,
      password: "una-clave-larga-9",
      acceptTerms: true,
    },
    remoteAddress: `10.8.0.${signups}`,
  });
  expect(res.statusCode).toBe(201);
  return { ...json<{ token: string; tenantId: string }>(res), email: `${label}-${signups}@example.com` };
}
type Owner = Awaited<ReturnType<typeof signUp>>;
/** Months pass in these tests, longer than a dashboard session lives: the owner logs in again. */
async function relogin(owner: Owner) {
  const res = await cloud.app.inject({
    method: "POST",
    url: "/v1/auth/login",
    payload: { email: owner.email, password: "una-clave-larga-9" },
    remoteAddress: "10.8.1.1",
  });
  expect(res.statusCode).toBe(200);
  owner.token = json<{ token: string }>(res).token;
}
async function billing(token: string) {
  const res = await cloud.app.inject({ method: "GET", url: "/v1/billing", headers: bearer(token) });
  expectAnswer(BillingAnswer, res);
  return json<BillingAnswer>(res);
}
const post = (url: string, token: string, payload?: object) =>
  cloud.app.inject({ method: "POST", url, headers: bearer(token), ...(payload ? { payload } : {}) });
const errorOf = (res: { statusCode: number; body: string }) => [
  res.statusCode,
  (JSON.parse(res.body) as { error: { code: string } }).error.code,
];
/** Checkout in pesos: the init_point's preapproval, authorized by the payer on the fake's page. */
async function subscribe(token: string, plan = "profesional", interval = "month", authorize = true) {
  const res = await post("/v1/billing/checkout", token, { plan, interval, provider: "mercadopago" });
  expectAnswer(BillingRedirect, res);
  const url = new URL(json<{ url: string }>(res).url);
  const id = url.searchParams.get("preapproval_id")!;
  if (authorize) await fake.subscriptions.authorize(id);
  return id;
}
const row = async (tenantId: string) =>
  (
    await db.sql.withTenant(tenantId, (q) =>
      q.query("SELECT * FROM billing_accounts WHERE tenant_id = $1", [tenantId]),
    )
  )[0];
const billingMails = (tenantId: string) =>
  db.sql.withTenant(tenantId, (q) =>
    q.query<{ dedupe_key: string }>(
      "SELECT dedupe_key FROM messages WHERE dedupe_key LIKE 'billing:%' ORDER BY created_at, dedupe_key",
    ),
  );
const loggedEvents = async (tenantId: string) =>
  (
    await db.sql.withTenant(tenantId, (q) =>
      q.query<{ n: number }>("SELECT count(*)::int AS n FROM billing_webhook_events"),
    )
  )[0]!.n;

describe("checkout in pesos → authorized → the plan's entitlements", () => {
  let owner: Owner;
  let preapprovalId: string;

  it("offers Mercado Pago only (the configured one) and refuses Stripe and an unknown plan, creating nothing", async () => {
    owner = await signUp("pesos");
    expect(await billing(owner.token)).toMatchObject({
      standing: "trial",
      providers: ["mercadopago"],
      provider: null,
      canSubscribe: true,
    });
    const stripe = await post("/v1/billing/checkout", owner.token, {
      plan: "basico",
      interval: "month",
      provider: "stripe",
    });
    expect(errorOf(stripe)).toEqual([409, "billing_unavailable"]);
    const unknown = await post("/v1/billing/checkout", owner.token, {
      plan: "oro",
      interval: "month",
      provider: "mercadopago",
    });
    expect(unknown.statusCode).toBe(400);
    const unknownProvider = await post("/v1/billing/checkout", owner.token, {
      plan: "basico",
      interval: "month",
      provider: "paypal",
    });
    expect(unknownProvider.statusCode).toBe(400);
    const stripeHook = await cloud.app.inject({
      method: "POST",
      url: "/v1/billing/webhooks/stripe",
      headers: { "content-type": "application/json", "stripe-signature": "t=1,v1=00" },
      payload: "{}",
    });
    expect(errorOf(stripeHook)).toEqual([404, "billing_unavailable"]);
    expect(await row(owner.tenantId)).toMatchObject({ customer_id: null, status: null });
    expect(fake.subscriptions.preapprovals()).toEqual([]);
  });

  it("opening Mercado Pago's page does not end the trial; authorizing it makes the plan active", async () => {
    preapprovalId = await subscribe(owner.token, "profesional", "month", false);
    const pending = fake.subscriptions.preapproval(preapprovalId)!;
    expect(pending).toMatchObject({
      status: "pending",
      payer_email: expect.stringContaining("pesos-"),
      back_url: "http://panel.test/#facturacion=gracias",
      auto_recurring: {
        frequency: 1,
        frequency_type: "months",
        currency_id: "ARS",
        transaction_amount: PLAN_PRICES_ARS.profesional.month / 100,
      },
    });
    expect((await billing(owner.token)).standing).toBe("trial");

    await fake.subscriptions.authorize(preapprovalId);
    const state = await billing(owner.token);
    expect(state).toMatchObject({
      standing: "active",
      plan: "profesional",
      interval: "month",
      provider: "mercadopago",
      banner: null,
      canManage: true,
      trialDaysLeft: null,
    });
    expect(state.modules).toContain("turnos");
    expect(state.currentPeriodEnd).toBe("2026-05-01T12:00:00.000Z");
    const again = await post("/v1/billing/checkout", owner.token, { plan: "basico", interval: "month" });
    expect(errorOf(again)).toEqual([409, "already_subscribed"]);
  });

  it("changes the plan by changing the subscription's amount (from the next cuota, no proration)", async () => {
    const up = await post("/v1/billing/plan", owner.token, { plan: "enterprise" });
    expectAnswer(BillingAnswer, up);
    expect(json<BillingAnswer>(up)).toMatchObject({ plan: "enterprise", standing: "active" });
    expect(json<BillingAnswer>(up).modules).toContain("iot");
    expect(fake.subscriptions.preapproval(preapprovalId)!.auto_recurring.transaction_amount).toBe(
      PLAN_PRICES_ARS.enterprise.month / 100,
    );
    const same = await post("/v1/billing/plan", owner.token, { plan: "enterprise" });
    expect(errorOf(same)).toEqual([409, "same_plan"]);
    const bad = await post("/v1/billing/plan", owner.token, { plan: "oro" });
    expect(bad.statusCode).toBe(400);
    const portal = await post("/v1/billing/portal", owner.token);
    expect(errorOf(portal)).toEqual([409, "manage_in_dashboard"]);
    await advanceDays(31, owner);
    const cuotas = fake.subscriptions.authorizedPayments(preapprovalId);
    expect(cuotas.map((c) => [c.transaction_amount, c.payment?.status])).toEqual([
      [PLAN_PRICES_ARS.profesional.month / 100, "approved"],
      [PLAN_PRICES_ARS.enterprise.month / 100, "approved"],
    ]);
    expect((await billing(owner.token)).standing).toBe("active");
  });

  it("goes past_due while MP retries a rejected cuota, unpaid when the retries end, canceled after 3 such cuotas", async () => {
    fake.subscriptions.setDeclines(preapprovalId, true);
    await advanceDays(30, owner);
    const pastDue = await billing(owner.token);
    expect(pastDue).toMatchObject({ standing: "past_due", banner: "past_due", plan: "enterprise" });
    expect(pastDue.modules).toContain("iot");
    expect((await billingMails(owner.tenantId)).map((m) => m.dedupe_key.split(":")[1])).toEqual(["past_due"]);

    await advanceDays(11, owner);
    const unpaid = await billing(owner.token);
    expect(unpaid).toMatchObject({ standing: "unpaid", banner: "lapsed", modules: [] });

    await advanceDays(62, owner);
    expect(fake.subscriptions.preapproval(preapprovalId)!.status).toBe("cancelled");
    expect(await billing(owner.token)).toMatchObject({ standing: "canceled", banner: "lapsed", modules: [] });
    const kinds = (await billingMails(owner.tenantId)).map((m) => m.dedupe_key.split(":")[1]);
    expect(new Set(kinds)).toEqual(new Set(["past_due", "unpaid", "canceled"]));
  });

  it("changes nothing when every notification is delivered again", async () => {
    const before = [
      await row(owner.tenantId),
      await billingMails(owner.tenantId),
      await loggedEvents(owner.tenantId),
    ];
    await fake.subscriptions.redeliver();
    expect([
      await row(owner.tenantId),
      await billingMails(owner.tenantId),
      await loggedEvents(owner.tenantId),
    ]).toEqual(before);
  });

  it("lets the owner subscribe again after the cancellation", async () => {
    await subscribe(owner.token, "basico", "year");
    expect(await billing(owner.token)).toMatchObject({
      standing: "active",
      plan: "basico",
      interval: "year",
    });
  });
});

describe("notifications out of order and twice, and cancelling at the period's end", () => {
  it("ends in the subscription's current state whatever the order, each effect once", async () => {
    const owner = await signUp("orden");
    fake.subscriptions.holdWebhooks();
    const id = await subscribe(owner.token, "enterprise", "month");
    expect((await billing(owner.token)).standing).toBe("trial"); // nothing arrived yet
    await fake.subscriptions.releaseWebhooks({ reversed: true, twice: true });
    expect(await billing(owner.token)).toMatchObject({ standing: "active", plan: "enterprise" });
    const notices = fake.subscriptions.sent.filter(
      (n) => n.id === id || fake.subscriptions.authorizedPayments(id).some((c) => String(c.id) === n.id),
    ).length;
    expect(await loggedEvents(owner.tenantId)).toBe(notices);

    const cancel = await post("/v1/billing/cancel", owner.token);
    expectAnswer(BillingAnswer, cancel);
    expect(json<BillingAnswer>(cancel)).toMatchObject({
      standing: "active",
      cancelAtPeriodEnd: true,
      currentPeriodEnd: expect.any(String),
    });
    expect(fake.subscriptions.preapproval(id)!.status).toBe("cancelled");
    expect(errorOf(await post("/v1/billing/cancel", owner.token))).toEqual([409, "not_subscribed"]);
    const end = new Date(json<BillingAnswer>(cancel).currentPeriodEnd!).getTime();
    clock.advance(end - clock.now().getTime() - 1000);
    await relogin(owner);
    expect((await billing(owner.token)).standing).toBe("active");
    clock.advance(1000);
    expect(await billing(owner.token)).toMatchObject({ standing: "canceled", banner: "lapsed", modules: [] });
    // A late notification of the cancelled subscription re-reads it: still over.
    await fake.subscriptions.notifyPreapproval(id);
    expect((await billing(owner.token)).standing).toBe("canceled");
  });
});

describe("a pesos page left open, authorized after the owner chose Stripe", () => {
  it("still applies: the subscription's customer reference is vouched for by Mostrador's secret", async () => {
    const owner = await signUp("pestania");
    const id = await subscribe(owner.token, "profesional", "month", false);
    // Meanwhile the owner opened Stripe's checkout: the row now holds a Stripe customer.
    await db.sql.withTenant(owner.tenantId, (q) =>
      q.query(
        "UPDATE billing_accounts SET provider = 'stripe', customer_id = 'cus_otro' WHERE tenant_id = $1",
        [owner.tenantId],
      ),
    );
    await fake.subscriptions.authorize(id);
    expect(await billing(owner.token)).toMatchObject({
      standing: "active",
      plan: "profesional",
      provider: "mercadopago",
    });
    expect((await row(owner.tenantId))!.customer_id).toMatch(/^mpc_[0-9a-f]{24}$/);
  });
});

describe("webhooks that cannot be trusted or are not ours", () => {
  let owner: Owner;
  let id: string;
  beforeAll(async () => {
    owner = await signUp("firmas");
    id = await subscribe(owner.token, "basico", "month");
  });

  const send = (query: string, headers: Record<string, string>, body = "{}") =>
    fetch(`${webhookUrl}?${query}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body,
    });

  it("refuses a wrong secret, a missing signature and a signature for another id with 400, reading nothing", async () => {
    const before = await row(owner.tenantId);
    const reads = fake.requests.length;
    const requestId = "c0ffee00-0000-4000-8000-000000000001";
    for (const headers of [
      { "x-signature": signWebhook("otro-secreto", id, requestId, Date.now()), "x-request-id": requestId },
      { "x-request-id": requestId },
      { "x-signature": signWebhook(SECRET, "otro-id", requestId, Date.now()), "x-request-id": requestId },
    ] as Record<string, string>[]) {
      const res = await send(`data.id=${id}&type=subscription_preapproval`, headers);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string; message: string } }).error).toEqual({
        code: "bad_signature",
        message: "La firma del aviso de Mercado Pago no es válida",
      });
    }
    const viaFake = await fake.subscriptions.notifyPreapproval(id, { badSignature: true });
    expect(viaFake?.status).toBe(400);
    expect(fake.requests.length).toBe(reads);
    expect(await row(owner.tenantId)).toEqual(before);
  });

  it("refuses a signed notification about a subscription Mercado Pago does not know (404), changing nothing", async () => {
    const before = await row(owner.tenantId);
    const requestId = "c0ffee00-0000-4000-8000-000000000002";
    const unknown = "2c9380849999aaaa0000bbbbcccc0000";
    const res = await send(`data.id=${unknown}&type=subscription_preapproval`, {
      "x-signature": signWebhook(SECRET, unknown, requestId, Date.now()),
      "x-request-id": requestId,
    });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("unknown_subscription");
    expect(await row(owner.tenantId)).toEqual(before);
  });

  it("does not apply a subscription rewritten to name another tenant: its customer is not theirs", async () => {
    const other = await signUp("ajeno");
    await subscribe(other.token, "basico", "month", false); // the other tenant has a customer reference now
    const before = await row(other.tenantId);
    const logged = await loggedEvents(other.tenantId);
    // Someone with access to Mostrador's MP account points the payer's subscription at the other tenant.
    const pre = fake.subscriptions.preapproval(id)!;
    pre.external_reference = referenceOf(other.tenantId, "mpc_adivinado0", "enterprise", "month");
    await fake.subscriptions.notifyPreapproval(id);
    expect(await row(other.tenantId)).toEqual(before);
    expect((await billing(other.token)).standing).toBe("trial");
    expect(await loggedEvents(other.tenantId)).toBe(logged);
  });
});

import type { AddressInfo } from "node:net";
import { BillingAnswer, BillingRedirect } from "@mostrador/contracts/http/cloud-billing";
import { expectAnswer } from "@mostrador/contracts/http/test-contract-check";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../auth/passwords.js";
import { ManualClock } from "../core/clock.js";
import { newId } from "../core/ids.js";
import { cloudModules } from "../modules.js";
import { createTestDatabase, type TestDatabase } from "../test-support/test-database.js";
import { bearer, json, openTestCloud, type TestCloud } from "../test-support/test-cloud.js";
import { createBillingModule } from "./module.js";
import { stripeProvider } from "./stripe-provider.js";
import { startFakeStripe, type FakeStripe } from "./test-support/fake-stripe.js";

// Billing end to end over HTTP: the cloud listening on a real PostgreSQL, the real stripe-node client
// pointed at the local fake Stripe, whose webhooks arrive signed at the cloud's public route.
const WHSEC = "whsec_pruebadefacturacion";
const DAY = 86_400;
let db: TestDatabase;
let cloud: TestCloud;
let fake: FakeStripe;
let stripe: Stripe;
let testClock: Stripe.TestHelpers.TestClock;
let webhookUrl: string;
const clock = new ManualClock();

beforeAll(async () => {
  db = await createTestDatabase();
  fake = await startFakeStripe({ now: () => clock.now(), afterRetries: "unpaid" });
  const api = { host: fake.host, port: fake.port, protocol: "http" as const };
  stripe = new Stripe(fake.secretKey, api);
  testClock = await stripe.testHelpers.testClocks.create({
    frozen_time: Math.floor(clock.now().getTime() / 1000),
  });
  const billing = createBillingModule({
    provider: stripeProvider({
      secretKey: fake.secretKey,
      webhookSecret: WHSEC,
      api,
      testClock: testClock.id,
    }),
    publicUrl: "http://panel.test",
  });
  cloud = await openTestCloud(db.sql, {
    clock,
    modules: [...cloudModules.filter((m) => m.name !== "billing"), billing],
  });
  await cloud.app.listen({ port: 0, host: "127.0.0.1" });
  webhookUrl = `http://127.0.0.1:${(cloud.app.server.address() as AddressInfo).port}/v1/billing/webhooks/stripe`;
  fake.sendWebhooksTo(webhookUrl, WHSEC);
});
afterAll(async () => {
  await cloud.close();
  await fake.close();
  await db.drop();
});

let signups = 0;
async function signUp(label: string) {
  signups++;
  const res = await cloud.app.inject({
    method: "POST",
    url: "/v1/auth/signup",
    payload: {
      businessName: `Negocio ${label}`,
      rubro: "ropa",
      email: `${label}-${signups}@example.com`,
      password: "una-clave-larga-9",
      acceptTerms: true,
    },
    remoteAddress: `10.9.0.${signups}`,
  });
  expect(res.statusCode).toBe(201);
  return json<{ token: string; tenantId: string }>(res);
}
/** GET /v1/billing, its answer held against the contract every time. */
async function billing(token: string) {
  const res = await cloud.app.inject({ method: "GET", url: "/v1/billing", headers: bearer(token) });
  expectAnswer(BillingAnswer, res);
  return json<BillingAnswer>(res);
}
const post = (url: string, token: string, payload?: object) =>
  cloud.app.inject({ method: "POST", url, headers: bearer(token), ...(payload ? { payload } : {}) });
const advanceStripeDays = async (days: number) => {
  const current = (await stripe.testHelpers.testClocks.retrieve(testClock.id)).frozen_time;
  await stripe.testHelpers.testClocks.advance(testClock.id, { frozen_time: current + days * DAY });
};
async function subscribe(token: string, plan = "profesional", interval = "month") {
  const res = await post("/v1/billing/checkout", token, { plan, interval });
  expectAnswer(BillingRedirect, res);
  const sessionId = new URL(json<{ url: string }>(res).url).pathname.split("/").pop()!;
  const session = await fake.completeCheckout(sessionId);
  return { subscriptionId: session.subscription as string, customerId: session.customer as string };
}
const row = async (tenantId: string) =>
  (
    await db.sql.withTenant(tenantId, (q) =>
      q.query("SELECT * FROM billing_accounts WHERE tenant_id = $1", [tenantId]),
    )
  )[0];
const billingMails = (tenantId: string) =>
  db.sql.withTenant(tenantId, (q) =>
    q.query<{ dedupe_key: string; subject: string }>(
      "SELECT dedupe_key, subject FROM messages WHERE dedupe_key LIKE 'billing:%' ORDER BY created_at, dedupe_key",
    ),
  );
const loggedEvents = async (tenantId: string) =>
  (
    await db.sql.withTenant(tenantId, (q) =>
      q.query<{ n: number }>("SELECT count(*)::int AS n FROM billing_webhook_events"),
    )
  )[0]!.n;

describe("trial → checkout → active, plan changes, dunning", () => {
  let owner: { token: string; tenantId: string };
  let sub: { subscriptionId: string; customerId: string };

  it("starts a 14-day trial of the profesional plan at sign-up, no card", async () => {
    owner = await signUp("trial");
    const state = await billing(owner.token);
    expect(state).toMatchObject({ standing: "trial", plan: "profesional", trialDaysLeft: 14, banner: null });
    expect(state.modules).toContain("turnos");
  });

  it("refuses a plan that does not exist, and the portal before subscribing, changing nothing", async () => {
    const bad = await post("/v1/billing/checkout", owner.token, { plan: "oro", interval: "month" });
    expect(bad.statusCode).toBe(400);
    const portal = await post("/v1/billing/portal", owner.token);
    expect([portal.statusCode, json<{ error: { code: string } }>(portal).error.code]).toEqual([
      409,
      "not_subscribed",
    ]);
    expect(await row(owner.tenantId)).toMatchObject({ customer_id: null, status: null });
  });

  it("lets a manager read the plan but not subscribe (403), creating nothing", async () => {
    const email = `encargada-${Date.now()}@example.com`;
    const passwordHash = await hashPassword("una-clave-larga-9");
    await db.sql.withTenant(owner.tenantId, (q) =>
      q.query(
        `INSERT INTO accounts (id, tenant_id, email, password_hash, role, created_at, email_verified_at)
         VALUES ($1, $2, $3, $4, 'manager', $5, $5)`,
        [newId(), owner.tenantId, email, passwordHash, clock.now()],
      ),
    );
    const login = await cloud.app.inject({
      method: "POST",
      url: "/v1/auth/login",
      payload: { email, password: "una-clave-larga-9" },
      remoteAddress: "10.9.1.1",
    });
    const { token } = json<{ token: string }>(login);
    expect((await billing(token)).standing).toBe("trial");
    const res = await post("/v1/billing/checkout", token, { plan: "basico", interval: "month" });
    expect([res.statusCode, json<{ error: { code: string } }>(res).error.code]).toEqual([
      403,
      "role_required",
    ]);
    expect(await row(owner.tenantId)).toMatchObject({ customer_id: null });
  });

  it("subscribes through Checkout: the webhooks make it active", async () => {
    sub = await subscribe(owner.token);
    const state = await billing(owner.token);
    expect(state).toMatchObject({ standing: "active", plan: "profesional", interval: "month", banner: null });
    expect(state.trialDaysLeft).toBeNull();
    expect(state.canManage).toBe(true);
    const again = await post("/v1/billing/checkout", owner.token, { plan: "basico", interval: "year" });
    expect([again.statusCode, json<{ error: { code: string } }>(again).error.code]).toEqual([
      409,
      "already_subscribed",
    ]);
  });

  it("opens the customer portal", async () => {
    const res = await post("/v1/billing/portal", owner.token);
    expectAnswer(BillingRedirect, res);
    expect(json<{ url: string }>(res).url).toContain("/portal/session/");
  });

  it("reflects an upgrade and a downgrade made in the portal", async () => {
    await fake.portalChangePrice(sub.subscriptionId, "mostrador_enterprise_year");
    expect(await billing(owner.token)).toMatchObject({ plan: "enterprise", interval: "year" });
    expect((await billing(owner.token)).modules).toContain("iot");
    await fake.portalChangePrice(sub.subscriptionId, "mostrador_basico_month");
    const state = await billing(owner.token);
    expect([state.plan, state.interval, state.modules, state.limits.stores]).toEqual([
      "basico",
      "month",
      ["stock_purchasing"],
      1,
    ]);
  });

  it("goes past_due when a renewal fails (banner, extras kept, one email), then unpaid (extras off)", async () => {
    fake.setCardDeclines(sub.customerId, true);
    await advanceStripeDays(31);
    const pastDue = await billing(owner.token);
    expect(pastDue).toMatchObject({ standing: "past_due", banner: "past_due", plan: "basico" });
    expect(pastDue.modules).toEqual(["stock_purchasing"]);
    expect((await billingMails(owner.tenantId)).map((m) => m.dedupe_key.split(":")[1])).toEqual(["past_due"]);

    await advanceStripeDays(10);
    const unpaid = await billing(owner.token);
    expect(unpaid).toMatchObject({ standing: "unpaid", banner: "lapsed" });
    expect(unpaid.modules).toEqual([]);
    expect(unpaid.limits.tills).toBeGreaterThan(0);
    const mails = await billingMails(owner.tenantId);
    expect(mails.map((m) => m.dedupe_key.split(":")[1])).toEqual(["past_due", "unpaid"]);
    expect(mails[1]!.subject).toBe("Tu plan de Mostrador terminó");
  });

  it("changes nothing when every event is delivered again", async () => {
    const before = [
      await row(owner.tenantId),
      await billingMails(owner.tenantId),
      await loggedEvents(owner.tenantId),
    ];
    await fake.redeliver();
    expect([
      await row(owner.tenantId),
      await billingMails(owner.tenantId),
      await loggedEvents(owner.tenantId),
    ]).toEqual(before);
  });
});

describe("events out of order and twice, and cancel at period end", () => {
  it("ends in the subscription's current state whatever the order, each effect once", async () => {
    const owner = await signUp("orden");
    fake.holdWebhooks();
    const { subscriptionId } = await subscribe(owner.token, "enterprise", "month");
    await fake.portalCancelAtPeriodEnd(subscriptionId);
    expect((await billing(owner.token)).standing).toBe("trial"); // nothing arrived yet
    await fake.releaseWebhooks({ reversed: true, twice: true });
    expect(await billing(owner.token)).toMatchObject({
      standing: "active",
      plan: "enterprise",
      cancelAtPeriodEnd: true,
    });
    const events = fake.events.filter((e) => JSON.stringify(e).includes(subscriptionId)).length;
    expect(await loggedEvents(owner.tenantId)).toBe(events);

    await advanceStripeDays(31);
    expect(await billing(owner.token)).toMatchObject({ standing: "canceled", banner: "lapsed", modules: [] });
    await fake.redeliver();
    expect((await billingMails(owner.tenantId)).map((m) => m.dedupe_key.split(":")[1])).toEqual(["canceled"]);
  });
});

describe("a subscription that names another tenant", () => {
  it("is not applied to that tenant: its customer is not theirs", async () => {
    const payer = await signUp("pagador");
    const other = await signUp("ajeno");
    const { subscriptionId } = await subscribe(payer.token, "enterprise", "month");
    const before = await row(other.tenantId);
    // Someone with access to the Stripe account rewrites the metadata; the re-read names the other tenant.
    await stripe.subscriptions.update(subscriptionId, { metadata: { tenant_id: other.tenantId } });
    expect(await row(other.tenantId)).toEqual(before);
    expect((await billing(other.token)).standing).toBe("trial");
    expect(await loggedEvents(other.tenantId)).toBe(0);
  });
});

describe("webhook signatures", () => {
  let owner: { token: string; tenantId: string };
  let payload: string;

  beforeAll(async () => {
    owner = await signUp("firmas");
    await subscribe(owner.token, "basico", "month");
    // An event of this tenant, rewritten to claim what is not so: a re-read must win even when it is signed.
    const event = fake.events.findLast((e) => e.type === "customer.subscription.created")!;
    const forged = structuredClone(event) as unknown as { data: { object: { status: string } } };
    forged.data.object.status = "canceled";
    payload = JSON.stringify(forged);
  });

  const send = (body: string, signature?: string) =>
    fetch(webhookUrl, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(signature ? { "stripe-signature": signature } : {}),
      },
      body,
    });
  const now = () => Math.floor(clock.now().getTime() / 1000);
  const header = (secret: string, timestamp = now(), body = payload) =>
    stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp });

  it("refuses a wrong secret, a missing header, a stale timestamp and a tampered body with 400, changing nothing", async () => {
    const before = await row(owner.tenantId);
    for (const [body, signature] of [
      [payload, header("whsec_otro")],
      [payload, undefined],
      [payload, header(WHSEC, now() - 301)],
      [payload.replace("canceled", "active"), header(WHSEC)],
    ] as const) {
      const res = await send(body, signature);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string; message: string } }).error).toMatchObject({
        code: "bad_signature",
        message: "La firma del aviso de Stripe no es válida",
      });
    }
    expect(await row(owner.tenantId)).toEqual(before);
  });

  it("accepts a signature within 300 s, and applies Stripe's state, not the event's", async () => {
    const res = await send(payload, header(WHSEC, now() - 299));
    expect(res.status).toBe(200);
    expect(await billing(owner.token)).toMatchObject({ standing: "active", plan: "basico" });
  });
});

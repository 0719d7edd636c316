import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BillingConfig } from "../billing/config.js";
import { createBillingModule } from "../billing/module.js";
import { stripeProvider } from "../billing/stripe-provider.js";
import { startFakeStripe, type FakeStripe } from "../billing/test-support/fake-stripe.js";
import { ManualClock } from "../core/clock.js";
import type { CloudModule } from "../core/module.js";
import { DEV_SECRETS_KEY, SecretBox } from "../messaging/secrets.js";
import { cloudModules } from "../modules.js";
import { createTestDatabase, type TestDatabase } from "../test-support/test-database.js";
import { bearer, json, openTestCloud, type TestCloud } from "../test-support/test-cloud.js";
import { createTenantDataModule } from "./module.js";

// Closing cancels the subscription at the provider first: the real stripe-node client against the
// local fake Stripe, whose webhook then brings the cancellation into billing like any other.
const WHSEC = "whsec_cierre";
const clock = new ManualClock();
let db: TestDatabase;
let fake: FakeStripe;
let cloud: TestCloud;
let unreachable: TestCloud;

function modulesWith(billing: BillingConfig): CloudModule[] {
  const tenantData = createTenantDataModule({
    billing,
    secrets: new SecretBox(DEV_SECRETS_KEY),
    publicUrl: "http://panel.test",
    noticeDays: 30,
    eraseEveryMs: 3_600_000,
  });
  return [
    ...cloudModules.filter((m) => m.name !== "billing" && m.name !== "tenant-data"),
    createBillingModule(billing),
    tenantData,
  ];
}

beforeAll(async () => {
  db = await createTestDatabase();
  fake = await startFakeStripe({ now: () => clock.now(), afterRetries: "unpaid" });
  const api = { host: fake.host, port: fake.port, protocol: "http" as const };
  const stripe = new Stripe(fake.secretKey, api);
  const testClock = await stripe.testHelpers.testClocks.create({
    frozen_time: Math.floor(clock.now().getTime() / 1000),
  });
  const provider = stripeProvider({
    secretKey: fake.secretKey,
    webhookSecret: WHSEC,
    api,
    testClock: testClock.id,
  });
  cloud = await openTestCloud(db.sql, {
    clock,
    modules: modulesWith({ provider, publicUrl: "http://panel.test" }),
  });
  await cloud.app.listen({ port: 0, host: "127.0.0.1" });
  const port = (cloud.app.server.address() as AddressInfo).port;
  fake.sendWebhooksTo(`http://127.0.0.1:${port}/v1/billing/webhooks/stripe`, WHSEC);
  // The same service, but Stripe cannot be reached from it (a closed port).
  const down = stripeProvider({
    secretKey: fake.secretKey,
    webhookSecret: WHSEC,
    api: { host: "127.0.0.1", port: 9, protocol: "http" },
  });
  unreachable = await openTestCloud(db.sql, {
    clock,
    modules: modulesWith({ provider: down, publicUrl: "" }),
  });
});
afterAll(async () => {
  await unreachable?.close();
  await cloud?.close();
  await fake?.close();
  await db?.drop();
});

describe("closing a subscribed account", () => {
  it("cancels the subscription at Stripe first; with Stripe unreachable nothing changes", async () => {
    const signup = await cloud.app.inject({
      method: "POST",
      url: "/v1/auth/signup",
      payload: {
        businessName: "Boutique Cierre",
        rubro: "ropa",
        email: `cierre-${Date.now()}@example.com`,
        password: "una-clave-larga-9",
        acceptTerms: true,
      },
    });
    expect(signup.statusCode).toBe(201);
    const { token, tenantId } = json<{ token: string; tenantId: string }>(signup);
    const checkout = await cloud.app.inject({
      method: "POST",
      url: "/v1/billing/checkout",
      headers: bearer(token),
      payload: { plan: "profesional", interval: "month" },
    });
    const sessionId = new URL(json<{ url: string }>(checkout).url).pathname.split("/").pop()!;
    const session = await fake.completeCheckout(sessionId);
    const subscriptionId = session.subscription as string;
    const status = async () =>
      (
        await db.owner.query<{ status: string; org: string }>(
          `SELECT b.status, o.status AS org FROM billing_accounts b JOIN organizations o ON o.id = b.tenant_id
           WHERE b.tenant_id = $1`,
          [tenantId],
        )
      )[0];
    await expect.poll(status).toEqual({ status: "active", org: "active" });

    const body = { password: "una-clave-larga-9", confirmName: "Boutique Cierre" };
    const refused = await unreachable.app.inject({
      method: "POST",
      url: "/v1/account/close",
      headers: bearer(token),
      payload: body,
    });
    expect(refused.statusCode).toBe(409);
    expect(json<{ error: { code: string } }>(refused).error.code).toBe("billing_unreachable");
    expect(await status()).toEqual({ status: "active", org: "active" });

    const closed = await cloud.app.inject({
      method: "POST",
      url: "/v1/account/close",
      headers: bearer(token),
      payload: body,
    });
    expect(closed.statusCode).toBe(200);
    await expect.poll(status).toEqual({ status: "canceled", org: "closing" });
    const stripe = new Stripe(fake.secretKey, { host: fake.host, port: fake.port, protocol: "http" });
    expect((await stripe.subscriptions.retrieve(subscriptionId)).status).toBe("canceled");
  });
});

import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeStripe, type FakeStripe } from "./fake-stripe.js";

// The fake is only worth something if the real stripe-node client works against it unchanged and
// verifies its webhooks with its own constructEvent.
let fake: FakeStripe;
let stripe: Stripe;
const received: { body: string; signature: string }[] = [];
const receiver = createServer((req, res) => {
  let body = "";
  req.on("data", (c: Buffer) => (body += c.toString("utf8")));
  req.on("end", () => {
    received.push({ body, signature: String(req.headers["stripe-signature"]) });
    res.end("{}");
  });
});
const SECRET = "whsec_prueba";

beforeAll(async () => {
  fake = await startFakeStripe();
  stripe = new Stripe(fake.secretKey, { host: fake.host, port: fake.port, protocol: "http" });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  fake.sendWebhooksTo(`http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`, SECRET);
});
afterAll(async () => {
  await fake.close();
  receiver.close();
});

describe("fake Stripe with the real client", () => {
  it("refuses a wrong API key the way Stripe does", async () => {
    const other = new Stripe("sk_test_wrong", { host: fake.host, port: fake.port, protocol: "http" });
    await expect(other.customers.create({ email: "a@b.c" })).rejects.toMatchObject({
      type: "StripeAuthenticationError",
    });
  });

  it("finds the seeded plans by lookup_key", async () => {
    const prices = await stripe.prices.list({ lookup_keys: ["mostrador_profesional_year"] });
    expect(prices.data.map((p) => [p.lookup_key, p.recurring?.interval])).toEqual([
      ["mostrador_profesional_year", "year"],
    ]);
  });

  it("runs checkout → subscription → renewal on a test clock, with webhooks constructEvent accepts", async () => {
    const start = Math.floor(Date.now() / 1000);
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: start });
    const customer = await stripe.customers.create({ email: "duenia@example.com", test_clock: clock.id });
    const session = await stripe.checkout.sessions.create({
      mode: "subscription",
      customer: customer.id,
      line_items: [{ price: fake.priceId("mostrador_basico_month"), quantity: 1 }],
      success_url: "http://localhost/ok",
      subscription_data: { metadata: { tenant_id: "t1" } },
    });
    expect(session.url).toContain("/checkout/pay/");
    await fake.completeCheckout(session.id);
    const done = await stripe.checkout.sessions.retrieve(session.id);
    const sub = await stripe.subscriptions.retrieve(done.subscription as string);
    expect([sub.status, sub.metadata.tenant_id, sub.items.data[0]!.price.lookup_key]).toEqual([
      "active",
      "t1",
      "mostrador_basico_month",
    ]);

    fake.setCardDeclines(customer.id, true);
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: start + 31 * 86_400 });
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe("past_due");
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: start + 40 * 86_400 });
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe("unpaid");

    const types = received.map(
      ({ body, signature }) => stripe.webhooks.constructEvent(body, signature, SECRET).type,
    );
    expect(types).toContain("checkout.session.completed");
    expect(types).toContain("invoice.payment_failed");
    expect(() =>
      stripe.webhooks.constructEvent(received[0]!.body, received[0]!.signature, "whsec_otro"),
    ).toThrow();
  });

  it("answers a bad parameter with Stripe's error shape", async () => {
    await expect(
      stripe.billingPortal.sessions.create({ customer: "cus_nope", return_url: "http://x" }),
    ).rejects.toMatchObject({ type: "StripeInvalidRequestError", param: "customer" });
  });
});

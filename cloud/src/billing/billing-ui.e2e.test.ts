import type { Browser } from "playwright-core";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../core/clock.js";
import { DEFAULT_UI_DIR } from "../dashboard/static-ui.js";
import { ensureDashboardBuilt, launchTestChromium, textOf } from "../dashboard/test-chromium.js";
import { cloudModules } from "../modules.js";
import { buildCloudServer, type CloudServer } from "../server.js";
import { createTestDatabase, type TestDatabase } from "../test-support/test-database.js";
import type { BillingConfig } from "./config.js";
import { createBillingModule } from "./module.js";
import { stripeProvider } from "./stripe-provider.js";
import { startFakeStripe, type FakeStripe } from "./test-support/fake-stripe.js";

/**
 * "Plan y facturación" in Chromium: a new shop sees its trial, subscribes on the (fake) Stripe Checkout
 * page and comes back active; a renewal fails and the dunning banner shows on every screen; the unpaid
 * end turns it into "extras off". In English too.
 */
describe("plan and billing in the dashboard", () => {
  const WHSEC = "whsec_pantalla";
  const clock = new ManualClock("2026-03-02T15:00:00Z");
  let db: TestDatabase;
  let app: CloudServer;
  let url: string;
  let browser: Browser;
  let fake: FakeStripe;
  let stripe: Stripe;
  let testClock: string;

  beforeAll(async () => {
    await ensureDashboardBuilt();
    db = await createTestDatabase();
    fake = await startFakeStripe({ now: () => clock.now(), afterRetries: "unpaid" });
    const api = { host: fake.host, port: fake.port, protocol: "http" as const };
    stripe = new Stripe(fake.secretKey, api);
    testClock = (
      await stripe.testHelpers.testClocks.create({ frozen_time: Math.floor(clock.now().getTime() / 1000) })
    ).id;
    const config: BillingConfig = {
      provider: stripeProvider({ secretKey: fake.secretKey, webhookSecret: WHSEC, api, testClock }),
      publicUrl: "",
    };
    app = await buildCloudServer(db.sql, {
      clock,
      uiDir: DEFAULT_UI_DIR,
      modules: [...cloudModules.filter((m) => m.name !== "billing"), createBillingModule(config)],
    });
    url = (await app.listen({ port: 0, host: "127.0.0.1" })).replace("[::1]", "127.0.0.1");
    config.publicUrl = url;
    fake.sendWebhooksTo(`${url}/v1/billing/webhooks/stripe`, WHSEC);
    browser = await launchTestChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await fake?.close();
    await db?.drop();
  });

  it("shows the trial, subscribes through Checkout, and shows the dunning banner then the lapsed plan", async () => {
    const errors: string[] = [];
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on("pageerror", (err) => errors.push(String(err)));
    await page.goto(url);
    await page.getByTestId("login-to-signup").click();
    await page.getByTestId("signup-business").fill("Consultorio Sur");
    await page.getByTestId("signup-rubro").selectOption("ropa");
    await page.getByTestId("signup-email").fill(`duenia-plan-${Date.now()}@example.com`);
    await page.getByTestId("signup-password").fill("consultorio del sur 2026");
    await page.getByTestId("signup-terms").check();
    await page.getByTestId("signup-submit").click();
    await expect.poll(() => textOf(page, "nav-org")).toBe("Consultorio Sur");

    await page.getByTestId("nav-billing").click();
    await expect.poll(() => textOf(page, "billing-standing")).toBe("Prueba gratis");
    expect(await textOf(page, "billing-trial-days")).toBe("quedan 14 días");
    expect(await textOf(page, "billing-plan")).toBe("Profesional");
    expect(await page.getByTestId("billing-banner").count()).toBe(0);

    await page.getByTestId("billing-plan-select").selectOption("enterprise");
    await page.getByTestId("billing-interval-select").selectOption("year");
    await page.getByTestId("billing-subscribe").click();
    await expect.poll(() => page.getByTestId("fake-checkout-pay").count()).toBe(1);
    await page.getByTestId("fake-checkout-pay").click();
    // Back from Checkout at /#facturacion=gracias: the screen opens by itself, the webhooks already applied.
    await expect.poll(() => textOf(page, "billing-standing")).toBe("Al día");
    expect(await textOf(page, "billing-plan")).toBe("Enterprise · anual");
    expect(await textOf(page, "billing-modules")).toContain("Dispositivos (IoT)");

    const sub = fake.events.findLast((e) => e.type === "customer.subscription.created")!;
    const { customer: customerId } = (sub.data as { object: { customer: string } }).object;
    fake.setCardDeclines(customerId, true);
    await stripe.testHelpers.testClocks.advance(testClock, {
      frozen_time: Math.floor(clock.now().getTime() / 1000) + 366 * 86_400,
    });
    await page.reload();
    await expect.poll(() => textOf(page, "billing-banner")).toContain("No pudimos cobrar tu plan");

    await stripe.testHelpers.testClocks.advance(testClock, {
      frozen_time: Math.floor(clock.now().getTime() / 1000) + 380 * 86_400,
    });
    await page.getByTestId("language-toggle").click();
    await page.reload();
    await expect.poll(() => textOf(page, "billing-banner")).toContain("Your plan is not active");
    await page.getByTestId("billing-banner-go").click();
    await expect.poll(() => textOf(page, "billing-standing")).toBe("Unpaid: the plan's modules are off");
    expect(await textOf(page, "billing-modules")).toContain("None");
    expect(errors).toEqual([]);
  });
});

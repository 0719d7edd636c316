import {
  type FakeMercadoPago,
  startFakeMercadoPago,
} from "@mostrador/platform/mercadopago/fake/fake-mercadopago";
import { redirectMercadoPagoTo } from "@mostrador/platform/mercadopago/fake/redirect";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../core/clock.js";
import { DEFAULT_UI_DIR } from "../dashboard/static-ui.js";
import { ensureDashboardBuilt, launchTestChromium, textOf } from "../dashboard/test-chromium.js";
import { cloudModules } from "../modules.js";
import { buildCloudServer, type CloudServer } from "../server.js";
import { createTestDatabase, type TestDatabase } from "../test-support/test-database.js";
import type { BillingConfig } from "./config.js";
import { mercadoPagoBillingProvider } from "./mercadopago-provider.js";
import { createBillingModule } from "./module.js";
import { stripeProvider } from "./stripe-provider.js";
import { type FakeStripe, startFakeStripe } from "./test-support/fake-stripe.js";

/**
 * "Plan y facturación" with both providers configured: the owner chooses pesos through Mercado Pago,
 * authorizes the subscription on the (fake) Mercado Pago page and comes back active; then changes the
 * plan and cancels at the period's end from the screen. In English too.
 */
describe("paying the plan in pesos through Mercado Pago, in the dashboard", () => {
  const SECRET = "mp-pantalla";
  const clock = new ManualClock("2026-04-01T15:00:00Z");
  let db: TestDatabase;
  let app: CloudServer;
  let url: string;
  let browser: Browser;
  let mp: FakeMercadoPago;
  let stripe: FakeStripe;
  let undoRedirect: () => void;

  beforeAll(async () => {
    await ensureDashboardBuilt();
    db = await createTestDatabase();
    mp = await startFakeMercadoPago({ start: clock.now() });
    undoRedirect = redirectMercadoPagoTo(mp.url);
    stripe = await startFakeStripe({ now: () => clock.now() });
    const config: BillingConfig = {
      provider: stripeProvider({
        secretKey: stripe.secretKey,
        webhookSecret: "whsec_pantalla",
        api: { host: stripe.host, port: stripe.port, protocol: "http" },
      }),
      mercadopago: mercadoPagoBillingProvider({ accessToken: mp.accessToken, webhookSecret: SECRET }),
      publicUrl: "",
    };
    app = await buildCloudServer(db.sql, {
      clock,
      uiDir: DEFAULT_UI_DIR,
      modules: [...cloudModules.filter((m) => m.name !== "billing"), createBillingModule(config)],
    });
    url = (await app.listen({ port: 0, host: "127.0.0.1" })).replace("[::1]", "127.0.0.1");
    config.publicUrl = url;
    mp.notifyTo(`${url}/v1/billing/webhooks/mercadopago`, SECRET);
    browser = await launchTestChromium();
  }, 90_000);

  afterAll(async () => {
    undoRedirect?.();
    await browser?.close();
    await app?.close();
    await mp?.close();
    await stripe?.close();
    await db?.drop();
  });

  it("offers both, subscribes in pesos on Mercado Pago's page, changes the plan and cancels", async () => {
    const errors: string[] = [];
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on("pageerror", (err) => errors.push(String(err)));
    await page.goto(url);
    await page.getByTestId("login-to-signup").click();
    await page.getByTestId("signup-business").fill("Almacén Don Tito");
    await page.getByTestId("signup-rubro").selectOption("almacen");
    await page.getByTestId("signup-email").fill(`tito-${Date.now()}@example.com`);
    await page.getByTestId("signup-password").fill("almacen de don tito 2026");
    await page.getByTestId("signup-terms").check();
    await page.getByTestId("signup-submit").click();
    await expect.poll(() => textOf(page, "nav-org")).toBe("Almacén Don Tito");

    await page.getByTestId("nav-billing").click();
    await expect.poll(() => textOf(page, "billing-standing")).toBe("Prueba gratis");
    const providers = await textOf(page, "billing-providers");
    expect(providers).toContain("Pagar en pesos (Mercado Pago)");
    expect(providers).toContain("USD con tarjeta (Stripe)");
    expect(await page.getByTestId("billing-provider-mercadopago").isChecked()).toBe(true);
    await page.getByTestId("billing-provider-stripe").check();
    expect(await textOf(page, "billing-price")).toBe("Precio en dólares en la página de Stripe");
    await page.getByTestId("billing-provider-mercadopago").check();
    expect(await textOf(page, "billing-price")).toBe("$ 35.000,00 por mes");

    await page.getByTestId("billing-subscribe").click();
    await expect.poll(() => page.getByTestId("fake-mp-authorize").count()).toBe(1);
    expect(await textOf(page, "fake-mp-amount")).toContain("35000 ARS");
    await page.getByTestId("fake-mp-authorize").click();
    // Back at /#facturacion=gracias: the webhooks were applied before Mercado Pago sent the owner back.
    await expect.poll(() => textOf(page, "billing-standing")).toBe("Al día");
    expect(await textOf(page, "billing-plan")).toBe("Profesional · mensual");
    expect(await textOf(page, "billing-provider")).toBe("Mercado Pago, en pesos");
    expect(await page.getByTestId("billing-manage").count()).toBe(0);

    await page.getByTestId("billing-change-plan-select").selectOption("enterprise");
    await page.getByTestId("billing-change-plan").click();
    await expect.poll(() => textOf(page, "billing-plan")).toBe("Enterprise · mensual");
    expect(await textOf(page, "billing-modules")).toContain("Dispositivos (IoT)");

    await page.getByTestId("billing-cancel").click();
    await page.getByTestId("billing-cancel-keep").click();
    expect(await page.getByTestId("billing-cancel-confirm").count()).toBe(0);
    await page.getByTestId("billing-cancel").click();
    await page.getByTestId("billing-cancel-confirm").click();
    // Cancelled at Mercado Pago at once; the paid month is kept: "Termina el" instead of "Se renueva el".
    await expect.poll(() => page.getByText("Termina el").count()).toBe(1);
    expect(await textOf(page, "billing-standing")).toBe("Al día");
    expect(await page.getByTestId("billing-cancel").count()).toBe(0);

    await page.getByTestId("language-toggle").click();
    await expect.poll(() => textOf(page, "billing-provider")).toBe("Mercado Pago, in pesos");
    expect(await textOf(page, "billing-standing")).toBe("Paid up");
    expect(errors).toEqual([]);
  });
});

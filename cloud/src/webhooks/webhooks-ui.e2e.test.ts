import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTenant } from "../auth/accounts.js";
import { ManualClock } from "../core/clock.js";
import { DEFAULT_UI_DIR } from "../dashboard/static-ui.js";
import { ensureDashboardBuilt, launchTestChromium, textOf } from "../dashboard/test-chromium.js";
import { DEV_SECRETS_KEY, SecretBox } from "../messaging/secrets.js";
import { cloudModules } from "../modules.js";
import { buildCloudServer, type CloudServer } from "../server.js";
import { createTestDatabase, type TestDatabase } from "../test-support/test-database.js";
import type { WebhooksConfig } from "./config.js";
import { createWebhooksModule } from "./module.js";
import { verifySignature } from "./signature.js";
import { startReceiver } from "./test-support/receiver.js";
import { WebhooksWorker } from "./worker.js";

/**
 * "Webhooks" in Chromium: the owner registers the shop's receiver (a private address is refused with
 * its Spanish reason), copies the secret shown once, a new customer reaches the receiver signed, a
 * failure shows in the delivery log and "Reenviar" delivers it. In English too.
 */
describe("webhooks in the dashboard", () => {
  const clock = new ManualClock("2026-03-02T15:00:00Z");
  const config: WebhooksConfig = {
    secrets: new SecretBox(DEV_SECRETS_KEY),
    publicUrl: "",
    // The receiver is this machine's: loopback over http, allowed by configuration only.
    policy: { allowLoopback: true, resolve: () => Promise.resolve([]) },
    disableAfterDays: 3,
    retryMs: 3 * 86_400_000,
    timeoutMs: 5_000,
    pollMs: 600_000,
  };
  let db: TestDatabase;
  let app: CloudServer;
  let url: string;
  let browser: Browser;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let worker: WebhooksWorker;
  const email = `duenia-webhooks-${Date.now()}@example.com`;
  const password = "clave-de-prueba-1";

  beforeAll(async () => {
    await ensureDashboardBuilt();
    db = await createTestDatabase();
    receiver = await startReceiver();
    app = await buildCloudServer(db.sql, {
      clock,
      uiDir: DEFAULT_UI_DIR,
      modules: [...cloudModules.filter((m) => m.name !== "webhooks"), createWebhooksModule(config)],
    });
    url = (await app.listen({ port: 0, host: "127.0.0.1" })).replace("[::1]", "127.0.0.1");
    await createTenant(db.sql, { orgName: "Librería del Puerto", ownerEmail: email, password }, clock);
    worker = new WebhooksWorker(db.sql, clock, config);
    browser = await launchTestChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await receiver?.close();
    await db?.drop();
  });

  it("registers an endpoint, shows its deliveries and resends a failed one", async () => {
    const errors: string[] = [];
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on("pageerror", (err) => errors.push(String(err)));
    await page.goto(url);
    await page.getByTestId("login-email").fill(email);
    await page.getByTestId("login-password").fill(password);
    await page.getByTestId("login-submit").click();
    await expect.poll(() => textOf(page, "nav-org")).toBe("Librería del Puerto");

    await page.getByTestId("nav-webhooks").click();
    await expect.poll(() => page.getByTestId("webhooks-new").count()).toBe(1);

    // A private address is refused with its reason, and nothing is listed.
    await page.getByTestId("webhooks-url").fill("https://169.254.169.254/latest/meta-data");
    await page.getByTestId("webhooks-add").click();
    await expect.poll(() => textOf(page, "webhooks-new-error")).toContain("red privada");
    expect(await page.getByTestId("webhook-endpoint").count()).toBe(0);

    await page.getByTestId("webhooks-url").fill(receiver.url);
    await page.getByTestId("webhooks-description").fill("Mi planilla");
    await page.getByTestId("webhooks-event-sale.created").uncheck();
    await page.getByTestId("webhooks-event-customer.created").check();
    await page.getByTestId("webhooks-add").click();
    await expect.poll(() => textOf(page, "webhooks-secret-value")).toMatch(/^whsec_/);
    const secret = await textOf(page, "webhooks-secret-value");
    await page.getByTestId("webhooks-secret").getByRole("button").click();
    await expect.poll(() => textOf(page, "webhook-state")).toBe("Activo");
    expect(await textOf(page, "webhook-endpoint")).toContain("Cliente nuevo");

    // A customer born in the dashboard; the receiver answers 500 once, then the owner resends.
    receiver.answer(200, [500]);
    const token = await page.evaluate(() => {
      for (let i = 0; i < localStorage.length; i++) {
        const value = localStorage.getItem(localStorage.key(i)!) ?? "";
        const match = /"token":"(mos_[^"]+)"/.exec(value);
        if (match) return match[1]!;
      }
      return "";
    });
    const created = await fetch(`${url}/v1/customers`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "Marta Gómez" }),
    });
    expect(created.status).toBe(201);
    await worker.runOnce();

    await page.getByTestId("webhook-log").click();
    await expect.poll(() => textOf(page, "webhook-delivery-code")).toBe("500");
    expect(await textOf(page, "webhook-delivery-status")).toContain("Pendiente");

    receiver.answer(200);
    clock.advance(60_000);
    await worker.runOnce();
    await page.getByTestId("webhook-log").click();
    await page.getByTestId("webhook-log").click();
    await expect.poll(() => textOf(page, "webhook-delivery-status")).toBe("Entregado");
    await page.getByTestId("webhook-resend").click();
    await expect.poll(() => page.getByTestId("webhook-delivery").count()).toBe(2);
    await worker.runOnce();
    const ids = receiver.received.map((r) => r.headers["mostrador-event-id"]);
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(1);
    const last = receiver.received.at(-1)!;
    expect(
      verifySignature(
        secret,
        String(last.headers["mostrador-signature"]),
        last.body,
        clock.now().getTime() / 1000,
      ),
    ).toBe(true);

    // Switched off by hand, and the screen in English.
    await page.getByTestId("webhook-toggle").click();
    await expect.poll(() => textOf(page, "webhook-state")).toBe("Desactivado");
    await page.getByTestId("language-toggle").click();
    await expect.poll(() => textOf(page, "webhook-state")).toBe("Off");
    expect(await textOf(page, "nav-webhooks")).toBe("Webhooks");
    expect(errors).toEqual([]);
  });
});

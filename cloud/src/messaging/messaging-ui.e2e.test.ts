import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTenant } from "../auth/accounts.js";
import { ManualClock } from "../core/clock.js";
import { DEFAULT_UI_DIR } from "../dashboard/static-ui.js";
import { ensureDashboardBuilt, launchTestChromium, textOf } from "../dashboard/test-chromium.js";
import { buildCloudServer, type CloudServer } from "../server.js";
import { createTestDatabase, type TestDatabase } from "../test-support/test-database.js";
import { startMessagingWorld, TG_TOKEN } from "./test-support/messaging-world.js";
import { MessagingWorker } from "./worker.js";

/** Ajustes → Mensajería in Chromium: configure Telegram, add the owner as recipient, send a test, see it in the log. */
describe("the messaging settings screen", () => {
  let db: TestDatabase;
  let app: CloudServer;
  let url: string;
  let browser: Browser;
  let world: Awaited<ReturnType<typeof startMessagingWorld>>;
  const clock = new ManualClock("2026-03-02T15:00:00Z");
  const owner = { email: `duenia-msg-${Date.now()}@example.com`, password: "clave-del-panel-1" };

  beforeAll(async () => {
    await ensureDashboardBuilt();
    db = await createTestDatabase();
    world = await startMessagingWorld(db.sql, { clock });
    await createTenant(
      db.sql,
      { orgName: "Almacén La Esquina", ownerEmail: owner.email, password: owner.password },
      clock,
    );
    app = await buildCloudServer(db.sql, { clock, uiDir: DEFAULT_UI_DIR, modules: world.modules() });
    url = (await app.listen({ port: 0, host: "127.0.0.1" })).replace("[::1]", "127.0.0.1");
    browser = await launchTestChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await world?.close();
    await db?.drop();
  });

  it("saves a channel without ever showing its secret, adds a recipient and shows the test message accepted", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on("pageerror", (err) => errors.push(String(err)));
    await page.goto(url);
    await page.getByTestId("login-email").fill(owner.email);
    await page.getByTestId("login-password").fill(owner.password);
    await page.getByTestId("login-submit").click();
    await page.getByTestId("nav-messaging").click();

    await page.getByTestId("channel-telegram-botToken").fill(TG_TOKEN);
    await page.getByTestId("channel-telegram-webhookSecret").fill("secreto_del_webhook");
    await page.getByTestId("channel-telegram-save").click();
    await expect.poll(() => textOf(page, "messaging-notice")).toBe("Guardado");
    // Write-only: after saving, the field is empty and says a secret is kept.
    await expect
      .poll(() => page.getByTestId("channel-telegram-botToken").getAttribute("placeholder"))
      .toBe("Guardado (dejalo vacío para no cambiarlo)");
    expect(await page.getByTestId("channel-telegram-botToken").inputValue()).toBe("");
    expect(await page.content()).not.toContain(TG_TOKEN);

    // A bad phone is refused with the server's sentence; a good recipient is added.
    await page.getByTestId("recipient-name").fill("Marta");
    await page.getByTestId("recipient-phone").fill("hola");
    await page.getByTestId("recipient-add").click();
    await expect.poll(() => textOf(page, "messaging-notice")).toBe('"hola" no es un número de teléfono');
    await page.getByTestId("recipient-phone").fill("011 15 2345-6789");
    await page.getByTestId("recipient-telegramChatId").fill("5151");
    await page.getByTestId("recipient-add").click();
    await expect.poll(() => textOf(page, "recipients-table")).toContain("+541123456789");

    await page.getByTestId("test-send-telegram").click();
    await expect.poll(() => textOf(page, "messages-table")).toContain("En cola");
    await new MessagingWorker(db.sql, clock, world.config).runOnce();
    await page.getByTestId("nav-stores").click();
    await page.getByTestId("nav-messaging").click();
    await expect.poll(() => textOf(page, "messages-table")).toContain("Aceptado");
    expect(world.telegram.sent.map((s) => s.text)).toEqual(["Mensaje de prueba de Mostrador"]);

    await page.getByTestId("language-toggle").click();
    await expect.poll(() => textOf(page, "messages-table")).toContain("Accepted");
    expect(await textOf(page, "nav-messaging")).toBe("Messaging");
    expect(errors).toEqual([]);
    await page.close();
  });
});

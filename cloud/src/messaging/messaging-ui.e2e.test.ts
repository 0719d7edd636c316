import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTenant } from "../auth/accounts.js";
import { createStore } from "../tenancy/stores.js";
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
  let tenant: { tenantId: string };
  const owner = { email: `duenia-msg-${Date.now()}@example.com`, password: "clave-del-panel-1" };

  beforeAll(async () => {
    await ensureDashboardBuilt();
    db = await createTestDatabase();
    world = await startMessagingWorld(db.sql, { clock });
    tenant = await createTenant(
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
    // The cloud checked the token (getMe) and, without a public URL, polls getUpdates: the notice says so.
    await expect
      .poll(() => textOf(page, "messaging-notice"))
      .toBe(
        `Guardado. Bot @${world.telegram.username}: la nube le pregunta a Telegram por mensajes nuevos (sin URL pública)`,
      );
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

    // Conectar Telegram: a one-time t.me link to the bot.
    const [recipient] = await db.owner.query<{ id: string }>(
      `SELECT id FROM messaging_contacts WHERE tenant_id = $1`,
      [tenant.tenantId],
    );
    await page.getByTestId(`telegram-link-${recipient!.id}`).click();
    await expect
      .poll(() => textOf(page, `telegram-link-url-${recipient!.id}`))
      .toMatch(new RegExp(`https://t\\.me/${world.telegram.username}\\?start=[A-Za-z0-9_-]{32}`));

    // Preferences: low stock not on Telegram; quiet hours with Crítica as the only bypass.
    await page.getByTestId("pref-low_stock-telegram").uncheck();
    await page.getByTestId("pref-quiet").check();
    await page.getByTestId("pref-bypass").selectOption("4");
    await page.getByTestId("pref-save").click();
    await expect.poll(() => textOf(page, "messaging-notice")).toBe("Guardado");
    const [prefs] = await db.owner.query<{ channels: string[]; bypass: number }>(
      `SELECT p.channels, c.alert_bypass_severity AS bypass FROM messaging_alert_preferences p
       JOIN messaging_contacts c ON c.tenant_id = p.tenant_id AND c.id = p.contact_id
       WHERE p.tenant_id = $1 AND p.kind = 'low_stock'`,
      [tenant.tenantId],
    );
    expect(prefs).toEqual({ channels: ["email", "whatsapp"], bypass: 4 });

    // An owner notification and its delivery per channel.
    const store = await createStore(db.sql, tenant.tenantId, "Local centro", clock);
    await world.ownerNotification(tenant.tenantId, store.id, "Heladera a 9 °C", {
      kind: "rule",
      severity: 4,
    });
    await new MessagingWorker(db.sql, clock, world.config).runOnce();
    await page.getByTestId("owner-notifications-refresh").click();
    await expect
      .poll(() => textOf(page, "owner-notifications-table"))
      .toContain("Local centro: Heladera a 9 °C");
    expect(await textOf(page, "owner-notifications-table")).toContain("Telegram · Marta: Aceptado");

    // The till offline setting refuses nonsense with the server's sentence.
    await page.getByTestId("offline-minutes").fill("45");
    await page.getByTestId("offline-setting").getByRole("button").click();
    await expect.poll(() => textOf(page, "messaging-notice")).toBe("Guardado");

    await page.getByTestId("language-toggle").click();
    await expect.poll(() => textOf(page, "messages-table")).toContain("Accepted");
    expect(await textOf(page, "nav-messaging")).toBe("Messaging");
    await page.getByTestId("language-toggle").click();

    // Removing the recipient asks once more, then takes them off the list.
    await page.getByTestId(`remove-${recipient!.id}`).click();
    await page.getByTestId(`remove-confirm-${recipient!.id}`).click();
    await expect.poll(() => textOf(page, "messaging-notice")).toBe("Quitado");
    await expect.poll(() => page.getByTestId(`recipient-${recipient!.id}`).count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});

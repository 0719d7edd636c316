import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTenant } from "../auth/accounts.js";
import { ManualClock } from "../core/clock.js";
import { DEFAULT_UI_DIR } from "../dashboard/static-ui.js";
import { ensureDashboardBuilt, launchTestChromium, textOf } from "../dashboard/test-chromium.js";
import { buildCloudServer, type CloudServer } from "../server.js";
import { createTestDatabase, type TestDatabase } from "../test-support/test-database.js";

/** The dashboard's "API" screen in Chromium: a key created (its secret shown once), used, then revoked. */
describe("the dashboard's API screen", () => {
  let db: TestDatabase;
  let app: CloudServer;
  let url: string;
  let browser: Browser;
  const clock = new ManualClock("2026-03-02T15:00:00Z");
  const owner = { email: `duenio-api-${Date.now()}@example.com`, password: "clave-del-panel-1" };

  beforeAll(async () => {
    await ensureDashboardBuilt();
    db = await createTestDatabase();
    await createTenant(
      db.sql,
      { orgName: "Almacén API", ownerEmail: owner.email, password: owner.password },
      clock,
    );
    app = await buildCloudServer(db.sql, { clock, uiDir: DEFAULT_UI_DIR });
    url = (await app.listen({ port: 0, host: "127.0.0.1" })).replace("[::1]", "127.0.0.1");
    browser = await launchTestChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await db?.drop();
  });

  const callWith = (secret: string) =>
    fetch(`${url}/api/v1/products`, { headers: { authorization: `Bearer ${secret}` } });

  it("creates a key whose secret is shown once, shows its last use, and revokes it", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on("pageerror", (err) => errors.push(String(err)));
    await page.goto(url);
    await page.getByTestId("login-email").fill(owner.email);
    await page.getByTestId("login-password").fill(owner.password);
    await page.getByTestId("login-submit").click();
    await page.getByTestId("nav-api").click();
    await expect.poll(() => textOf(page, "screen-api")).toContain("Todavía no hay claves.");

    // No resource chosen: the service refuses, in Spanish, and nothing is made.
    await page.getByTestId("api-name").fill("Tienda en línea");
    await page.getByTestId("api-create").click();
    await expect
      .poll(() => textOf(page, "api-error"))
      .toBe("Elegí al menos un recurso que la clave pueda leer");

    await page.getByTestId("api-scope-products").selectOption("write");
    await page.getByTestId("api-scope-sales").selectOption("read");
    expect(await page.getByTestId("api-scope-sales").locator("option").allTextContents()).toEqual([
      "Sin acceso",
      "Leer",
    ]);
    await page.getByTestId("api-create").click();
    await expect.poll(() => textOf(page, "api-secret")).toMatch(/^mk_live_[A-Za-z0-9_-]{43}$/);
    const secret = await textOf(page, "api-secret");
    expect(await textOf(page, "api-secret-box")).toContain("es la única vez que se muestra");
    await expect.poll(() => textOf(page, "api-key-Tienda en línea")).toContain(secret.slice(0, 12));
    expect(await textOf(page, "api-key-Tienda en línea")).toContain("Productos y precios: Leer y escribir");

    // The key works; the screen shows it was used.
    expect((await callWith(secret)).status).toBe(200);
    await page.getByTestId("api-secret-done").click();
    await expect.poll(() => page.getByTestId("api-secret-box").count()).toBe(0);
    await page.reload();
    await page.getByTestId("nav-api").click();
    await expect.poll(() => textOf(page, "api-key-last-used")).not.toBe("Nunca");
    expect(await page.content()).not.toContain(secret);
    await expect.poll(() => textOf(page, "api-usage")).toContain("Este mes: 1 de");

    // Revoked in two clicks; the key stops at once.
    await page.getByTestId("api-key-revoke").click();
    await page.getByTestId("api-key-confirm-revoke").click();
    await expect.poll(() => textOf(page, "api-notice")).toBe("Clave revocada: ya no funciona.");
    await expect.poll(() => textOf(page, "api-key-state")).toContain("Revocada");
    const refused = await callWith(secret);
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("api_key_revoked");

    // In English too.
    await page.getByTestId("language-toggle").click();
    await expect.poll(() => textOf(page, "screen-api")).toContain("API keys");

    // The documentation the screen links to renders from the service itself.
    await page.goto(`${url}/api/v1/docs`);
    await expect
      .poll(async () => page.locator(".swagger-ui .title").first().textContent())
      .toContain("Mostrador API");
    expect(errors).toEqual([]);
  }, 90_000);
});

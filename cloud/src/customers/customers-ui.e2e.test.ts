import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTenant } from "../auth/accounts.js";
import { ManualClock } from "../core/clock.js";
import { DEFAULT_UI_DIR } from "../dashboard/static-ui.js";
import { ensureDashboardBuilt, launchTestChromium, textOf } from "../dashboard/test-chromium.js";
import { buildCloudServer, type CloudServer } from "../server.js";
import { createTestDatabase, type TestDatabase } from "../test-support/test-database.js";

/** Clientes in Chromium: a bad DNI refused, a customer created, WhatsApp consent recorded, then erased. */
describe("the dashboard's Clientes screen", () => {
  let db: TestDatabase;
  let app: CloudServer;
  let url: string;
  let browser: Browser;
  const clock = new ManualClock("2026-03-02T15:00:00Z");
  const owner = { email: `duenio-clientes-${Date.now()}@example.com`, password: "clave-del-panel-1" };

  beforeAll(async () => {
    await ensureDashboardBuilt();
    db = await createTestDatabase();
    await createTenant(
      db.sql,
      { orgName: "Ropa Lucía", ownerEmail: owner.email, password: owner.password },
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

  it("creates a customer (a bad DNI refused first), records WhatsApp consent and erases them", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on("pageerror", (err) => errors.push(String(err)));
    await page.goto(url);
    await page.getByTestId("login-email").fill(owner.email);
    await page.getByTestId("login-password").fill(owner.password);
    await page.getByTestId("login-submit").click();
    await page.getByTestId("nav-customers").click();

    await page.getByTestId("customers-new").click();
    await page.getByTestId("customer-name").fill("Marta Gómez");
    await page.getByTestId("customer-docNumber").fill("123");
    await page.getByTestId("customer-phone").fill("11 2233-4455");
    await page.getByTestId("customer-save").click();
    await expect
      .poll(() => textOf(page, "customer-error"))
      .toBe("El DNI debe tener 7 u 8 dígitos, sin letras");

    await page.getByTestId("customer-docNumber").fill("30.123.456");
    await page.getByTestId("customer-save").click();
    await expect.poll(() => textOf(page, "customers-table")).toContain("Marta Gómez");
    expect(await textOf(page, "customers-table")).toContain("30123456");

    await page.getByTestId("consent-whatsapp").click();
    await expect.poll(() => textOf(page, "customer-consent")).toContain("aceptó el");
    expect(await textOf(page, "customer-consent")).toContain(owner.email);

    await page.getByTestId("customer-erase").click();
    await page.getByTestId("customer-erase-ok").click();
    await expect.poll(() => textOf(page, "customers-notice")).toBe("Datos del cliente borrados");
    await expect.poll(() => textOf(page, "customers-table")).not.toContain("Marta");
    expect(errors).toEqual([]);
  }, 60_000);
});

import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTenant } from "../auth/accounts.js";
import { ManualClock } from "../core/clock.js";
import { DEFAULT_UI_DIR } from "../dashboard/static-ui.js";
import { ensureDashboardBuilt, launchTestChromium, textOf } from "../dashboard/test-chromium.js";
import { buildCloudServer, type CloudServer } from "../server.js";
import { createTestDatabase, type TestDatabase } from "../test-support/test-database.js";

/** Cuentas in Chromium: the owner gives a customer an account by name (a bad limit refused), then changes it. */
describe("the dashboard's Cuentas screen", () => {
  let db: TestDatabase;
  let app: CloudServer;
  let url: string;
  let browser: Browser;
  const clock = new ManualClock("2026-03-02T15:00:00Z");
  const owner = { email: `duenio-cuentas-${Date.now()}@example.com`, password: "clave-del-panel-1" };

  beforeAll(async () => {
    await ensureDashboardBuilt();
    db = await createTestDatabase();
    await createTenant(
      db.sql,
      { orgName: "Almacén Rosa", ownerEmail: owner.email, password: owner.password },
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

  it("finds a customer by name, refuses a bad limit, sets one and changes it; the table names the customer", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on("pageerror", (err) => errors.push(String(err)));
    await page.goto(url);
    await page.getByTestId("login-email").fill(owner.email);
    await page.getByTestId("login-password").fill(owner.password);
    await page.getByTestId("login-submit").click();
    // The customer, typed in Clientes.
    await page.getByTestId("nav-customers").click();
    await page.getByTestId("customers-new").click();
    await page.getByTestId("customer-name").fill("Marta Gómez");
    await page.getByTestId("customer-save").click();
    await expect.poll(() => textOf(page, "customers-table")).toContain("Marta Gómez");

    await page.getByTestId("nav-accounts").click();
    await page.getByTestId("accounts-open-search").fill("Marta");
    await page.getByTestId("accounts-open-pick").first().click();
    await page.getByTestId("accounts-limit-input").fill("12,345");
    await page.getByTestId("accounts-limit-save").click();
    await expect
      .poll(() => textOf(page, "accounts-limit-error"))
      .toBe("Escribí un importe de cero o más, como 150.000 o 150.000,50; vacío: sin cuenta");
    await page.getByTestId("accounts-limit-input").fill("150.000");
    await page.getByTestId("accounts-limit-save").click();
    await expect.poll(() => textOf(page, "accounts-table")).toContain("Marta Gómez");
    expect(await textOf(page, "accounts-table")).toContain("$ 150.000,00");

    await page.getByTestId("accounts-limit-edit").click();
    await page.getByTestId("accounts-limit-input").fill("80.000,50");
    await page.getByTestId("accounts-limit-save").click();
    await expect.poll(() => textOf(page, "accounts-table")).toContain("$ 80.000,50");
    expect(errors).toEqual([]);
  }, 60_000);
});

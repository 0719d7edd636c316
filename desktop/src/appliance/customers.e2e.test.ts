import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_CODES } from "../seed/demo-catalog.js";
import { type RunningAppliance, startAppliance } from "./appliance.js";
import { launchChromium } from "./browser.js";
import { demoOwnerApi, loginAtTill, scanAtTill, textOf } from "./test-till-page.js";

describe("a customer at the till, end to end in Chromium", () => {
  let dataDir: string;
  let appliance: RunningAppliance;
  let browser: Browser;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "mostrador-customers-e2e-"));
    appliance = await startAppliance({ dataDir, host: "127.0.0.1", port: 0, seedDemo: true });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await appliance?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("quick-creates a customer with F3, attaches them by scanning their loyalty card, sells, and the receipt names them", async () => {
    const owner = await demoOwnerApi(appliance);
    await owner("/cash/open", { openingFloat: 1_000_000 });

    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const pageErrors: Error[] = [];
    page.on("pageerror", (err) => pageErrors.push(err));
    await page.goto(appliance.url);
    await page.getByTestId("login-terminal-1").click();
    await loginAtTill(page, "Martín", "2222");

    // F3, the name, Enter (nobody matches: the quick form opens with the name in it), the card scanned, Enter.
    await expect.poll(() => page.getByTestId("scan-input").isVisible()).toBe(true);
    const customersBefore = appliance.ctx.db.prepare("SELECT count(*) FROM customers").pluck().get();
    await page.keyboard.press("F3");
    await page.getByTestId("customer-search").fill("Lucía Fernández");
    await expect.poll(() => textOf(page, "customer-results")).toMatch(/Ningún cliente/);
    await page.keyboard.press("Enter");
    expect(await page.getByTestId("customer-create-name").inputValue()).toBe("Lucía Fernández");
    // A DNI mistyped: refused in Spanish in the form, and nobody is created.
    await page.getByTestId("customer-create-doc").fill("30.123");
    await page.getByTestId("customer-create-save").click();
    await expect
      .poll(() => textOf(page, "error-text"), { timeout: 10_000 })
      .toBe("El DNI debe tener 7 u 8 dígitos, sin letras");
    expect(appliance.ctx.db.prepare("SELECT count(*) FROM customers").pluck().get()).toBe(customersBefore);
    await page.getByTestId("customer-create-doc").fill("30.123.456");
    await page.getByTestId("customer-create-phone").fill("11 15 2233-4455");
    await page.getByTestId("customer-create-whatsapp").check(); // she says yes to promotions by WhatsApp
    await page.getByTestId("customer-create-card").fill("MOST-000123");
    await page.getByTestId("customer-create-card").focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => textOf(page, "sale-customer-name")).toBe("Lucía Fernández");

    // Detached, then a product and the loyalty card scanned into the till's one input.
    await page.getByTestId("detach-customer").click();
    await expect.poll(() => page.getByTestId("attach-customer").isVisible()).toBe(true);
    await page.getByTestId("scan-input").focus();
    await scanAtTill(page, DEMO_CODES.cocaCola);
    await expect.poll(() => page.getByTestId("cart-line").count()).toBe(1);
    await scanAtTill(page, "MOST-000123");
    await expect.poll(() => textOf(page, "sale-customer-name")).toBe("Lucía Fernández");
    expect(await page.getByTestId("cart-line").count()).toBe(1);

    // Paid in cash, exact: the receipt (preview from the server's layout) and the dialog name her.
    await page.getByTestId("pay-button").click();
    await page.getByTestId("pay-method-cash").click();
    await page.getByTestId("pay-add").click();
    await page.getByTestId("pay-confirm").click();
    await expect.poll(() => page.getByTestId("receipt-preview").isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => textOf(page, "receipt-preview")).toMatch(/Cliente\s+Lucía Fernández/);
    expect(await textOf(page, "receipt-customer")).toContain("Lucía Fernández");
    await page.getByTestId("new-sale-button").click();
    await expect.poll(() => page.getByTestId("attach-customer").isVisible()).toBe(true);

    // Historial shows who bought.
    await page.getByTestId("nav-history").click();
    await expect.poll(() => textOf(page, "history-customer")).toBe("Lucía Fernández");

    // Clientes (managers): her consent shows who recorded it and when; a bad birthday refused; she opts out,
    // then is erased on request; the sale stays, naming a deleted customer.
    await page.getByTestId("nav-customers").click();
    await page.getByTestId("customers-search").fill("lucia");
    await expect.poll(() => page.getByTestId("customers-row").count()).toBe(1);
    await page.getByTestId("customers-row").click();
    await expect.poll(() => textOf(page, "customer-consent")).toContain("aceptó el");
    expect(await textOf(page, "customer-consent")).toContain("Martín");
    await page.getByTestId("customer-birthday").fill("2099-01-01");
    await page.getByTestId("customer-save").click();
    await expect.poll(() => textOf(page, "error-text")).toBe("La fecha de nacimiento no puede ser futura");
    await page.getByTestId("customer-birthday").fill("1990-05-04");
    await page.getByTestId("customer-save").click();
    await expect.poll(() => textOf(page, "customers-screen")).toContain("+5491122334455");
    // She changes her mind: opted out, recorded the same way.
    await page.getByTestId("consent-whatsapp").click();
    await expect.poll(() => textOf(page, "customer-consent")).toContain("no acepta desde el");
    await page.getByTestId("customer-erase").click();
    expect(await textOf(page, "confirm-message")).toContain("CUIT se conserva");
    await page.getByTestId("confirm-ok").click();
    await expect.poll(() => page.getByTestId("customers-row").count()).toBe(0);
    await page.getByTestId("nav-history").click();
    await expect.poll(() => textOf(page, "history-customer")).toBe("Cliente borrado");
    expect(pageErrors).toEqual([]);
  }, 90_000);
});

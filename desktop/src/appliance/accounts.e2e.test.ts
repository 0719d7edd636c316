import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { v7 as uuidv7 } from "uuid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountSummary } from "../accounts/summary.js";
import { setCreditLimit } from "../accounts/limits.js";
import { insertCustomer } from "../accounts/test-customers.js";
import { resolveScan } from "../catalog/scan.js";
import { getLoyaltyRules } from "../loyalty/rules.js";
import { type FakePrinter, startFakePrinter } from "../receipts/test-printer.js";
import { DEMO_CODES } from "../seed/demo-catalog.js";
import { updateSettings } from "@mostrador/kernel/shop/settings";
import { type RunningAppliance, startAppliance } from "./appliance.js";
import { launchChromium } from "./browser.js";
import { demoOwnerApi, loginAtTill, textOf } from "./test-till-page.js";

describe("customer accounts at the till, end to end in Chromium", () => {
  let dataDir: string;
  let appliance: RunningAppliance;
  let browser: Browser;
  let printer: FakePrinter;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "mostrador-accounts-e2e-"));
    printer = await startFakePrinter();
    appliance = await startAppliance({ dataDir, host: "127.0.0.1", port: 0, seedDemo: true });
    updateSettings(appliance.ctx.db, {
      printer: { interface: printer.uri, type: "epson", widthMm: 80, openDrawerOnCash: true },
    });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await printer?.close();
    await browser?.close();
    await appliance?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("lists the debtor, shows the statement, takes a partial cash payment with change, and sets the points rules", async () => {
    const db = appliance.ctx.db;
    const owner = db.prepare("SELECT id, name FROM staff WHERE name LIKE 'Martín%'").get() as {
      id: string;
      name: string;
    };
    const terminal = db.prepare("SELECT id FROM terminals WHERE code = 1").get() as { id: string };
    const ana = insertCustomer(appliance.ctx, { name: "Ana Pérez" });
    setCreditLimit(
      appliance.ctx,
      { staffId: owner.id, name: owner.name, role: "owner", terminalId: terminal.id },
      ana.id,
      5_000_000,
    );
    const call = await demoOwnerApi(appliance);
    await call("/cash/open", { openingFloat: 1_000_000 });
    const coca = resolveScan(appliance.ctx, DEMO_CODES.cocaCola).product;
    await call("/sales", {
      id: uuidv7(),
      lines: [{ productId: coca.id, quantity: 2 }],
      payments: [{ method: "account", amount: coca.price * 2 }],
      customerId: ana.id,
    });
    const debt = coca.price * 2;

    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const pageErrors: Error[] = [];
    page.on("pageerror", (err) => pageErrors.push(err));
    await page.goto(appliance.url);
    await page.getByTestId("login-terminal-1").click();
    await loginAtTill(page, "Martín", "2222");

    await page.getByTestId("nav-accounts").click();
    await expect.poll(() => page.getByTestId("debtor").count(), { timeout: 10_000 }).toBe(1);
    expect(await textOf(page, "debtor")).toContain("Ana Pérez");
    await page.getByTestId("debtor").click();
    await expect.poll(() => page.getByTestId("statement-entry").count(), { timeout: 10_000 }).toBe(1);

    // Ana pays $ 1,00 of it in cash, handing over $ 5,00: the change is shown and the balance drops.
    await page.getByTestId("account-pay-method-cash").click();
    await page.getByTestId("account-pay-amount").fill("1");
    await page.getByTestId("account-pay-tendered").fill("5");
    await page.getByTestId("account-pay-confirm").click();
    await expect.poll(() => textOf(page, "account-pay-change"), { timeout: 10_000 }).toBe("Vuelto: $ 4,00");
    await expect.poll(() => page.getByTestId("statement-entry").count()).toBe(2);
    expect(accountSummary(appliance.ctx, ana.id).balance).toBe(debt - 100);
    // Its slip prints at once: the payment, the method and what she still owes.
    await expect
      .poll(() => textOf(page, "account-pay-slip-status"), { timeout: 10_000 })
      .toContain("Comprobante impreso");
    const slip = printer.jobs[printer.jobs.length - 1] ?? Buffer.alloc(0);
    expect(slip.includes(Buffer.from("PAGO DE CUENTA CORRIENTE"))).toBe(true);
    expect(slip.includes(Buffer.from("SALDO ADEUDADO"))).toBe(true);

    // More than the debt is refused with the reason, and nothing is recorded.
    await page.getByTestId("account-pay-method-transfer").click();
    await page.getByTestId("account-pay-amount").fill(String(debt));
    await page.getByTestId("account-pay-confirm").click();
    await expect
      .poll(() => textOf(page, "account-pay-error"), { timeout: 10_000 })
      .toContain("supera la deuda");
    expect(accountSummary(appliance.ctx, ana.id).balance).toBe(debt - 100);

    // Ajustes → Puntos: the owner turns the program on.
    await page.getByTestId("nav-settings").click();
    await page.getByTestId("settings-tab-loyalty").click();
    await page.getByTestId("loyalty-enabled").check();
    await page.getByTestId("loyalty-save").click();
    await expect.poll(() => getLoyaltyRules(appliance.ctx).enabled, { timeout: 10_000 }).toBe(true);
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it("lets the owner adjust an account and the points with a reason, after a confirm, and shows a refusal", async () => {
    const db = appliance.ctx.db;
    const owner = db.prepare("SELECT id, name FROM staff WHERE name LIKE 'Martín%'").get() as {
      id: string;
      name: string;
    };
    const terminal = db.prepare("SELECT id FROM terminals WHERE code = 1").get() as { id: string };
    const bruno = insertCustomer(appliance.ctx, { name: "Bruno Díaz" });
    setCreditLimit(
      appliance.ctx,
      { staffId: owner.id, name: owner.name, role: "owner", terminalId: terminal.id },
      bruno.id,
      5_000_000,
    );
    const call = await demoOwnerApi(appliance);
    const coca = resolveScan(appliance.ctx, DEMO_CODES.cocaCola).product;
    await call("/sales", {
      id: uuidv7(),
      lines: [{ productId: coca.id, quantity: 1 }],
      payments: [{ method: "account", amount: coca.price }],
      customerId: bruno.id,
    });
    // What the sale earned, if the points program is on.
    const points = accountSummary(appliance.ctx, bruno.id).points;

    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const pageErrors: Error[] = [];
    page.on("pageerror", (err) => pageErrors.push(err));
    await page.goto(appliance.url);
    await page.getByTestId("login-terminal-1").click();
    await loginAtTill(page, "Martín", "2222");
    await page.getByTestId("nav-accounts").click();
    await page.getByTestId("debtor").filter({ hasText: "Bruno Díaz" }).click();
    await expect.poll(() => textOf(page, "statement"), { timeout: 10_000 }).toContain("Bruno Díaz");

    // A credit of $ 1,00 (a mistake undone): Enter asks, the confirm says what and why, the balance drops.
    await page.getByTestId("account-adjust-down").click();
    await page.getByTestId("account-adjust-amount").fill("1");
    await page.getByTestId("account-adjust-note").fill("Cobrado de más");
    await page.getByTestId("account-adjust-note").press("Enter");
    expect(await textOf(page, "confirm-message")).toContain("Cobrado de más");
    await page.getByTestId("confirm-ok").press("Enter");
    await expect
      .poll(() => accountSummary(appliance.ctx, bruno.id).balance, { timeout: 10_000 })
      .toBe(coca.price - 100);

    // Without a reason nothing is asked nor recorded.
    await page.getByTestId("points-adjust-amount").fill("50");
    await page.getByTestId("points-adjust-submit").click();
    expect(await textOf(page, "points-adjust-error")).toContain("motivo");

    // 50 points given, then taking 5.000 is refused in Spanish and changes nothing.
    await page.getByTestId("points-adjust-note").fill("Compensación");
    await page.getByTestId("points-adjust-submit").click();
    await page.getByTestId("confirm-ok").click();
    await expect.poll(() => textOf(page, "account-points"), { timeout: 10_000 }).toBe(String(points + 50));
    await page.getByTestId("points-adjust-down").click();
    await page.getByTestId("points-adjust-amount").fill("5000");
    await page.getByTestId("points-adjust-note").fill("Error");
    await page.getByTestId("points-adjust-submit").click();
    await page.getByTestId("confirm-ok").click();
    await expect
      .poll(() => textOf(page, "points-adjust-error"), { timeout: 10_000 })
      .toContain(`tiene ${points + 50} puntos`);
    expect(accountSummary(appliance.ctx, bruno.id).points).toBe(points + 50);
    expect(pageErrors).toEqual([]);
  }, 60_000);
});

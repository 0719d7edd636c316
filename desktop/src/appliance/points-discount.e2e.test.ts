import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adjustPoints } from "../accounts/adjustments.js";
import { accountSummary } from "../accounts/summary.js";
import { insertCustomer } from "../accounts/test-customers.js";
import { resolveScan } from "../catalog/scan.js";
import { setLoyaltyRules } from "../loyalty/rules.js";
import { DEMO_CODES } from "../seed/demo-catalog.js";
import { type RunningAppliance, startAppliance } from "./appliance.js";
import { launchChromium } from "./browser.js";
import { demoOwnerApi, loginAtTill, scanAtTill, textOf } from "./test-till-page.js";

describe("points redeemed as a ticket discount at the till, end to end in Chromium", () => {
  let dataDir: string;
  let appliance: RunningAppliance;
  let browser: Browser;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "mostrador-points-discount-e2e-"));
    appliance = await startAppliance({ dataDir, host: "127.0.0.1", port: 0, seedDemo: true });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await appliance?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("Canjear puntos: a bad count refused, 100 points off the ticket, the receipt names them", async () => {
    const db = appliance.ctx.db;
    const owner = db.prepare("SELECT id, name FROM staff WHERE name LIKE 'Martín%'").get() as {
      id: string;
      name: string;
    };
    const terminal = db.prepare("SELECT id FROM terminals WHERE code = 1").get() as { id: string };
    const principal = {
      staffId: owner.id,
      name: owner.name,
      role: "owner" as const,
      terminalId: terminal.id,
    };
    const ana = insertCustomer(appliance.ctx, { name: "Ana Pérez" });
    db.prepare("UPDATE customers SET loyalty_code = 'MOST-000777' WHERE id = ?").run(ana.id);
    setLoyaltyRules(appliance.ctx, principal, {
      enabled: true,
      spendPerPoint: 100_000_000, // earning out of the way
      pointValue: 100,
      minSaleTotal: 0,
      excludedCategories: [],
      expiryMonths: null,
      birthdayBonus: 0,
    });
    adjustPoints(appliance.ctx, principal, ana.id, { points: 500, note: "Bienvenida" });
    const call = await demoOwnerApi(appliance);
    await call("/cash/open", { openingFloat: 1_000_000 });
    const coca = resolveScan(appliance.ctx, DEMO_CODES.cocaCola).product;

    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const pageErrors: Error[] = [];
    page.on("pageerror", (err) => pageErrors.push(err));
    await page.goto(appliance.url);
    await page.getByTestId("login-terminal-1").click();
    await loginAtTill(page, "Martín", "2222");
    await expect.poll(() => page.getByTestId("scan-input").isVisible()).toBe(true);
    await scanAtTill(page, DEMO_CODES.cocaCola);
    await scanAtTill(page, "MOST-000777");
    await expect.poll(() => textOf(page, "sale-customer-name")).toBe("Ana Pérez");

    await page.getByTestId("pay-button").click();
    await expect.poll(() => page.getByTestId("redeem-count").isVisible(), { timeout: 10_000 }).toBe(true);
    // More than she has: refused, nothing applied.
    await page.getByTestId("redeem-count").fill("501");
    await page.getByTestId("redeem-count").press("Enter");
    await expect.poll(() => textOf(page, "redeem-error")).toBe("Ana Pérez tiene 500 puntos para usar");
    expect(await page.getByTestId("cart-points-discount").count()).toBe(0);
    // 100 points by keyboard: the total drops by $ 100,00.
    await page.getByTestId("redeem-count").fill("100");
    await page.getByTestId("redeem-count").press("Enter");
    await expect.poll(() => textOf(page, "cart-points-discount")).toBe("−$ 100,00");
    await expect.poll(() => textOf(page, "redeem-applied")).toContain("100 pts");

    await page.getByTestId("pay-method-cash").click();
    await page.getByTestId("pay-add").click();
    await page.getByTestId("pay-confirm").click();
    await expect.poll(() => page.getByTestId("receipt-preview").isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => textOf(page, "receipt-preview")).toMatch(/Descuento por puntos \(100 pts\)/);
    expect(accountSummary(appliance.ctx, ana.id).points).toBe(400);
    const sale = db
      .prepare("SELECT total, points_discount_total AS p FROM sales ORDER BY rowid DESC LIMIT 1")
      .get() as {
      total: number;
      p: number;
    };
    expect(sale).toEqual({ total: coca.price - 10_000, p: 10_000 });
    expect(pageErrors).toEqual([]);
  }, 60_000);
});

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveScan } from "../catalog/scan.js";
import { DEMO_CODES } from "../seed/demo-catalog.js";
import { onHand } from "../stock/movements.js";
import { type RunningAppliance, startAppliance } from "./appliance.js";
import { launchChromium } from "./browser.js";
import { focusedTestId, loginAtTill, textOf } from "./test-till-page.js";

describe("purchasing at the till, end to end in Chromium", () => {
  let dataDir: string;
  let appliance: RunningAppliance;
  let browser: Browser;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "mostrador-purchasing-e2e-"));
    appliance = await startAppliance({ dataDir, host: "127.0.0.1", port: 0, seedDemo: true });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await appliance?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("creates a supplier and an order, receives it by scanning, and sees stock and valuation change", async () => {
    const yerba = resolveScan(appliance.ctx, DEMO_CODES.yerba).product;
    const stockBefore = onHand(appliance.ctx.db, yerba.id);
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const pageErrors: Error[] = [];
    page.on("pageerror", (err) => pageErrors.push(err));
    await page.goto(appliance.url);
    await page.getByTestId("login-terminal-1").click();
    await loginAtTill(page, "Martín", "2222");

    await page.getByTestId("nav-purchasing").click();
    await page.getByTestId("purchasing-tab-valuation").click();
    await expect.poll(() => page.getByTestId("valuation-total").isVisible(), { timeout: 10_000 }).toBe(true);
    const valuationBefore = await textOf(page, "valuation-total");

    // A supplier: a mistyped CUIT is refused in Spanish, the right one saved.
    await page.getByTestId("purchasing-tab-suppliers").click();
    await page.getByTestId("supplier-new").click();
    await page.getByTestId("supplier-name").fill("Distribuidora Sur");
    await page.getByTestId("supplier-cuit").fill("20-12345678-5");
    await page.getByTestId("supplier-save").click();
    await expect.poll(() => textOf(page, "supplier-error")).toMatch(/dígito verificador/);
    await page.getByTestId("supplier-cuit").fill("20-12345678-6");
    await page.getByTestId("supplier-save").click();
    await expect.poll(() => page.getByTestId("supplier-row").count()).toBe(1);

    // An order: the yerba by its barcode, 12 at $ 1.500 each, keyboard only.
    await page.getByTestId("purchasing-tab-orders").click();
    await page.getByTestId("order-new").click();
    await page.getByTestId("order-supplier").selectOption({ label: "Distribuidora Sur" });
    await page.getByTestId("order-code").focus();
    await page.keyboard.type(DEMO_CODES.yerba);
    await page.keyboard.press("Enter");
    await expect.poll(() => focusedTestId(page)).toBe("order-qty-0");
    await page.keyboard.type("12");
    await page.keyboard.press("Enter");
    await expect.poll(() => focusedTestId(page)).toBe("order-cost-0");
    await page.keyboard.type("1.500");
    await page.getByTestId("order-save").click();
    await expect.poll(() => textOf(page, "order-status")).toBe("Borrador");
    await page.getByTestId("order-send").click();
    await expect.poll(() => textOf(page, "order-status")).toBe("Enviada");

    // Receiving: the scan finds the line; 5 came now, at the ordered cost.
    await page.getByTestId("order-receive").click();
    await page.getByTestId("receive-code").focus();
    await page.keyboard.type(DEMO_CODES.yerba);
    await page.keyboard.press("Enter");
    await expect.poll(() => focusedTestId(page)).toBe("receive-qty-0");
    await page.keyboard.type("5");
    expect(await page.getByTestId("receive-cost-0").inputValue()).toBe("1500");
    await page.getByTestId("receive-save").click();
    await expect.poll(() => textOf(page, "order-status")).toBe("Recibida en parte");
    expect(onHand(appliance.ctx.db, yerba.id)).toBe(stockBefore + 5);

    // The other 7, and the order is received.
    await page.getByTestId("order-receive").click();
    await page.getByTestId("receive-save").click();
    await expect.poll(() => textOf(page, "order-status")).toBe("Recibida");
    expect(onHand(appliance.ctx.db, yerba.id)).toBe(stockBefore + 12);

    await page.getByTestId("purchasing-tab-valuation").click();
    await expect.poll(() => textOf(page, "valuation-total")).not.toBe(valuationBefore);
    const row = appliance.ctx.db
      .prepare("SELECT average_cost FROM product_costs WHERE product_id = ?")
      .get(yerba.id);
    expect(row).toEqual({ average_cost: 150_000 });
    expect(pageErrors).toEqual([]);
  }, 60_000);
});

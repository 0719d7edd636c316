import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveScan } from "../catalog/scan.js";
import { getProduct } from "../catalog/products.js";
import { DEMO_CODES } from "../seed/demo-catalog.js";
import { onHand } from "../stock/movements.js";
import { type RunningAppliance, startAppliance } from "./appliance.js";
import { launchChromium } from "./browser.js";
import { focusedTestId, loginAtTill, textOf } from "./test-till-page.js";

describe("stock counts and bulk prices at the till, end to end in Chromium", () => {
  let dataDir: string;
  let appliance: RunningAppliance;
  let browser: Browser;
  let page: Page;
  const pageErrors: Error[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "mostrador-counts-e2e-"));
    appliance = await startAppliance({ dataDir, host: "127.0.0.1", port: 0, seedDemo: true });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on("pageerror", (err) => pageErrors.push(err));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await appliance?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("counts a category keyboard-first, sees the difference and approves it into the ledger", async () => {
    const yerba = resolveScan(appliance.ctx, DEMO_CODES.yerba).product;
    const before = onHand(appliance.ctx.db, yerba.id);
    await page.goto(appliance.url);
    await page.getByTestId("login-terminal-1").click();
    await loginAtTill(page, "Martín", "2222");
    await page.getByTestId("nav-purchasing").click();
    await page.getByTestId("purchasing-tab-counts").click();
    await page.getByTestId("count-scope").selectOption("category");
    await page.getByTestId("count-category").selectOption({ label: yerba.categoryName! });
    await page.getByTestId("count-start").click();
    await expect.poll(() => textOf(page, "count-status")).toBe("En curso");

    // Scan → Enter → quantity → Enter: two fewer than the books say.
    await expect.poll(() => focusedTestId(page)).toBe("count-code");
    await page.keyboard.type(DEMO_CODES.yerba);
    await page.keyboard.press("Enter");
    await expect.poll(() => focusedTestId(page)).toBe("count-quantity");
    await page.keyboard.type(String(before - 2));
    await page.keyboard.press("Enter");
    await expect.poll(() => focusedTestId(page)).toBe("count-code");
    const row = page.locator(`[data-testid="count-line"][data-product-id="${yerba.id}"]`);
    await expect.poll(() => row.getByTestId("count-line-difference").textContent()).toBe("-2");

    await page.getByTestId("count-only-differences").check();
    await expect.poll(() => page.getByTestId("count-line").count()).toBe(1);
    await page.getByTestId("count-approve").click();
    await page.getByTestId("confirm-ok").click();
    await expect.poll(() => textOf(page, "count-status")).toBe("Aprobado");
    expect(onHand(appliance.ctx.db, yerba.id)).toBe(before - 2);
    const movement = appliance.ctx.db
      .prepare("SELECT quantity, note FROM stock_movements WHERE reason = 'count' AND product_id = ?")
      .get(yerba.id);
    expect(movement).toEqual({ quantity: -2, note: "Conteo 1" });
    expect(pageErrors).toEqual([]);
  });

  it("reprices a category by 10 % after a preview of old and new prices", async () => {
    const yerba = resolveScan(appliance.ctx, DEMO_CODES.yerba).product;
    const inCategory = appliance.ctx.db
      .prepare("SELECT id, price FROM products WHERE active = 1 AND category_id = ?")
      .all(yerba.categoryId) as { id: string; price: number }[];
    await page.getByTestId("purchasing-tab-prices").click();
    await page.getByTestId("prices-target").selectOption("category");
    await page.getByTestId("prices-target-id").selectOption({ label: yerba.categoryName! });
    await page.getByTestId("prices-mode").selectOption("percent");
    await page.getByTestId("prices-rounding").selectOption("none");
    await page.getByTestId("prices-change").fill("10");
    await page.getByTestId("prices-preview").click();
    await expect.poll(() => page.getByTestId("prices-row").count()).toBe(inCategory.length);
    const previewNew = await page
      .locator(`[data-testid="prices-row"][data-product-id="${yerba.id}"]`)
      .getByTestId("prices-new")
      .textContent();
    await page.getByTestId("prices-apply").click();
    await expect.poll(() => page.getByTestId("prices-row").count()).toBe(0);
    for (const p of inCategory) {
      expect(getProduct(appliance.ctx, p.id).price).toBe(Math.round(p.price * 1.1));
    }
    expect(previewNew?.replace(/\s/g, "")).toContain(
      new Intl.NumberFormat("es-AR", { minimumFractionDigits: 2 }).format(
        Math.round(yerba.price * 1.1) / 100,
      ),
    );
    expect(pageErrors).toEqual([]);
  });
});

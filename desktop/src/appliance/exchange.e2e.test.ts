import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { v7 as uuidv7 } from "uuid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { VariantGrid } from "@mostrador/contracts/http/catalog";
import { formatMoney } from "@mostrador/contracts/money";
import { updateSettings } from "@mostrador/kernel/shop/settings";
import { resolveScan } from "../catalog/scan.js";
import { type FakePrinter, startFakePrinter } from "../receipts/test-printer.js";
import { DEMO_CODES } from "../seed/demo-catalog.js";
import { type RunningAppliance, startAppliance } from "./appliance.js";
import { launchChromium } from "./browser.js";
import { demoOwnerApi, focusedTestId, loginAtTill, textOf } from "./test-till-page.js";

/** Pesos typed the way a cashier types them: "1.234,50". */
const typed = (centavos: number) => formatMoney(centavos).replace("$ ", "");

describe("an exchange (cambio) at the till, end to end in Chromium", () => {
  let dataDir: string;
  let appliance: RunningAppliance;
  let printer: FakePrinter;
  let browser: Browser;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "mostrador-exchange-e2e-"));
    printer = await startFakePrinter();
    appliance = await startAppliance({ dataDir, host: "127.0.0.1", port: 0, seedDemo: true });
    updateSettings(appliance.ctx.db, {
      printer: { interface: printer.uri, type: "epson", widthMm: 80, openDrawerOnCash: true },
    });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await appliance?.close();
    await printer?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("gives back one of two items for a dearer one, takes the difference in cash, prints one ticket and counts the drawer", async () => {
    // Two items sold in cash (set-up over HTTP: the exchange screen is the subject).
    const openingFloat = 1_000_000;
    const call = await demoOwnerApi(appliance);
    await call("/cash/open", { openingFloat });
    const coca = resolveScan(appliance.ctx, DEMO_CODES.cocaCola).product;
    const alfajor = resolveScan(appliance.ctx, DEMO_CODES.alfajor).product;
    const yerba = resolveScan(appliance.ctx, DEMO_CODES.yerba).product;
    expect(yerba.price).toBeGreaterThan(coca.price); // the customer takes something dearer
    const soldTotal = coca.price + alfajor.price;
    await call("/sales", {
      id: uuidv7(),
      lines: [{ productId: coca.id }, { productId: alfajor.id }],
      payments: [{ method: "cash", amount: soldTotal }],
    });

    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const pageErrors: Error[] = [];
    page.on("pageerror", (err) => pageErrors.push(err));
    await page.goto(appliance.url);
    await page.getByTestId("login-terminal-1").click();
    await loginAtTill(page, "Martín", "2222");

    // Devoluciones → "Cambio" on the sale.
    await page.getByTestId("nav-returns").click();
    await expect.poll(() => page.getByTestId("returns-sale").count(), { timeout: 10_000 }).toBe(1);
    await page.getByTestId("exchange-sale").click();
    await expect.poll(() => page.getByTestId("exchange-form").isVisible(), { timeout: 10_000 }).toBe(true);
    // The scan field has the keyboard, as at the till: the yerba is scanned in first.
    await expect.poll(() => focusedTestId(page)).toBe("scan-input");
    await page.keyboard.type(DEMO_CODES.yerba);
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByTestId("exchange-new-line").count()).toBe(1);
    expect(await textOf(page, "exchange-new-line")).toContain(yerba.name);

    // The Coca-Cola comes back: the difference is what the yerba costs more.
    await page.getByTestId("exchange-return-qty").first().fill("1");
    const difference = yerba.price - coca.price;
    await expect.poll(() => textOf(page, "exchange-difference")).toBe(formatMoney(difference));
    expect(await textOf(page, "exchange-returned")).toBe(formatMoney(coca.price));
    expect(await textOf(page, "exchange-taken")).toBe(formatMoney(yerba.price));

    // Paid in cash with a round note; the change shows before confirming.
    const tendered = Math.ceil(difference / 1_000_000) * 1_000_000 + 1_000_000;
    await page.getByTestId("exchange-money-tendered").fill(typed(tendered));
    await expect.poll(() => textOf(page, "exchange-change")).toContain(formatMoney(tendered - difference));
    await page.getByTestId("exchange-submit").click();

    // One ticket: both halves and the difference, previewed as printed, and printed (the drawer kicks).
    await expect
      .poll(() => page.getByTestId("exchange-receipt-preview").isVisible(), { timeout: 10_000 })
      .toBe(true);
    await expect.poll(() => textOf(page, "exchange-receipt-preview")).toContain("CAMBIO");
    const preview = await textOf(page, "exchange-receipt-preview");
    expect(preview).toContain("Devuelve");
    expect(preview).toContain("Lleva");
    expect(preview).toMatch(/Ticket original +0001-00000001/);
    expect(preview).toContain(`DIFERENCIA A PAGAR`);
    expect(preview).toContain(formatMoney(difference));
    expect(preview).toContain(formatMoney(tendered - difference));
    await expect.poll(() => textOf(page, "exchange-print-status")).toBe("Ticket del cambio impreso");
    const job = printer.jobs[printer.jobs.length - 1] ?? Buffer.alloc(0);
    expect(job.includes(Buffer.from("CAMBIO"))).toBe(true);
    expect(job.includes(Buffer.from([0x1b, 0x70]))).toBe(true); // ESC p: cash moved, the drawer opens
    await page.getByTestId("exchange-receipt-done").click();

    // The sales history offers the same: "Cambio" on the new ticket opens its exchange form.
    await page.getByTestId("nav-history").click();
    await page.getByTestId("history-row-0001-00000002").click();
    await page.getByTestId("history-exchange").click();
    await expect.poll(() => page.getByTestId("exchange-form").isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await textOf(page, "exchange-return-line")).toContain(yerba.name);

    // The drawer: float + the first sale + only the difference (the credit moved no money).
    await page.getByTestId("nav-cash").click();
    const expectedCash = openingFloat + soldTotal + difference;
    await page.getByTestId("cash-close-counted").fill(typed(expectedCash));
    await page.getByTestId("cash-close-submit").click();
    await page.getByTestId("confirm-ok").click();
    await expect.poll(() => page.getByTestId("z-report").isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await textOf(page, "z-expected")).toContain(formatMoney(expectedCash));
    expect(await textOf(page, "z-difference")).toContain(formatMoney(0));
    expect(await textOf(page, "report-exchanges")).toBe(formatMoney(coca.price));

    const rows = appliance.ctx.db.prepare("SELECT credit, difference FROM exchanges").all();
    expect(rows).toEqual([{ credit: coca.price, difference }]);
    expect(pageErrors).toEqual([]);
  }, 120_000);
  it("finds a product with variants by name and takes the size picked in its grid", async () => {
    const call = await demoOwnerApi(appliance);
    await call("/cash/open", { openingFloat: 1_000_000 });
    const grid = (await call("/variant-models", {
      sku: "BUZO",
      name: "Buzo",
      price: 2_000_000,
      ivaRate: 2100,
      unit: "each",
      axes: [{ name: "Talle", values: ["M", "L"] }],
    })) as unknown as VariantGrid;
    const cell = (talle: string) => grid.cells.find((c) => c.values[0] === talle);
    const sold = (await call("/sales", {
      id: uuidv7(),
      lines: [{ productId: cell("M")?.variantId }],
      payments: [{ method: "cash", amount: 2_000_000 }],
    })) as { id: string; displayNumber: string };

    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const pageErrors: Error[] = [];
    page.on("pageerror", (err) => pageErrors.push(err));
    await page.goto(appliance.url);
    await page.getByTestId("login-terminal-1").click();
    await loginAtTill(page, "Martín", "2222");
    await page.getByTestId("nav-returns").click();
    const row = page.locator('[data-testid="returns-sale"]', { hasText: sold.displayNumber });
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    await row.getByTestId("exchange-sale").click();
    await expect.poll(() => page.getByTestId("exchange-form").isVisible(), { timeout: 10_000 }).toBe(true);
    await page.getByTestId("exchange-return-qty").first().fill("1");

    // "buzo" finds the model once; Enter opens its grid, not a line for the model (which is never sold).
    await page.getByTestId("scan-input").click();
    await page.keyboard.type("buzo");
    await expect.poll(() => page.getByTestId("search-result").count(), { timeout: 10_000 }).toBe(1);
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByTestId("variant-cell").count(), { timeout: 10_000 }).toBe(2);
    expect(await page.getByTestId("exchange-new-line").count()).toBe(0);
    await page.locator('[data-testid="variant-cell"][data-values="L"]').click();
    await expect.poll(() => page.getByTestId("variant-cell").count()).toBe(0);
    await expect.poll(() => textOf(page, "exchange-new-line")).toContain("Buzo · L");
    expect(await textOf(page, "exchange-difference")).toBe(formatMoney(0));
    await page.getByTestId("exchange-submit").click();
    await expect
      .poll(() => page.getByTestId("exchange-receipt-preview").isVisible(), { timeout: 10_000 })
      .toBe(true);
    const lines = appliance.ctx.db
      .prepare(
        "SELECT l.product_id FROM sale_lines l JOIN exchanges x ON x.sale_id = l.sale_id WHERE x.original_sale_id = ?",
      )
      .pluck()
      .all(sold.id);
    expect(lines).toEqual([cell("L")?.variantId]);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatMoney } from "@mostrador/contracts/money";
import { withCheckDigit } from "@mostrador/contracts/pos/gs1";
import { updateSettings } from "@mostrador/kernel/shop/settings";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakePrinter, startFakePrinter } from "../receipts/test-printer.js";
import { type RunningAppliance, startAppliance } from "./appliance.js";
import { launchChromium } from "./browser.js";
import { demoOwnerApi, loginAtTill, scanAtTill, textOf } from "./test-till-page.js";

/** Pesos typed the way a cashier types them: "1.234,50". */
const typed = (centavos: number) => formatMoney(centavos).replace(/^\$\s/, "");

describe("a product with variants (talle × color), end to end in Chromium", () => {
  let dataDir: string;
  let appliance: RunningAppliance;
  let printer: FakePrinter;
  let browser: Browser;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "mostrador-variants-e2e-"));
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

  it("creates Remera lisa with Talle × Color in the editor, scans one variant, picks another from the grid, and sells both", async () => {
    const call = await demoOwnerApi(appliance);
    await call("/cash/open", { openingFloat: 1_000_000 });
    const code = withCheckDigit("779123400001");
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const pageErrors: Error[] = [];
    page.on("pageerror", (err) => pageErrors.push(err));
    await page.goto(appliance.url);
    await page.getByTestId("login-terminal-1").click();
    await loginAtTill(page, "Martín", "2222");

    // The editor: the model's fields, its axes, then its grid to fill in.
    await page.getByTestId("nav-products").click();
    await page.getByTestId("product-new").click();
    await page.getByTestId("product-sku").fill("REM-LISA");
    await page.getByTestId("product-name").fill("Remera lisa");
    await page.getByTestId("product-price").fill("15.000");
    await page.getByTestId("product-has-variants").check();
    expect(await page.getByTestId("product-barcodes").count()).toBe(0);
    await page.getByTestId("axis-values-0").fill("S, M, L");
    await page.getByTestId("axis-values-1").fill("Negro, Rojo");
    await page.getByTestId("product-save").click();
    await expect.poll(() => page.getByTestId("grid-row").count(), { timeout: 10_000 }).toBe(6);
    const row = (values: string) => page.locator(`[data-testid="grid-row"][data-values="${values}"]`);
    expect(await row("M / Negro").getByTestId("grid-sku").inputValue()).toBe("REM-LISA-M-NEGRO");
    await row("M / Negro").getByTestId("grid-barcode").fill(code);
    await row("L / Rojo").getByTestId("grid-price").fill("17.000");
    await row("S / Rojo").getByTestId("grid-active").uncheck();
    const saved = (sku: string) =>
      appliance.ctx.db.prepare("SELECT price, active FROM products WHERE sku = ?").get(sku) as {
        price: number;
        active: number;
      };
    // The same code typed into a second cell: the whole save is refused, naming both; nothing is saved.
    await row("L / Negro").getByTestId("grid-barcode").fill(code);
    await page.getByTestId("grid-save").click();
    await expect
      .poll(() => textOf(page, "variant-grid-error"), { timeout: 10_000 })
      .toBe(`El código ${code} está en dos variantes: "M / Negro" y "L / Negro"`);
    expect([saved("REM-LISA-L-ROJO"), saved("REM-LISA-S-ROJO")]).toEqual([
      { price: 1_500_000, active: 1 },
      { price: 1_500_000, active: 1 },
    ]);
    await row("L / Negro").getByTestId("grid-barcode").fill("");
    await page.getByTestId("grid-save").click();
    await expect.poll(() => saved("REM-LISA-L-ROJO").price, { timeout: 10_000 }).toBe(1_700_000);
    expect(saved("REM-LISA-S-ROJO").active).toBe(0);
    expect(await row("M / Negro").getByTestId("grid-barcode").inputValue()).toBe(code);
    await page.getByTestId("product-save").click();
    await expect.poll(() => page.getByTestId("product-editor").count()).toBe(0);

    // The till: the scanner goes straight to M / Negro.
    await page.getByTestId("nav-till").click();
    await scanAtTill(page, code);
    await expect.poll(() => page.getByTestId("cart-line").count(), { timeout: 10_000 }).toBe(1);
    expect(await textOf(page, "cart-line-name")).toBe("Remera lisa · M / Negro");

    // A search offers the model once; Enter opens its grid, arrows skip the turned-off S / Rojo.
    await page.keyboard.type("remera");
    await expect.poll(() => page.getByTestId("search-result").count(), { timeout: 10_000 }).toBe(1);
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByTestId("variant-cell").count(), { timeout: 10_000 }).toBe(6);
    const cell = (values: string) => page.locator(`[data-testid="variant-cell"][data-values="${values}"]`);
    expect(await cell("S / Rojo").isDisabled()).toBe(true);
    expect(await cell("M / Negro").textContent()).toContain("Stock 0");
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute("data-values")))
      .toBe("S / Negro");
    await page.keyboard.press("ArrowDown"); // M / Negro
    await page.keyboard.press("ArrowRight"); // M / Rojo
    await page.keyboard.press("ArrowDown"); // L / Rojo
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-values"))).toBe("L / Rojo");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByTestId("cart-line").count(), { timeout: 10_000 }).toBe(2);
    const names = await page.getByTestId("cart-line-name").allTextContents();
    expect(names).toEqual(["Remera lisa · M / Negro", "Remera lisa · L / Rojo"]);

    // Paid in cash: the receipt names each variant.
    const total = 1_500_000 + 1_700_000;
    await expect.poll(() => textOf(page, "cart-total")).toContain(formatMoney(total));
    await page.getByTestId("pay-button").click();
    await page.getByTestId("pay-method-cash").click();
    await page.getByTestId("pay-tendered").fill(typed(total));
    await page.getByTestId("pay-add").click();
    await page.getByTestId("pay-confirm").click();
    await expect.poll(() => page.getByTestId("receipt-preview").isVisible(), { timeout: 10_000 }).toBe(true);
    // The preview shows "Cargando…" until the receipt's text arrives (it did once, under a busy suite).
    await expect
      .poll(() => textOf(page, "receipt-preview"), { timeout: 10_000 })
      .toContain("Remera lisa · M / Negro");
    const receipt = await textOf(page, "receipt-preview");
    expect(receipt).toContain("Remera lisa · L / Rojo");
    const lines = appliance.ctx.db
      .prepare("SELECT description FROM sale_lines ORDER BY line_no")
      .pluck()
      .all();
    expect(lines).toEqual(["Remera lisa · M / Negro", "Remera lisa · L / Rojo"]);
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it("turns a product already sold into one with variants: its barcode and stock move to the variant picked", async () => {
    const call = await demoOwnerApi(appliance);
    const code = withCheckDigit("779123400002");
    const jean = (await call("/products", {
      sku: "JEAN",
      name: "Jean recto",
      price: 2_500_000,
      ivaRate: 2100,
      unit: "each",
      barcodes: [code],
    })) as { id: string };
    await call("/stock/adjustments", { productId: jean.id, quantity: 5, reason: "receipt" });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(appliance.url);
    await page.getByTestId("login-terminal-1").click();
    await loginAtTill(page, "Martín", "2222");
    await page.getByTestId("nav-products").click();
    await page.getByTestId("products-search").fill("Jean recto");
    await expect.poll(() => page.getByTestId("product-row").count(), { timeout: 10_000 }).toBe(1);
    await page.getByTestId("product-edit").click();
    await page.getByTestId("product-convert").click();
    await page.getByTestId("axis-values-0").fill("40, 42");
    await page.getByTestId("axis-values-1").fill("Azul");
    await page.getByTestId("convert-keep-0").selectOption("42");
    await page.getByTestId("convert-submit").click();
    await expect.poll(() => page.getByTestId("grid-row").count(), { timeout: 10_000 }).toBe(2);
    const kept = page.locator('[data-testid="grid-row"][data-values="42 / Azul"]');
    expect(await kept.getByTestId("grid-barcode").inputValue()).toBe(code);
    expect(await kept.locator("td").nth(4).textContent()).toBe("5");
    const variant = appliance.ctx.db
      .prepare(
        "SELECT p.name, s.quantity FROM products p JOIN stock_on_hand s ON s.product_id = p.id WHERE p.sku = 'JEAN-42-AZUL'",
      )
      .get();
    expect(variant).toEqual({ name: "Jean recto · 42 / Azul", quantity: 5 });
  }, 120_000);
});

import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveScan } from "../catalog/scan.js";
import { formatMoney } from "@mostrador/contracts/money";
import { mulDiv } from "@mostrador/contracts/money";
import { DEMO_CODES } from "../seed/demo-catalog.js";
import { updateSettings } from "@mostrador/kernel/shop/settings";
import { type RunningAppliance, startAppliance } from "./appliance.js";
import { launchChromium } from "./browser.js";
import { loginAtTill, textOf } from "./test-till-page.js";

/** The receipt printer: a real TCP listener on port 9100, as a network ESC/POS printer listens. */
function listenAsPrinter(port: number): Promise<{ server: Server; received: () => Buffer }> {
  const chunks: Buffer[] = [];
  const server = createServer((socket) => socket.on("data", (c: Buffer) => chunks.push(c)));
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve({ server, received: () => Buffer.concat(chunks) }));
  });
}

/** On screen, Intl puts a no-break space after "$"; compare text with plain spaces. */
/** Pesos typed the way a cashier types them: "1.234,50". */
const typed = (centavos: number) => formatMoney(centavos).replace("$ ", "");

describe("a day at the till, end to end in Chromium", () => {
  let dataDir: string;
  let appliance: RunningAppliance;
  let printer: Awaited<ReturnType<typeof listenAsPrinter>>;
  let browser: Browser;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "mostrador-e2e-"));
    printer = await listenAsPrinter(9100);
    appliance = await startAppliance({ dataDir, host: "127.0.0.1", port: 0, seedDemo: true });
    updateSettings(appliance.ctx.db, {
      printer: { interface: "tcp://127.0.0.1:9100", type: "epson", widthMm: 80, openDrawerOnCash: true },
    });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await appliance?.close();
    await new Promise((r) => printer?.server.close(r));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("logs in by PIN, sells three items with a weighed label, a discount and mixed payment, prints, and closes the day", async () => {
    // Expected figures, from the catalog and the rules (prices include IVA; 5 % ticket discount rounds half up).
    const ctx = appliance.ctx;
    const coca = resolveScan(ctx, DEMO_CODES.cocaCola).product.price;
    const leche = resolveScan(ctx, DEMO_CODES.leche).product.price;
    const asadoPerKg = resolveScan(ctx, DEMO_CODES.weighedLabel).product.price;
    const subtotal = coca + leche + mulDiv(asadoPerKg, DEMO_CODES.weighedGrams, 1000);
    const total = subtotal - mulDiv(subtotal, 500, 10_000);
    const card = 500_000; // $ 5.000,00 on the debit terminal
    const cashDue = total - card;
    const tendered = Math.ceil(cashDue / 1_000_000) * 1_000_000; // the next $ 10.000 note
    const openingFloat = 1_000_000;

    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on("pageerror", (err) => console.error("page error:", err));
    await page.goto(appliance.url);

    // The terminal is chosen once per device, then the cashier logs in with her PIN.
    await page.getByTestId("login-terminal-1").click();
    await loginAtTill(page, "Lucía", "1111");

    // Open the cash session with a float.
    await page.getByTestId("nav-cash").click();
    await page.getByTestId("cash-open-float").fill(typed(openingFloat));
    await page.getByTestId("cash-open-submit").click();
    await expect.poll(() => page.getByTestId("cash-session-info").isVisible()).toBe(true);

    // Scan three barcodes the way a scanner does: digits and Enter into the focused field.
    await page.getByTestId("nav-till").click();
    const scan = page.getByTestId("scan-input");
    for (const code of [DEMO_CODES.cocaCola, DEMO_CODES.leche, DEMO_CODES.weighedLabel]) {
      await expect.poll(() => scan.evaluate((el) => el === document.activeElement)).toBe(true);
      await page.keyboard.type(code);
      await page.keyboard.press("Enter");
    }
    await expect.poll(() => page.getByTestId("cart-line").count()).toBe(3);
    expect(await textOf(page, "cart-total")).toContain(formatMoney(subtotal));

    // 5 % off the ticket: within the shop's 10 % limit, so no manager is needed.
    await page.getByTestId("discount-button").click();
    await page.getByTestId("discount-target-ticket").click();
    await page.getByTestId("discount-kind-percent").click();
    await page.getByTestId("discount-value").fill("5");
    await page.getByTestId("discount-apply").click();
    await expect.poll(() => textOf(page, "cart-total")).toContain(formatMoney(total));

    // Mixed payment: part on the debit terminal, the rest in cash, with change.
    await page.getByTestId("pay-button").click();
    await page.getByTestId("pay-method-debit").click();
    await page.getByTestId("pay-amount").fill(typed(card));
    await page.getByTestId("pay-reference").fill("CUPON 0042");
    await page.getByTestId("pay-add").click();
    await page.getByTestId("pay-method-cash").click();
    await page.getByTestId("pay-tendered").fill(typed(tendered));
    await page.getByTestId("pay-add").click();
    await expect.poll(() => textOf(page, "change-amount")).toContain(formatMoney(tendered - cashDue));
    await page.getByTestId("pay-confirm").click();

    // The sale is committed, the receipt previewed, and its bytes reach the printer on port 9100.
    await expect.poll(() => page.getByTestId("receipt-preview").isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => textOf(page, "receipt-preview")).toContain(formatMoney(total));
    await expect
      .poll(() => printer.received().includes(Buffer.from(formatMoney(total))), { timeout: 10_000 })
      .toBe(true);
    const bytes = printer.received();
    expect(bytes.subarray(0, 2)).toEqual(Buffer.from([0x1b, 0x40])); // ESC @: printer initialised
    expect(bytes.includes(Buffer.from([0x1b, 0x70]))).toBe(true); // ESC p: cash drawer kicked
    await page.getByTestId("new-sale-button").click();

    // The owner closes the day: blind count first, then the Z report with expected and difference.
    await page.getByTestId("nav-logout").click();
    await loginAtTill(page, "Martín", "2222");
    await page.getByTestId("nav-cash").click();
    const expectedCash = openingFloat + cashDue;
    await page.getByTestId("cash-close-counted").fill(typed(expectedCash - 10_000)); // $ 100 short
    await page.getByTestId("cash-close-submit").click();
    await page.getByTestId("confirm-ok").click(); // the Z cannot be undone: the till asks first
    await expect.poll(() => page.getByTestId("z-report").isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await textOf(page, "z-expected")).toContain(formatMoney(expectedCash));
    expect(await textOf(page, "z-counted")).toContain(formatMoney(expectedCash - 10_000));
    expect(await textOf(page, "z-difference")).toContain(formatMoney(-10_000));
    expect(await textOf(page, "report-sales-count")).toContain("1");

    // And the database agrees with the screen.
    const sale = ctx.db.prepare("SELECT total, change_given FROM sales").get() as {
      total: number;
      change_given: number;
    };
    expect(sale).toEqual({ total, change_given: tendered - cashDue });
  }, 120_000);
});

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatMoney } from "@mostrador/contracts/money";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { getSettings } from "@mostrador/kernel/shop/settings";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveScan } from "../catalog/scan.js";
import { TEST_LOCATION, fakeMercadoPagoForTest } from "../mercadopago/test-support.js";
import { DEMO_CODES } from "../seed/demo-catalog.js";
import { type RunningAppliance, startAppliance } from "./appliance.js";
import { launchChromium } from "./browser.js";
import { demoOwnerApi, loginAtTill, scanAtTill, textOf } from "./test-till-page.js";

/** Pesos typed the way a cashier types them: "1.234,50". */
const typed = (centavos: number) => formatMoney(centavos).replace("$ ", "");

/**
 * The customer display in Chromium, two pages of one browser as the till PC's two monitors: the cashier
 * opens "Pantalla del cliente" from the till; each scan shows on it, a Mercado Pago QR charge (at the local
 * fake MP) shows the QR big with the amount and then MP's approval, and after the sale it thanks the
 * customer, with the change of a cash sale.
 */
describe("the customer display follows its till", () => {
  let dataDir: string;
  let mp: Awaited<ReturnType<typeof fakeMercadoPagoForTest>>;
  let appliance: RunningAppliance;
  let browser: Browser;
  let context: BrowserContext;
  let till: Page;

  beforeAll(async () => {
    mp = await fakeMercadoPagoForTest();
    dataDir = mkdtempSync(join(tmpdir(), "mostrador-display-"));
    appliance = await startAppliance({ dataDir, host: "127.0.0.1", port: 0, seedDemo: true });
    // Set-up the test is not about, through the API: Mercado Pago connected and the cash drawer open.
    const owner = await demoOwnerApi(appliance);
    await owner("/mercadopago/account", {
      accessToken: mp.fake.accessToken,
      webhookSecret: "secretodelwebhook123",
      location: TEST_LOCATION,
    });
    await owner("/cash/open", { openingFloat: 1_000_000 });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    till = await context.newPage();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await appliance?.close();
    await mp?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("shows each scan, the Mercado Pago QR with its amount, and ¡Gracias! with the change", async () => {
    const coca = resolveScan(appliance.ctx, DEMO_CODES.cocaCola).product;
    const leche = resolveScan(appliance.ctx, DEMO_CODES.leche).product;
    const shopName = getSettings(appliance.ctx.db).name;
    await till.goto(appliance.url);
    await till.getByTestId("login-terminal-1").click();
    await loginAtTill(till, "Lucía", "1111");

    // The cashier opens the display: a window of its own, on this till's session, showing the shop's name.
    const [display] = await Promise.all([
      context.waitForEvent("page"),
      till.getByTestId("open-customer-display").click(),
    ]);
    await expect.poll(() => textOf(display, "display-idle"), { timeout: 10_000 }).toContain("¡Bienvenido!");
    expect(await textOf(display, "display-idle")).toContain(shopName);

    // Each scan at the till shows on the display with the ticket's total.
    await till.getByTestId("scan-input").focus();
    await scanAtTill(till, DEMO_CODES.cocaCola);
    await expect.poll(() => textOf(display, "display-lines")).toContain(coca.name);
    await scanAtTill(till, DEMO_CODES.cocaCola);
    await expect.poll(() => textOf(display, "display-total")).toContain(formatMoney(coca.price * 2));

    // A QR charge: the display shows the QR big with the amount to pay.
    await till.getByTestId("pay-button").click();
    await till.getByTestId("pay-method-mercadopago").click();
    await till.getByTestId("mp-charge-qr").click();
    await expect
      .poll(() => textOf(display, "display-qr"), { timeout: 10_000 })
      .toContain("Escaneá con Mercado Pago");
    expect(await textOf(display, "display-qr-amount")).toBe(formatMoney(coca.price * 2));
    expect(await display.getByTestId("display-qr").locator("svg").count()).toBe(1);

    // MP approves: the till adds the payment, the display says so; the sale done, it thanks.
    const orderId = String(
      appliance.ctx.db
        .prepare("SELECT order_id FROM mercadopago_charges ORDER BY created_at DESC")
        .pluck()
        .get(),
    );
    await mp.fake.moveOrder(orderId, "processed");
    await expect.poll(() => textOf(display, "display-qr"), { timeout: 15_000 }).toContain("Pago aprobado");
    await expect.poll(() => textOf(till, "pay-line"), { timeout: 15_000 }).toContain("Mercado Pago");
    await till.getByTestId("pay-confirm").click();
    await expect.poll(() => textOf(display, "display-thanks"), { timeout: 10_000 }).toContain("¡Gracias!");
    expect(await textOf(display, "display-thanks")).toContain(formatMoney(coca.price * 2));
    expect(await display.getByTestId("display-change").count()).toBe(0);
    await expect.poll(() => till.getByTestId("receipt-preview").isVisible(), { timeout: 10_000 }).toBe(true);
    await till.getByTestId("new-sale-button").click();

    // The next customer's first scan replaces the thanks; paid in cash, the display shows the change.
    await scanAtTill(till, DEMO_CODES.leche);
    await expect.poll(() => textOf(display, "display-lines")).toContain(leche.name);
    expect(await display.getByTestId("display-thanks").count()).toBe(0);
    const tendered = Math.ceil((leche.price + 1) / 1_000_000) * 1_000_000;
    await till.getByTestId("pay-button").click();
    await till.getByTestId("pay-method-cash").click();
    await till.getByTestId("pay-tendered").fill(typed(tendered));
    await till.getByTestId("pay-add").click();
    await till.getByTestId("pay-confirm").click();
    await expect
      .poll(() => textOf(display, "display-change"), { timeout: 10_000 })
      .toBe(`Tu vuelto: ${formatMoney(tendered - leche.price)}`);
    expect(await textOf(display, "display-thanks")).toContain("¡Gracias!");
  }, 90_000);

  it("a window with no session at this till says how to open the display, and shows nothing", async () => {
    const stranger = await browser.newPage();
    await stranger.goto(`${appliance.url}/#/cliente`);
    await expect
      .poll(() => textOf(stranger, "display-login"), { timeout: 10_000 })
      .toMatch(/ingresá primero en esta caja/);
    expect(await stranger.getByTestId("display-lines").count()).toBe(0);
    await stranger.close();
  });
});

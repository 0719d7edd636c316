import { withCheckDigit } from "@mostrador/contracts/pos/gs1";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findCutText, findSmallTargets, renderedLines } from "@mostrador/contracts/layout-probe";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createProduct } from "../catalog/product-writes.js";
import { formatMoney } from "@mostrador/contracts/money";
import { updateSettings } from "@mostrador/kernel/shop/settings";
import { createStaff } from "@mostrador/kernel/staff/staff";
import { type RunningAppliance, startAppliance } from "./appliance.js";
import { launchChromium } from "./browser.js";
import { loginAtTill, scanAtTill, textOf } from "./test-till-page.js";

const SHOP = "Almacén y Carnicería Don Marcelino";
const OWNER = { name: "María Fernanda Gutiérrez", pin: "3579" };
/** Two lines that add up to $ 5.490.000,00, and long names of the kind a carnicería's catalog has. */
const LONG_PRODUCTS = [
  {
    sku: "MEDIA-RES-1",
    name: "Media res de novillo Aberdeen Angus (aprox. 110 kg) cortada y envasada al vacío por pieza",
    price: 499_000_000,
    code: withCheckDigit("779555000001"),
  },
  {
    sku: "CUCHILLO-25",
    name: "Cuchillo de carnicero Tramontina Century acero inoxidable hoja de 25 cm con mango antideslizante",
    price: 49_999_900,
    code: withCheckDigit("779555000002"),
  },
  {
    sku: "YERBA-PLAY-1",
    name: "Yerba mate Playadito suave con palo elaborada con estacionamiento natural paquete 1 kg",
    price: 100,
    code: withCheckDigit("779555000003"),
  },
] as const;
const TOTAL = LONG_PRODUCTS.reduce((sum, p) => sum + p.price, 0);

/** On screen, Intl puts a no-break space after "$"; compare text with plain spaces. */
const typed = (centavos: number) => formatMoney(centavos).replace("$ ", "");

/** Every piece of text on the page is whole: a failure lists each offender by selector, text and widths. */
async function expectNoCutText(page: Page, where: string) {
  // "Cargando…" is not cut text, and the screen is judged with its data in.
  await expect.poll(() => page.getByText("Cargando…").count()).toBe(0);
  const offenders = await page.evaluate(findCutText, { root: "body" });
  expect(offenders, `cut text on ${where}`).toEqual([]);
}

async function expectTouchTargets(page: Page, where: string) {
  expect(
    await page.evaluate(findSmallTargets, { root: "body", min: 44 }),
    `small targets on ${where}`,
  ).toEqual([]);
}

/**
 * The till is laid out for 1024×768 and up and for a 10" tablet behind a bar (1280×800, and held upright): at
 * each size the login, the owner's nav with a long shop and person name, a ticket with long names and a total of $ 5.490.000,00, the
 * product search, the cash screen (open, X and Z), the sales history with a ticket open and Ajustes' widest tabs
 * show every text whole, and every control is finger-sized.
 */
describe("the till's layout at 1024×768, 1280×800 and 800×1280, in Chromium", () => {
  let dataDir: string;
  let appliance: RunningAppliance;
  let browser: Browser;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "mostrador-layout-"));
    appliance = await startAppliance({ dataDir, host: "127.0.0.1", port: 0, seedDemo: true });
    const ctx = appliance.ctx;
    updateSettings(ctx.db, { name: SHOP });
    createStaff(ctx, { name: OWNER.name, role: "owner", pin: OWNER.pin });
    for (const p of LONG_PRODUCTS)
      createProduct(ctx, {
        sku: p.sku,
        name: p.name,
        price: p.price,
        ivaRate: 2100,
        unit: "each",
        barcodes: [p.code],
      });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await appliance?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  for (const viewport of [
    { width: 1024, height: 768 },
    { width: 1280, height: 800 },
    // The same tablet held upright.
    { width: 800, height: 1280 },
  ]) {
    const size = `${viewport.width}×${viewport.height}`;
    it(`at ${size}: login, nav, ticket, search and cash screen show every name and total whole`, async () => {
      const page = await browser.newPage({ viewport });
      page.on("pageerror", (err) => console.error("page error:", err));
      await page.goto(appliance.url);
      await page.getByTestId("login-terminal-1").click();
      await expect.poll(() => page.getByTestId(`login-staff-${OWNER.name}`).isVisible()).toBe(true);
      await expectNoCutText(page, `the login at ${size}`);
      await expectTouchTargets(page, `the login at ${size}`);
      await loginAtTill(page, OWNER.name, OWNER.pin);
      // The shop's settings arrive just after the login.
      await expect.poll(() => textOf(page, "nav-shop")).toBe(SHOP);
      expect(await textOf(page, "nav-who")).toContain(OWNER.name);

      // The cash screen, closed and then open.
      await page.getByTestId("nav-cash").click();
      await expect.poll(() => page.getByTestId("cash-open-float").isVisible()).toBe(true);
      await expectNoCutText(page, `the closed cash screen at ${size}`);
      await page.getByTestId("cash-open-float").fill(typed(1_000_000));
      await page.getByTestId("cash-open-submit").click();
      await expect.poll(() => page.getByTestId("cash-session-info").isVisible()).toBe(true);
      await expectNoCutText(page, `the open cash screen at ${size}`);

      // A ticket of long names adding up to $ 5.490.000,00: names wrap, the total stays on one line.
      await page.getByTestId("nav-till").click();
      for (const p of LONG_PRODUCTS) await scanAtTill(page, p.code);
      await expect.poll(() => page.getByTestId("cart-line").count()).toBe(LONG_PRODUCTS.length);
      expect(await textOf(page, "cart-total")).toBe(formatMoney(TOTAL));
      expect(formatMoney(TOTAL)).toBe("$ 5.490.000,00");
      await expectNoCutText(page, `the till at ${size}`);
      expect(await page.evaluate(renderedLines, '[data-testid="cart-total-row"]')).toBe(1);
      await expectTouchTargets(page, `the till at ${size}`);

      // The product search lists its results where they cover no line of the ticket.
      await page.keyboard.type("carnicero");
      await expect.poll(() => page.getByTestId("search-result").count()).toBeGreaterThan(0);
      const results = await page.getByTestId("search-results").boundingBox();
      const cartBox = await page.getByTestId("cart-scroll").boundingBox();
      expect(results && cartBox).toBeTruthy();
      for (const row of await page.getByTestId("cart-line").all()) {
        const box = await row.boundingBox();
        if (!box || !results || !cartBox) continue;
        // Only the part of a line inside the ticket's scroll box is on screen.
        const top = Math.max(box.y, cartBox.y);
        const bottom = Math.min(box.y + box.height, cartBox.y + cartBox.height);
        if (bottom <= top) continue;
        const overlaps =
          top < results.y + results.height &&
          results.y < bottom &&
          box.x < results.x + results.width &&
          results.x < box.x + box.width;
        expect(overlaps, `the search results cover a ticket line at ${size}`).toBe(false);
      }
      await expectNoCutText(page, `the till's search results at ${size}`);
      await expectTouchTargets(page, `the till's search results at ${size}`);
      // Keyboard first: Esc closes the list, the scanner keeps the focus.
      await page.keyboard.press("Escape");
      await expect.poll(() => page.getByTestId("search-results").count()).toBe(0);

      // Paid in cash, then the X and the Z: big figures on the cash screen.
      await page.keyboard.press("F12");
      await page.getByTestId("pay-tendered").fill(typed(TOTAL));
      await page.getByTestId("pay-add").click();
      await page.getByTestId("pay-confirm").click();
      await expect.poll(() => page.getByTestId("receipt-dialog").isVisible(), { timeout: 10_000 }).toBe(true);
      await page.getByTestId("new-sale-button").click();
      await page.getByTestId("nav-cash").click();
      await page.getByTestId("cash-x-report").click();
      await expect.poll(() => page.getByTestId("x-report").isVisible()).toBe(true);
      await expectNoCutText(page, `the X report at ${size}`);
      await page.getByTestId("cash-close-counted").fill(typed(TOTAL + 1_000_000));
      await page.getByTestId("cash-close-submit").click();
      await page.getByTestId("confirm-ok").click();
      await expect.poll(() => page.getByTestId("z-report").isVisible(), { timeout: 10_000 }).toBe(true);
      expect(await textOf(page, "z-expected")).toBe(formatMoney(TOTAL + 1_000_000));
      await expectNoCutText(page, `the Z report at ${size}`);
      await expectTouchTargets(page, `the cash screen at ${size}`);

      // The sales history with that sale open (its ticket preview), and Ajustes' widest tabs.
      await page.getByTestId("nav-history").click();
      await page.getByTestId("history-list").locator("tbody tr").first().click();
      await expect
        .poll(() => page.getByTestId("history-receipt").isVisible(), { timeout: 10_000 })
        .toBe(true);
      await expectNoCutText(page, `the sales history at ${size}`);
      await expectTouchTargets(page, `the sales history at ${size}`);
      await page.getByTestId("nav-settings").click();
      for (const tab of ["scales", "homeAssistant", "audit", "cardReaders"]) {
        await page.getByTestId(`settings-tab-${tab}`).click();
        await expect
          .poll(() => page.getByTestId(`settings-tab-${tab}`).getAttribute("aria-selected"))
          .toBe("true");
        await expectNoCutText(page, `Ajustes → ${tab} at ${size}`);
        await expectTouchTargets(page, `Ajustes → ${tab} at ${size}`);
      }
      await page.close();
    }, 90_000);
  }
});

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatMoney } from "@mostrador/contracts/money";
import { dayKeyIn, dayStartUtc, nextDayKey } from "@mostrador/contracts/zoned-day";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findCardByUid } from "../cards/cards.js";
import { cardBalance } from "../cards/ledger.js";
import { getCardSettings } from "../cards/settings.js";
import { resolveScan } from "../catalog/scan.js";
import { DEMO_CODES } from "../seed/demo-catalog.js";
import { type RunningAppliance, startAppliance } from "./appliance.js";
import { launchChromium } from "./browser.js";
import { focusedTestId, loginAtTill, textOf } from "./test-till-page.js";

describe("prepaid cards at the cash desk and the till, end to end in Chromium", () => {
  let dataDir: string;
  let appliance: RunningAppliance;
  let browser: Browser;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "mostrador-cards-e2e-"));
    appliance = await startAppliance({ dataDir, host: "127.0.0.1", port: 0, seedDemo: true });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await appliance?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("a cashier issues a card tapped on a keyboard-wedge reader, tops it up by keyboard, and a sale is paid with it", async () => {
    const coca = resolveScan(appliance.ctx, DEMO_CODES.cocaCola).product;
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const pageErrors: Error[] = [];
    page.on("pageerror", (err) => pageErrors.push(err));
    await page.goto(appliance.url);
    await page.getByTestId("login-terminal-1").click();
    await loginAtTill(page, "Lucía", "1111");
    await page.getByTestId("nav-cash").click();
    await page.getByTestId("cash-open-float").fill("1000");
    await page.getByTestId("cash-open-submit").click();
    await expect.poll(() => page.getByTestId("cash-session-info").isVisible()).toBe(true);

    // Tarjetas: the UID field has the keyboard, so the wedge reader's digits and Enter land there.
    await page.getByTestId("nav-cards").click();
    await expect.poll(() => focusedTestId(page)).toBe("cards-uid");
    await page.keyboard.type("04a1b2c3");
    await page.keyboard.press("Enter");
    // Unknown card: issued in place, with a first top-up of $ 5.000 in cash typed and Enter.
    await expect.poll(() => page.getByTestId("card-issue").isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => focusedTestId(page)).toBe("cards-issue-topup");
    await page.keyboard.type("5000");
    await page.keyboard.press("Enter");
    await expect.poll(() => textOf(page, "card-balance"), { timeout: 10_000 }).toBe(formatMoney(500_000));
    expect(await textOf(page, "card-uid")).toBe("04A1B2C3");

    // The card is tapped again later: the same card; $ 2.000 more by debit, by keyboard.
    await page.getByTestId("cards-uid").focus();
    await page.keyboard.type("04 A1 B2 C3");
    await page.keyboard.press("Enter");
    await page.getByTestId("cards-topup-method-debit").click();
    await page.getByTestId("cards-topup-amount").focus();
    await page.keyboard.type("2000");
    await page.keyboard.press("Enter");
    await expect.poll(() => textOf(page, "card-balance"), { timeout: 10_000 }).toBe(formatMoney(700_000));
    await expect.poll(() => page.getByTestId("card-entry").count()).toBe(2);
    // A top-up of zero is refused with the reason, nothing changes.
    await page.getByTestId("cards-topup-amount").fill("0");
    await page.getByTestId("cards-topup-confirm").click();
    await expect.poll(() => textOf(page, "cards-topup-error")).toContain("mayor que cero");
    const card = findCardByUid(appliance.ctx, "04A1B2C3")!;
    expect(cardBalance(appliance.ctx, card.id)).toBe(700_000);

    // The till: a Coca-Cola paid with the prepaid card, tapped in the payment dialog.
    await page.getByTestId("nav-till").click();
    await expect.poll(() => focusedTestId(page)).toBe("scan-input");
    await page.keyboard.type(DEMO_CODES.cocaCola);
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByTestId("cart-line").count()).toBe(1);
    await page.getByTestId("pay-button").click();
    await page.getByTestId("pay-method-card").click();
    await expect.poll(() => focusedTestId(page)).toBe("pay-card-uid");
    await page.keyboard.type("04A1B2C3");
    await page.keyboard.press("Enter");
    await expect
      .poll(() => textOf(page, "pay-card-balance"), { timeout: 10_000 })
      .toContain(formatMoney(700_000));
    await expect.poll(() => focusedTestId(page)).toBe("pay-amount");
    await page.keyboard.press("Enter");
    await page.getByTestId("pay-confirm").click();
    await expect.poll(() => page.getByTestId("receipt-preview").isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => textOf(page, "receipt-preview"), { timeout: 10_000 }).toContain("prepaga");
    expect(cardBalance(appliance.ctx, card.id)).toBe(700_000 - coca.price);

    // Back at the desk the card shows the purchase and its balance; the shift's figures have it apart.
    await page.keyboard.press("Escape");
    await page.getByTestId("nav-cards").click();
    await page.getByTestId("cards-uid").focus();
    await page.keyboard.type("04A1B2C3");
    await page.keyboard.press("Enter");
    await expect
      .poll(() => textOf(page, "card-balance"), { timeout: 10_000 })
      .toBe(formatMoney(700_000 - coca.price));
    await expect.poll(() => page.getByTestId("card-entry").count()).toBe(3);
    await expect.poll(() => textOf(page, "cards-report-charges")).toContain(formatMoney(coca.price));
    await expect.poll(() => textOf(page, "cards-report-topups")).toContain(formatMoney(700_000));
    expect(pageErrors).toEqual([]);
  }, 90_000);

  it("the owner blocks the card, moves its balance to a new card, voids a mistaken top-up and cashes it out", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const pageErrors: Error[] = [];
    page.on("pageerror", (err) => pageErrors.push(err));
    await page.goto(appliance.url);
    await page.getByTestId("login-terminal-1").click();
    await loginAtTill(page, "Martín", "2222");
    await page.getByTestId("nav-cards").click();
    const tap = async (uid: string) => {
      await page.getByTestId("cards-uid").focus();
      await page.keyboard.type(uid);
      await page.keyboard.press("Enter");
    };
    await tap("04A1B2C3");
    const before = cardBalance(appliance.ctx, findCardByUid(appliance.ctx, "04A1B2C3")!.id);
    await expect.poll(() => textOf(page, "card-balance"), { timeout: 10_000 }).toBe(formatMoney(before));

    // Lost: blocked with the reason, then its balance goes to a new wristband tapped on the reader.
    await page.getByTestId("cards-block-reason").fill("Perdida");
    await page.getByTestId("cards-block").click();
    await expect.poll(() => textOf(page, "card-status"), { timeout: 10_000 }).toBe("Bloqueada (Perdida)");
    await page.getByTestId("cards-transfer").click();
    await expect.poll(() => focusedTestId(page)).toBe("cards-transfer-uid");
    await page.keyboard.type("AABBCCDD");
    await page.keyboard.press("Enter");
    await expect.poll(() => textOf(page, "card-uid"), { timeout: 10_000 }).toBe("AABBCCDD");
    expect(await textOf(page, "card-balance")).toBe(formatMoney(before));
    expect(findCardByUid(appliance.ctx, "04A1B2C3")).toBeUndefined();

    // A mistaken top-up of $ 1.000, voided by the owner with a reason.
    await page.getByTestId("cards-topup-amount").fill("1000");
    await page.keyboard.press("Enter");
    await expect
      .poll(() => textOf(page, "card-balance"), { timeout: 10_000 })
      .toBe(formatMoney(before + 100_000));
    await page.getByTestId("cards-void").first().click();
    await page.getByTestId("cards-void-reason").fill("Cargó de más");
    await page.getByTestId("cards-void-confirm").click();
    await expect.poll(() => textOf(page, "card-balance"), { timeout: 10_000 }).toBe(formatMoney(before));

    // Cash-out of the whole balance: the card ends at zero, the shift shows it.
    await page.getByTestId("cards-cashout").click();
    await expect.poll(() => textOf(page, "card-balance"), { timeout: 10_000 }).toBe(formatMoney(0));
    const moved = findCardByUid(appliance.ctx, "AABBCCDD")!;
    expect(cardBalance(appliance.ctx, moved.id)).toBe(0);
    expect(pageErrors).toEqual([]);
  }, 90_000);

  it("the owner sets a wristband deposit that is kept and the event's last day; a new card for the ticket's customer pays it, the expiry is announced, a bad deposit changes nothing", async () => {
    const tz = "America/Argentina/Buenos_Aires";
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const pageErrors: Error[] = [];
    page.on("pageerror", (err) => pageErrors.push(err));
    await page.goto(appliance.url);
    await page.getByTestId("login-terminal-1").click();
    await loginAtTill(page, "Martín", "2222");
    await page.getByTestId("nav-cards").click();
    // Ajustes de tarjetas, as stored: a free wristband, no expiry.
    await expect.poll(() => page.getByTestId("cards-settings-deposit").inputValue()).toBe("0,00");
    const before = getCardSettings(appliance.ctx);

    // A deposit that is no amount is refused on the screen, and nothing is saved.
    await page.getByTestId("cards-settings-deposit").fill("1.5a");
    await page.getByTestId("cards-settings-save").click();
    await expect.poll(() => textOf(page, "cards-settings-error")).toBe("Escribí un importe mayor que cero");
    expect(getCardSettings(appliance.ctx)).toEqual(before);

    // $ 1.500 a wristband, not given back at cash-out; the event's last day is tomorrow in the shop's zone.
    const lastDay = nextDayKey(dayKeyIn(new Date(), tz));
    await page.getByTestId("cards-settings-deposit").fill("1.500");
    await page.getByTestId("cards-settings-refundable").uncheck();
    await page.getByTestId("cards-settings-last-day").fill(lastDay);
    await page.getByTestId("cards-settings-save").click();
    await expect.poll(() => page.getByTestId("cards-settings-saved").isVisible()).toBe(true);
    expect(getCardSettings(appliance.ctx)).toEqual({
      deposit: 150_000,
      depositRefundable: false,
      expiresAt: dayStartUtc(nextDayKey(lastDay), tz),
    });

    // Paula, the ticket's customer (F3 at the till, created there), takes a new wristband in her name: the issue
    // form says what it costs, and the card keeps the deposit.
    await page.getByTestId("nav-till").click();
    await expect.poll(() => focusedTestId(page)).toBe("scan-input");
    await page.keyboard.press("F3");
    await page.getByTestId("customer-search").fill("Paula Ríos");
    await expect.poll(() => textOf(page, "customer-results")).toMatch(/Ningún cliente/);
    await page.keyboard.press("Enter");
    await page.getByTestId("customer-create-name").press("Enter");
    await expect.poll(() => textOf(page, "sale-customer-name")).toBe("Paula Ríos");
    await page.getByTestId("nav-cards").click();
    await page.getByTestId("cards-uid").focus();
    await page.keyboard.type("0A0B0C0D");
    await page.keyboard.press("Enter");
    await expect
      .poll(() => textOf(page, "card-issue"), { timeout: 10_000 })
      .toContain(`Depósito de la tarjeta: ${formatMoney(150_000)}. No se devuelve`);
    await page.getByTestId("cards-issue-customer").check();
    await page.getByTestId("cards-issue-topup").fill("3000");
    await page.getByTestId("cards-issue-topup").press("Enter");
    await expect.poll(() => textOf(page, "card-balance"), { timeout: 10_000 }).toBe(formatMoney(300_000));
    expect(await textOf(page, "card-deposit")).toBe(`${formatMoney(150_000)} No se devuelve`);
    expect(await textOf(page, "card-panel")).toContain("Paula Ríos");
    expect(findCardByUid(appliance.ctx, "0A0B0C0D")!.customerName).toBe("Paula Ríos");

    // Reportes: the balance that will expire at the end of the last day, still unspent.
    await page.getByTestId("cards-tab-reports").click();
    await expect.poll(() => textOf(page, "cards-reports-expiry")).toContain("Vence el");
    expect(await textOf(page, "cards-reports-expiry")).toContain(
      `hoy quedan ${formatMoney(300_000)} en 1 tarjeta`,
    );
    expect(pageErrors).toEqual([]);
  }, 90_000);
});

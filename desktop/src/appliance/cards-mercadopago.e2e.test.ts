import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatMoney } from "@mostrador/contracts/money";
import {
  type FakeMercadoPago,
  startFakeMercadoPago,
} from "@mostrador/platform/mercadopago/fake/fake-mercadopago";
import { redirectMercadoPagoTo } from "@mostrador/platform/mercadopago/fake/redirect";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adjustAccount } from "../accounts/adjustments.js";
import { accountSummary } from "../accounts/summary.js";
import { insertCustomer } from "../accounts/test-customers.js";
import { findCardByUid } from "../cards/cards.js";
import { cardBalance } from "../cards/ledger.js";
import { TEST_LOCATION } from "../mercadopago/test-support.js";
import { type RunningAppliance, startAppliance } from "./appliance.js";
import { launchChromium } from "./browser.js";
import { demoOwnerApi, focusedTestId, loginAtTill, textOf } from "./test-till-page.js";

describe("a wristband topped up with Mercado Pago and found by its QR, and an account paid with it, in Chromium", () => {
  let dataDir: string;
  let appliance: RunningAppliance;
  let browser: Browser;
  let fake: FakeMercadoPago;
  let undo: () => void;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "mostrador-cards-mp-e2e-"));
    fake = await startFakeMercadoPago();
    undo = redirectMercadoPagoTo(fake.url);
    appliance = await startAppliance({ dataDir, host: "127.0.0.1", port: 0, seedDemo: true });
    browser = await launchChromium();
    // The owner connected Mercado Pago in Ajustes (its own e2e shows that screen).
    const owner = await demoOwnerApi(appliance);
    await owner("/mercadopago/account", { accessToken: fake.accessToken, location: TEST_LOCATION });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await appliance?.close();
    undo?.();
    await fake?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("issues a numbered wristband, finds it by its QR, and loads it by dynamic QR once MP confirms", async () => {
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

    // Tarjetas: a new wristband, its printed number 0042.
    await page.getByTestId("nav-cards").click();
    await expect.poll(() => focusedTestId(page)).toBe("cards-uid");
    await page.keyboard.type("04a1b2c3");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByTestId("card-issue").isVisible(), { timeout: 10_000 }).toBe(true);
    await page.getByTestId("cards-issue-printed").fill("0042");
    await page.getByTestId("cards-issue-confirm").click();
    await expect.poll(() => textOf(page, "card-uid"), { timeout: 10_000 }).toBe("04A1B2C3");

    // Later the scanner reads the wristband's QR into the card field: the same card.
    await page.getByTestId("nav-till").click();
    await page.getByTestId("nav-cards").click();
    await page.getByTestId("cards-uid").focus();
    await page.keyboard.type("mostrador:card:0042");
    await page.keyboard.press("Enter");
    await expect.poll(() => textOf(page, "card-uid"), { timeout: 10_000 }).toBe("04A1B2C3");
    // An unknown number is said, not offered for issue.
    await page.getByTestId("cards-uid").focus();
    await page.keyboard.type("mostrador:card:0099");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByText("0099").first().isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await page.getByTestId("card-issue").count()).toBe(0);
    await page.getByTestId("cards-uid").focus();
    await page.keyboard.type("mostrador:card:0042");
    await page.keyboard.press("Enter");
    await expect.poll(() => textOf(page, "card-uid"), { timeout: 10_000 }).toBe("04A1B2C3");

    // Top-up by Mercado Pago: $ 3.000, Enter opens the charge; the QR is drawn; only MP's "processed" loads it.
    await page.getByTestId("cards-topup-method-mercadopago").click();
    await page.getByTestId("cards-topup-amount").fill("3000");
    await page.getByTestId("cards-topup-amount").press("Enter");
    await page.getByTestId("mp-charge-qr").click();
    await expect.poll(() => page.getByTestId("mp-qr").isVisible(), { timeout: 10_000 }).toBe(true);
    const card = findCardByUid(appliance.ctx, "04A1B2C3")!;
    expect(cardBalance(appliance.ctx, card.id)).toBe(0);
    const { orderId } = appliance.ctx.db
      .prepare("SELECT order_id AS orderId FROM mercadopago_charges")
      .get() as { orderId: string };
    await fake.moveOrder(orderId, "processed");
    await expect.poll(() => textOf(page, "card-balance"), { timeout: 15_000 }).toBe(formatMoney(300_000));
    await expect.poll(() => textOf(page, "cards-topup-done")).toContain(formatMoney(300_000));
    expect(cardBalance(appliance.ctx, card.id)).toBe(300_000);
    expect(
      appliance.ctx.db
        .prepare("SELECT method, reference FROM card_entries WHERE card_id = ? AND kind = 'topup'")
        .all(card.id),
    ).toEqual([{ method: "mercadopago", reference: expect.any(String) }]);
    // The shift's figures show the top-up by method.
    await expect.poll(() => textOf(page, "cards-report-topups")).toContain(formatMoney(300_000));
    expect(pageErrors).toEqual([]);
  }, 90_000);

  it("takes an account payment by Mercado Pago at Cuentas once MP confirms it", async () => {
    // The shift the first case opened at this till is still open (an account payment needs one).
    const db = appliance.ctx.db;
    const owner = db.prepare("SELECT id, name FROM staff WHERE name LIKE 'Martín%'").get() as {
      id: string;
      name: string;
    };
    const terminal = db.prepare("SELECT id FROM terminals WHERE code = 1").get() as { id: string };
    const ana = insertCustomer(appliance.ctx, { name: "Ana Pérez" });
    adjustAccount(
      appliance.ctx,
      { staffId: owner.id, name: owner.name, role: "owner", terminalId: terminal.id },
      ana.id,
      { amount: 500_000, note: "Saldo anterior" },
    );

    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const pageErrors: Error[] = [];
    page.on("pageerror", (err) => pageErrors.push(err));
    await page.goto(appliance.url);
    await page.getByTestId("login-terminal-1").click();
    await loginAtTill(page, "Lucía", "1111");
    await page.getByTestId("nav-accounts").click();
    await page.getByTestId("debtor").filter({ hasText: "Ana Pérez" }).click();
    await expect.poll(() => page.getByTestId("statement-entry").count(), { timeout: 10_000 }).toBe(1);

    // $ 2.000 by QR: nothing is recorded until MP's "processed"; then the statement names the method.
    await page.getByTestId("account-pay-method-mercadopago").click();
    await page.getByTestId("account-pay-amount").fill("2000");
    await page.getByTestId("account-pay-confirm").click();
    await page.getByTestId("mp-charge-qr").click();
    await expect.poll(() => page.getByTestId("mp-qr").isVisible(), { timeout: 10_000 }).toBe(true);
    expect(accountSummary(appliance.ctx, ana.id).balance).toBe(500_000);
    const { orderId } = db
      .prepare("SELECT order_id AS orderId FROM mercadopago_charges ORDER BY created_at DESC LIMIT 1")
      .get() as { orderId: string };
    await fake.moveOrder(orderId, "processed");
    await expect.poll(() => accountSummary(appliance.ctx, ana.id).balance, { timeout: 15_000 }).toBe(300_000);
    await expect.poll(() => page.getByTestId("statement-entry").count()).toBe(2);
    expect(await page.getByTestId("statement-entry").last().textContent()).toContain("Mercado Pago");
    expect(
      db.prepare("SELECT method FROM account_entries WHERE customer_id = ? AND kind = 'payment'").all(ana.id),
    ).toEqual([{ method: "mercadopago" }]);
    expect(pageErrors).toEqual([]);
  }, 60_000);
});

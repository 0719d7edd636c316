import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { v7 as uuidv7 } from "uuid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withCheckDigit } from "@mostrador/contracts/pos/gs1";
import { dayKeyIn, dayStartUtc } from "@mostrador/contracts/zoned-day";
import { getSettings, updateSettings } from "@mostrador/kernel/shop/settings";
import { resolveScan } from "../catalog/scan.js";
import { type FakePrinter, startFakePrinter } from "../receipts/test-printer.js";
import { DEMO_CODES } from "../seed/demo-catalog.js";
import { type RunningAppliance, startAppliance } from "./appliance.js";
import { launchChromium } from "./browser.js";
import { demoOwnerApi, loginAtTill, textOf } from "./test-till-page.js";

/** Ajustes' screens used once each by the owner in Chromium, and yesterday's ticket found and reprinted. */
describe("Ajustes and the sales history, end to end in Chromium", () => {
  let dataDir: string;
  let appliance: RunningAppliance;
  let printer: FakePrinter;
  let browser: Browser;
  let page: Page;
  let yesterdaySale: string;
  let todaySale: string;
  const pageErrors: Error[] = [];

  /** Two sales over HTTP; the first is then dated back to yesterday 12:00 in the shop (the appliance's clock is real). */
  async function sellTwice(): Promise<void> {
    const db = appliance.ctx.db;
    const call = await demoOwnerApi(appliance);
    await call("/cash/open", { openingFloat: 1_000_000 });
    const coca = resolveScan(appliance.ctx, DEMO_CODES.cocaCola).product;
    const sell = async (quantity: number) =>
      (
        await call("/sales", {
          id: uuidv7(),
          lines: [{ productId: coca.id, quantity }],
          payments: [{ method: "cash", amount: coca.price * quantity }],
        })
      ).displayNumber as string;
    yesterdaySale = await sell(1);
    todaySale = await sell(2);
    const zone = getSettings(db).timeZone;
    const yesterday = dayKeyIn(new Date(Date.now() - 86_400_000), zone);
    const noon = new Date(Date.parse(dayStartUtc(yesterday, zone)) + 12 * 3_600_000).toISOString();
    db.prepare("UPDATE sales SET created_at = ? WHERE number = 1").run(noon);
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "mostrador-ajustes-e2e-"));
    printer = await startFakePrinter();
    appliance = await startAppliance({ dataDir, host: "127.0.0.1", port: 0, seedDemo: true });
    updateSettings(appliance.ctx.db, {
      printer: { interface: printer.uri, type: "epson", widthMm: 80, openDrawerOnCash: false },
    });
    await sellTwice();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on("pageerror", (err) => pageErrors.push(err));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await appliance?.close();
    await printer?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("edits a scale layout, 'probar código' reads a label with it unsaved, and saving stores it", async () => {
    await page.goto(appliance.url);
    await page.getByTestId("login-terminal-1").click();
    await loginAtTill(page, "Martín", "2222");
    await page.getByTestId("nav-settings").click();
    await page.getByTestId("settings-tab-shop").focus();
    // Keyboard: the arrow keys walk the tabs (Negocio → Cajas → Ventas y PIN → Balanzas).
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => page.getByTestId("settings-scales").isVisible()).toBe(true);

    const weight = getSettings(appliance.ctx.db).scaleLayouts.findIndex((l) => l.kind === "weight");
    const prefix = getSettings(appliance.ctx.db).scaleLayouts[weight]!.prefix;
    await page.getByTestId(`scale-itemDigits-${weight}`).selectOption("4");
    expect(await textOf(page, `scale-valueDigits-${weight}`)).toBe("6");

    const code = withCheckDigit(`${prefix}0042001250`);
    await page.getByTestId("scale-test-input").fill(code);
    expect(await textOf(page, "scale-test-result")).toBe(`Prefijo ${prefix} · artículo 42 · peso 1,250 kg`);
    const misread = `${code.slice(0, 12)}${(Number(code[12]) + 1) % 10}`;
    await page.getByTestId("scale-test-input").fill(misread);
    expect(await textOf(page, "scale-test-result")).toContain("dígito verificador");

    await page.getByTestId("settings-save").click();
    await expect.poll(() => textOf(page, "settings-state")).toBe("No hay cambios para guardar");
    expect(getSettings(appliance.ctx.db).scaleLayouts[weight]).toMatchObject({
      itemDigits: 4,
      valueDigits: 6,
    });
  });

  it("creates Home Assistant's MQTT user, shows the password once, and rotates it", async () => {
    await page.getByTestId("settings-tab-homeAssistant").click();
    await expect.poll(() => textOf(page, "ha-username")).toBe("Sin crear");
    await page.getByTestId("ha-create").click();
    await expect.poll(() => page.getByTestId("ha-password").isVisible()).toBe(true);
    const first = await page.getByTestId("ha-password").inputValue();
    expect(first.length).toBeGreaterThanOrEqual(16);
    await page.getByTestId("ha-copy").click();

    await page.getByTestId("ha-rotate").click();
    await page.getByTestId("confirm-ok").click();
    await expect.poll(() => page.getByTestId("ha-password").inputValue()).not.toBe(first);
    expect(await textOf(page, "ha-username")).not.toBe("Sin crear");
  });

  it("filters the audit log by person and action family", async () => {
    await page.getByTestId("settings-tab-audit").click();
    await expect.poll(() => page.getByTestId("audit-row").count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await page.getByTestId("audit-action").selectOption("auth");
    await expect
      .poll(async () =>
        (
          await page
            .getByTestId("audit-row")
            .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-action")))
        ).every((a) => a?.startsWith("auth.")),
      )
      .toBe(true);
    const martin = await page
      .getByTestId("audit-staff")
      .locator("option", { hasText: "Martín" })
      .getAttribute("value");
    await page.getByTestId("audit-staff").selectOption(martin!);
    await expect.poll(() => page.getByTestId("audit-row").count()).toBeGreaterThan(0);
    // A day with nothing in it: tomorrow.
    const tomorrow = dayKeyIn(new Date(Date.now() + 86_400_000), getSettings(appliance.ctx.db).timeZone);
    await page.getByTestId("audit-range-from").fill(tomorrow);
    await expect.poll(() => page.getByTestId("audit-empty").isVisible()).toBe(true);
  });

  it("finds yesterday's sale in the history and reprints it marked as a copy", async () => {
    await page.getByTestId("nav-history").click();
    await expect
      .poll(() => page.getByTestId(`history-row-${todaySale}`).isVisible(), { timeout: 10_000 })
      .toBe(true);
    const yesterday = dayKeyIn(new Date(Date.now() - 86_400_000), getSettings(appliance.ctx.db).timeZone);
    await page.getByTestId("history-range-from").fill(yesterday);
    await page.getByTestId("history-range-to").fill(yesterday);
    await page.getByTestId("history-search").click();
    await expect.poll(() => page.getByTestId(`history-row-${todaySale}`).count()).toBe(0);
    await page.getByTestId(`history-row-${yesterdaySale}`).focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => textOf(page, "history-receipt")).toContain("DOCUMENTO NO VÁLIDO COMO FACTURA");

    await page.getByTestId("history-reprint").click();
    const job = await printer.nextJob();
    expect(job.includes(Buffer.from("REIMPRESI"))).toBe(true);
    expect(job.includes(Buffer.from("COPIA"))).toBe(true);
    const audit = appliance.ctx.db
      .prepare("SELECT action, entity FROM audit_log WHERE action = 'receipt.reprint'")
      .all();
    expect(audit).toEqual([{ action: "receipt.reprint", entity: "sale" }]);
    expect(pageErrors).toEqual([]);
  });
});

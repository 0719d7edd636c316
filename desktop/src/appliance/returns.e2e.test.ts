import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { v7 as uuidv7 } from "uuid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { centavosToInput } from "../../ui/src/input/parse-decimal.js";
import { resolveScan } from "../catalog/scan.js";
import { formatMoney } from "@mostrador/contracts/money";
import { type FakePrinter, startFakePrinter } from "../receipts/test-printer.js";
import { DEMO_CODES } from "../seed/demo-catalog.js";
import { updateSettings } from "@mostrador/kernel/shop/settings";
import { type RunningAppliance, startAppliance } from "./appliance.js";
import { launchChromium } from "./browser.js";
import { demoOwnerApi, textOf } from "./test-till-page.js";

/** On screen, Intl puts a no-break space after "$"; compare text with plain spaces. */
describe("a return of a sale paid debit + cash, end to end in Chromium", () => {
  let dataDir: string;
  let appliance: RunningAppliance;
  let printer: FakePrinter;
  let browser: Browser;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "mostrador-returns-e2e-"));
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

  /** The owner's till over HTTP: login, open the session, sell 4 Coca-Colas paid 3 by debit and 1 in cash. */
  async function sellOverApi(): Promise<{ price: number }> {
    const call = await demoOwnerApi(appliance);
    await call("/cash/open", { openingFloat: 1_000_000 });
    const coca = resolveScan(appliance.ctx, DEMO_CODES.cocaCola).product;
    await call("/sales", {
      id: uuidv7(),
      lines: [{ productId: coca.id, quantity: 4 }],
      payments: [
        { method: "debit", amount: coca.price * 3, reference: "CUPON 77" },
        { method: "cash", amount: coca.price },
      ],
    });
    return { price: coca.price };
  }

  it("proposes the refund split debit + cash, prints and shows the return slip, and marks the sale partly returned", async () => {
    const { price } = await sellOverApi();
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const pageErrors: Error[] = [];
    page.on("pageerror", (err) => pageErrors.push(err));
    await page.goto(appliance.url);
    await page.getByTestId("login-terminal-1").click();
    await page.getByTestId("login-staff-Martín").click();
    await page.getByTestId("pin-input").fill("2222");
    await page.getByTestId("pin-submit").click();
    await expect.poll(() => page.getByTestId("nav-who").isVisible(), { timeout: 10_000 }).toBe(true);

    await page.getByTestId("nav-returns").click();
    await expect.poll(() => page.getByTestId("returns-sale").count(), { timeout: 10_000 }).toBe(1);
    expect(await page.getByTestId("returns-sale-state").getAttribute("data-state")).toBe("none");
    await page.getByTestId("returns-sale").click();

    // Two of the four come back: 3/4 of it by debit, 1/4 in cash (not all of it by the first method).
    await page.getByTestId("return-qty").fill("2");
    const total = price * 2;
    await expect.poll(() => textOf(page, "return-total")).toBe(formatMoney(total));
    await expect.poll(() => page.getByTestId("return-refund").count()).toBe(2);
    const methods = await page
      .getByTestId("return-refund-method")
      .evaluateAll((els) => els.map((e) => (e as HTMLSelectElement).value));
    expect(methods).toEqual(["debit", "cash"]);
    const amounts = await page
      .getByTestId("return-refund-amount")
      .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    const debit = Math.round((total * 3) / 4);
    expect(amounts).toEqual([centavosToInput(debit), centavosToInput(total - debit)]);
    expect(await page.getByTestId("return-refund-proposed").isVisible()).toBe(true);

    await page.getByTestId("return-reason").fill("Cliente arrepentido");
    await page.getByTestId("return-submit").click();

    // The slip is previewed as it prints, and its bytes reach the printer.
    await expect
      .poll(() => page.getByTestId("return-slip-preview").isVisible(), { timeout: 10_000 })
      .toBe(true);
    await expect.poll(() => textOf(page, "return-slip-preview")).toContain("NOTA DE DEVOLUCIÓN");
    const preview = await textOf(page, "return-slip-preview");
    expect(preview).toContain("DOCUMENTO NO VÁLIDO COMO FACTURA");
    expect(preview).toMatch(/Ticket original +0001-00000001/);
    expect(preview).toMatch(new RegExp(`Tarjeta de débito +\\${formatMoney(debit).replace(".", "\\.")}`));
    expect(preview).toContain("Motivo: Cliente arrepentido");
    const job = await printer.nextJob();
    expect(job.includes(Buffer.from("NOTA DE DEVOLUCI\xe0N", "latin1"))).toBe(true);
    await expect.poll(() => textOf(page, "return-slip-print-status")).toBe("Nota de devolución impresa");

    // Back on the list: the sale says it was partly returned, and how much.
    await page.getByTestId("return-slip-done").click();
    await expect
      .poll(() => page.getByTestId("returns-sale-state").getAttribute("data-state"))
      .toBe("partial");
    expect(await textOf(page, "returns-sale-state")).toBe(
      `Devuelta parcialmente · ${formatMoney(total)} devueltos`,
    );

    // Reopening the sale lists that return, and its slip can be seen again (printed only on request).
    const jobs = printer.jobs.length;
    await page.getByTestId("returns-sale").click();
    await expect.poll(() => page.getByTestId("earlier-return").count(), { timeout: 10_000 }).toBe(1);
    expect(await textOf(page, "earlier-return")).toContain("0001-00000001");
    await page.getByTestId("earlier-return-slip").click();
    await expect.poll(() => textOf(page, "return-slip-preview")).toContain("Motivo: Cliente arrepentido");
    expect(printer.jobs.length).toBe(jobs);
    await page.getByTestId("return-slip-done").click();
    expect(await page.getByTestId("return-slip-dialog").count()).toBe(0);

    const refunds = appliance.ctx.db
      .prepare("SELECT method, amount FROM return_refunds ORDER BY rowid")
      .all() as { method: string; amount: number }[];
    expect(refunds).toEqual([
      { method: "debit", amount: debit },
      { method: "cash", amount: total - debit },
    ]);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});

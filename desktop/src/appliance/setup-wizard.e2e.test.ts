import { withCheckDigit } from "@mostrador/contracts/pos/gs1";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatMoney } from "@mostrador/contracts/money";
import { getSettings } from "@mostrador/kernel/shop/settings";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { type FakePrinter, startFakePrinter } from "../receipts/test-printer.js";
import { type RunningAppliance, startAppliance } from "./appliance.js";
import { launchChromium } from "./browser.js";
import { loginAtTill, scanAtTill, textOf } from "./test-till-page.js";

const typed = (centavos: number) => formatMoney(centavos).replace("$ ", "");

/**
 * A shop's first day with a new appliance and no demo: the wizard in Chromium (with the mistakes people
 * make on the way), the owner logging in with the PIN they chose, a product, and the first sale.
 */
describe("first run of an empty appliance, end to end in Chromium", () => {
  let dataDir: string;
  let appliance: RunningAppliance;
  let printer: FakePrinter;
  let browser: Browser;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "mostrador-setup-"));
    printer = await startFakePrinter();
    appliance = await startAppliance({ dataDir, host: "127.0.0.1", port: 0, seedDemo: false });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await appliance?.close();
    await printer?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("wizard → the new owner logs in → a product → the first sale", async () => {
    const page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
    page.on("pageerror", (err) => console.error("page error:", err));
    await page.goto(appliance.url);
    await page.getByTestId("setup-start").click();

    // The shop: an empty name and a CUIT with a wrong check digit are stopped under their fields.
    await page.getByTestId("setup-taxId").fill("20-12345678-5");
    await page.getByTestId("setup-next").click();
    expect(await textOf(page, "setup-name-error")).toBe("Escribí el nombre del negocio");
    expect(await textOf(page, "setup-taxId-error")).toBe("El CUIT no es válido: revisá los números");
    await page.getByTestId("setup-name").fill("Bar El Farol");
    await page.getByTestId("setup-taxId").fill("20-12345678-6");
    await page.getByTestId("setup-ivaCondition").selectOption("monotributo");
    await page.getByTestId("setup-address").fill("Belgrano 120, Mendoza");
    await page.getByTestId("setup-rubro").selectOption("bar");
    await page.getByTestId("setup-next").click();

    // The owner: a PIN typed differently the second time is caught before anything is sent.
    await page.getByTestId("setup-ownerName").fill("Rosa");
    await page.getByTestId("setup-pin").fill("4826");
    await page.getByTestId("setup-pinAgain").fill("4827");
    await page.getByTestId("setup-next").click();
    expect(await textOf(page, "setup-pinAgain-error")).toBe("Los dos PIN no coinciden");
    await page.getByTestId("setup-pinAgain").fill("4826");
    await page.getByTestId("setup-next").click();

    // Two tills, the second named by the owner.
    await page.getByTestId("setup-terminal-add").click();
    await page.getByTestId("setup-terminal-name-1").fill("Barra");
    await page.getByTestId("setup-next").click();

    // The network printer, then the whole setup goes at once.
    await page.getByTestId("setup-printer-network").check();
    await page.getByTestId("setup-printerHost").fill("127.0.0.1");
    await page.getByTestId("setup-printerPort").fill(String(printer.port));
    expect(appliance.ctx.db.prepare("SELECT COUNT(*) FROM staff").pluck().get()).toBe(0);
    await page.getByTestId("setup-next").click();

    // Done: the owner is in; the test page reaches the printer through the receipts module.
    await expect.poll(() => page.getByTestId("setup-done").isVisible(), { timeout: 10_000 }).toBe(true);
    const job = printer.nextJob();
    await page.getByTestId("setup-test-print").click();
    expect((await job).includes(Buffer.from("PRUEBA DE IMPRESORA"))).toBe(true);
    expect(getSettings(appliance.ctx.db)).toMatchObject({
      name: "Bar El Farol",
      taxId: "20-12345678-6",
      ivaCondition: "monotributo",
      rubro: "bar",
      timeZone: "America/Argentina/Buenos_Aires",
      receiptFooter: "¡Gracias por venir! Lo esperamos pronto.",
    });
    await page.getByTestId("setup-go").click();

    // Out and in again with the PIN chosen in the wizard, at the till the wizard left this screen on.
    await page.getByTestId("nav-logout").click();
    await loginAtTill(page, "Rosa", "4826");
    expect(await textOf(page, "nav-who")).toContain("Rosa");

    // A product through the catalog API, as the owner (the session's own token).
    const token = await page.evaluate(() => localStorage.getItem("mostrador.token"));
    const barcode = withCheckDigit("779123400001");
    const price = 250_000;
    const created = await fetch(`${appliance.url}/api/products`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({
        sku: "FERNET",
        name: "Fernet con cola",
        price,
        ivaRate: 2100,
        unit: "each",
        barcodes: [barcode],
      }),
    });
    expect(created.status).toBe(201);

    // The first sale: open the cash drawer session, scan, pay cash.
    await page.getByTestId("nav-cash").click();
    await page.getByTestId("cash-open-float").fill(typed(1_000_000));
    await page.getByTestId("cash-open-submit").click();
    await expect.poll(() => page.getByTestId("cash-session-info").isVisible()).toBe(true);
    await page.getByTestId("nav-till").click();
    await scanAtTill(page, barcode);
    await expect.poll(() => page.getByTestId("cart-line").count()).toBe(1);
    await page.getByTestId("pay-button").click();
    await page.getByTestId("pay-method-cash").click();
    await page.getByTestId("pay-tendered").fill(typed(price));
    await page.getByTestId("pay-add").click();
    await page.getByTestId("pay-confirm").click();
    await expect.poll(() => page.getByTestId("receipt-preview").isVisible(), { timeout: 10_000 }).toBe(true);
    // The preview shows "Cargando…" until the receipt's text arrives.
    await expect.poll(() => textOf(page, "receipt-preview")).toContain("Bar El Farol");
    const sales = appliance.ctx.db
      .prepare("SELECT s.total, st.name FROM sales s JOIN staff st ON st.id = s.staff_id")
      .all();
    expect(sales).toEqual([{ total: price, name: "Rosa" }]);

    // The rubro chose what the sensors screen suggests connecting first.
    await page.getByTestId("new-sale-button").click();
    await page.getByTestId("nav-sensors").click();
    await expect
      .poll(() => textOf(page, "sensors-suggested"))
      .toBe("Para un negocio de rubro Bar se suelen conectar: heladera, sensor de puerta, corte de luz.");
  }, 90_000);
});

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { v7 as uuidv7 } from "uuid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveScan } from "../catalog/scan.js";
import { type FakeArca, startFakeArca } from "../invoicing/fake-arca/server.js";
import { newTestCa, type TestCa } from "../invoicing/fake-arca/test-ca.js";
import { invoicesOfSale } from "../invoicing/invoice-rows.js";
import { updateInvoicingSetup } from "../invoicing/setup.js";
import { buildSaleReceipt } from "../receipts/layout.js";
import { renderPreview } from "../receipts/preview.js";
import { buildReturnSlip } from "../receipts/return-slip.js";
import { DEMO_CODES } from "../seed/demo-catalog.js";
import { type RunningAppliance, startAppliance } from "./appliance.js";
import { launchChromium } from "./browser.js";
import { type ApiPost, demoOwnerApi, loginAtTill, scanAtTill, textOf } from "./test-till-page.js";
import { updateSettings } from "@mostrador/kernel/shop/settings";
import { centavosToInput } from "../../ui/src/input/parse-decimal.js";
import { type FakePrinter, startFakePrinter } from "../receipts/test-printer.js";

const DAY = 86_400_000;

describe("ARCA invoicing end to end in Chromium: Ajustes → Facturación, a Factura B, its credit note, CAEA", () => {
  let dataDir: string;
  let appliance: RunningAppliance;
  let browser: Browser;
  let ca: TestCa;
  let fake: FakeArca;
  let call: ApiPost;
  let printer: FakePrinter;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "mostrador-invoicing-e2e-"));
    ca = newTestCa(new Date());
    fake = await startFakeArca({ caPem: ca.certificatePem, caeaPuntosDeVenta: [9] });
    printer = await startFakePrinter();
    appliance = await startAppliance({ dataDir, host: "127.0.0.1", port: 0, seedDemo: true });
    updateSettings(appliance.ctx.db, {
      printer: { interface: printer.uri, type: "epson", widthMm: 80, openDrawerOnCash: false },
    });
    browser = await launchChromium();
    call = await demoOwnerApi(appliance);
    await call("/cash/open", { openingFloat: 1_000_000 });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await appliance?.close();
    await fake?.close();
    await printer?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const sellCoca = async (quantity: number) => {
    const coca = resolveScan(appliance.ctx, DEMO_CODES.cocaCola).product;
    const sale = (await call("/sales", {
      id: uuidv7(),
      lines: [{ productId: coca.id, quantity }],
      payments: [{ method: "cash", amount: coca.price * quantity }],
    })) as { id: string; displayNumber: string; lines: { id: string; total: number }[] };
    return { sale, price: coca.price };
  };
  const statusOf = (saleId: string) => invoicesOfSale(appliance.ctx, saleId).map((i) => i.status);

  async function receiptInHistory(page: Page, displayNumber: string, reprintTestId = "history-receipt") {
    await page.getByTestId("nav-history").click();
    // The list is read when the screen opens or on "Buscar": a sale made since needs a new search.
    await page.getByTestId("history-search").click();
    await page.getByTestId(`history-row-${displayNumber}`).click();
    // Until the clicked sale's receipt arrives the panel shows "Cargando…" or the receipt opened before.
    await expect.poll(() => textOf(page, reprintTestId), { timeout: 10_000 }).toContain(displayNumber);
    return textOf(page, reprintTestId);
  }

  it("sets up invoicing from Ajustes, prints a Factura B with CAE and QR, a credit note, and a CAEA sale reported later", async () => {
    // Where ARCA is: configuration (the fake here, homologación or producción for a shop).
    const owner = appliance.ctx.db.prepare("SELECT id FROM staff WHERE name LIKE 'Martín%'").get() as {
      id: string;
    };
    updateInvoicingSetup(
      appliance.ctx,
      { staffId: owner.id, name: "Martín", role: "owner", terminalId: null },
      {
        wsaaUrl: fake.wsaaUrl,
        wsfeUrl: fake.wsfeUrl,
      },
    );

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const pageErrors: Error[] = [];
    page.on("pageerror", (err) => pageErrors.push(err));
    await page.goto(appliance.url);
    await page.getByTestId("login-terminal-1").click();
    await loginAtTill(page, "Martín", "2222");
    await page.getByTestId("nav-settings").click();
    await page.getByTestId("settings-tab-invoicing").click();
    await expect
      .poll(() => textOf(page, "invoicing-missing"), { timeout: 10_000 })
      .toMatch(/inicio de actividades/);

    await page.getByTestId("invoicing-activity-start").fill("2019-05-02");
    await page.getByTestId("invoicing-cae-pos").fill("3");
    await page.getByTestId("invoicing-caea-pos").fill("9");
    await page.getByTestId("invoicing-save").click();
    await expect.poll(() => textOf(page, "invoicing-missing")).toMatch(/Generar la clave/);

    await page.getByTestId("invoicing-generate-key").click();
    await expect
      .poll(() => page.getByTestId("invoicing-csr").inputValue(), { timeout: 20_000 })
      .toMatch(/BEGIN CERTIFICATE REQUEST/);
    const csr = await page.getByTestId("invoicing-csr").inputValue();
    // An expired certificate is refused in Spanish, and nothing is installed.
    const now = Date.now();
    await page
      .getByTestId("invoicing-certificate-pem")
      .fill(ca.issue(csr, new Date(now - 800 * DAY), new Date(now - DAY)));
    await page.getByTestId("invoicing-install-certificate").click();
    await expect.poll(() => textOf(page, "invoicing-error")).toMatch(/El certificado venció el/);
    await page
      .getByTestId("invoicing-certificate-pem")
      .fill(ca.issue(csr, new Date(now - DAY), new Date(now + 700 * DAY)));
    await page.getByTestId("invoicing-install-certificate").click();
    await expect.poll(() => textOf(page, "invoicing-certificate")).toMatch(/Certificado vigente hasta/);

    await page.getByTestId("invoicing-mode").selectOption("every_sale");
    await page.getByTestId("invoicing-save").click();
    await expect.poll(() => textOf(page, "invoicing-ready")).toMatch(/Listo para facturar/);

    // At the till: a Coca-Cola scanned and paid in cash prints a Factura B with its CAE and ARCA's QR.
    const coca = resolveScan(appliance.ctx, DEMO_CODES.cocaCola).product;
    await page.getByTestId("nav-till").click();
    await scanAtTill(page, DEMO_CODES.cocaCola);
    await expect.poll(() => page.getByTestId("cart-line").count()).toBe(1);
    await page.getByTestId("pay-button").click();
    await page.getByTestId("pay-method-cash").click();
    await page.getByTestId("pay-tendered").fill(centavosToInput(coca.price));
    await page.getByTestId("pay-add").click();
    await page.getByTestId("pay-confirm").click();
    await expect.poll(() => textOf(page, "receipt-preview"), { timeout: 15_000 }).toMatch(/FACTURA B/);
    const preview = await textOf(page, "receipt-preview");
    expect(preview).toMatch(/00003-00000001/);
    expect(preview).toMatch(/CAE\s+\d{14}/);
    await expect
      .poll(() => Buffer.concat(printer.jobs).includes(Buffer.from("FACTURA B")), { timeout: 10_000 })
      .toBe(true);
    // GS ( k: the QR stored in the printer carries ARCA's URL.
    expect(Buffer.concat(printer.jobs).includes(Buffer.from("https://www.afip.gob.ar/fe/qr/?p="))).toBe(true);
    await page.getByTestId("new-sale-button").click();

    // A sale: its invoice is queued in the sale's transaction and authorised right after the commit.
    const { sale, price } = await sellCoca(2);
    await expect.poll(() => statusOf(sale.id), { timeout: 15_000 }).toEqual(["authorised"]);
    const ticket = await receiptInHistory(page, sale.displayNumber);
    expect(ticket).toMatch(/FACTURA B/);
    expect(ticket).toMatch(/00003-00000002/);
    expect(ticket).toMatch(/CAE\s+\d{14}/);
    expect(ticket).toMatch(/Inicio de actividades: 02\/05\/2019/);
    expect(ticket).not.toMatch(/NO VÁLIDO COMO FACTURA/);
    // The ticket's QR (printed by the ESC/POS QR path) is ARCA's fiscal one.
    expect(buildSaleReceipt(appliance.ctx, sale.id).qr).toMatch(
      /^https:\/\/www\.afip\.gob\.ar\/fe\/qr\/\?p=/,
    );

    // A return of one: its Nota de crédito B references the invoice.
    const back = (await call(`/sales/${sale.id}/returns`, {
      id: uuidv7(),
      lines: [{ saleLineId: sale.lines[0]!.id, quantity: 1 }],
      refunds: [{ method: "cash", amount: price }],
      reason: "Vencida",
    })) as { id: string };
    await expect.poll(() => statusOf(sale.id), { timeout: 15_000 }).toEqual(["authorised", "authorised"]);
    // The return slip (what "Reimprimir" sends to the printer) is the Nota de crédito.
    const slip = renderPreview(buildReturnSlip(appliance.ctx, back.id), 48).join("\n");
    expect(slip).toMatch(/NOTA DE CRÉDITO B/);
    expect(slip).toMatch(/Comprobante asociado: Factura B 00003-00000002/);
    expect(slip).toMatch(/CAE\s+\d{14}/);

    // ARCA down: the next sale is invoiced under this fortnight's CAEA on punto de venta 9…
    fake.behaviour = "down";
    const offline = await sellCoca(1);
    await expect.poll(() => statusOf(offline.sale.id), { timeout: 15_000 }).toEqual(["caea_issued"]);
    const caeaTicket = await receiptInHistory(page, offline.sale.displayNumber);
    expect(caeaTicket).toMatch(/00009-00000001/);
    expect(caeaTicket).toMatch(/emitido en contingencia \(CAEA\)/);
    await page.getByTestId("nav-settings").click();
    await page.getByTestId("settings-tab-invoicing").click();
    await expect.poll(() => textOf(page, "invoicing-pending"), { timeout: 10_000 }).toMatch(/1 por informar/);

    // …and reported with FECAEARegInformativo when ARCA is back.
    fake.behaviour = "ok";
    await page.getByTestId("invoicing-run").click();
    await expect.poll(() => statusOf(offline.sale.id), { timeout: 15_000 }).toEqual(["caea_reported"]);
    expect(fake.caeaReports).toHaveLength(1);
    await expect.poll(() => textOf(page, "invoicing-pending")).toMatch(/No hay comprobantes pendientes/);

    // On request: a Factura A asked from Historial with a wrong CUIT is refused in Spanish, the sale kept;
    // with a valid CUIT it is authorised and the ticket becomes the Factura A.
    updateInvoicingSetup(
      appliance.ctx,
      { staffId: owner.id, name: "Martín", role: "owner", terminalId: null },
      {
        mode: "on_request",
      },
    );
    const asked = await sellCoca(1);
    expect(statusOf(asked.sale.id)).toEqual([]);
    await page.getByTestId("nav-history").click();
    await page.getByTestId("history-search").click();
    await page.getByTestId(`history-row-${asked.sale.displayNumber}`).click();
    await page.getByTestId("sale-invoice-doc-type").selectOption("cuit");
    await page.getByTestId("sale-invoice-doc-number").fill("30-71234567-0");
    await page.getByTestId("sale-invoice-iva").selectOption("responsable_inscripto");
    await page.getByTestId("sale-invoice").click();
    await expect.poll(() => textOf(page, "sale-invoice-error")).toMatch(/Factura A necesita el CUIT válido/);
    expect(statusOf(asked.sale.id)).toEqual([]);
    await page.getByTestId("sale-invoice-doc-number").fill("30-71234567-1");
    await page.getByTestId("sale-invoice").click();
    await expect.poll(() => textOf(page, "history-receipt"), { timeout: 15_000 }).toMatch(/FACTURA A/);
    expect(await textOf(page, "history-receipt")).toMatch(/Cliente: CUIT 30-71234567-1/);
    await expect.poll(() => textOf(page, "sale-invoicing")).toMatch(/Factura A 00003-00000001 · autorizada/);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});

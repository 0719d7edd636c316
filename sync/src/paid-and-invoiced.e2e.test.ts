import { withCheckDigit } from "@mostrador/contracts/pos/gs1";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTenant } from "@mostrador/cloud/auth/accounts";
import { systemClock } from "@mostrador/cloud/core/clock";
import { type RunningCloud, startCloud } from "@mostrador/cloud/start";
import { type RunningAppliance, startAppliance } from "@mostrador/desktop/appliance/appliance";
import { launchChromium } from "@mostrador/desktop/appliance/browser";
import { scanAtTill, textOf } from "@mostrador/desktop/appliance/test-till-page";
import { type FakeArca, startFakeArca } from "@mostrador/desktop/invoicing/fake-arca/server";
import { newTestCa, type TestCa } from "@mostrador/desktop/invoicing/fake-arca/test-ca";
import { invoicesOfSale } from "@mostrador/desktop/invoicing/invoice-rows";
import { buildSaleReceipt } from "@mostrador/desktop/receipts/layout";
import { type FakePrinter, startFakePrinter } from "@mostrador/desktop/receipts/test-printer";
import { updateSettings } from "@mostrador/kernel/shop/settings";
import {
  type FakeMercadoPago,
  startFakeMercadoPago,
} from "@mostrador/platform/mercadopago/fake/fake-mercadopago";
import { redirectMercadoPagoTo } from "@mostrador/platform/mercadopago/fake/redirect";

const OWNER = { email: "lucia@bazar-lucia.test", password: "una-clave-larga-de-prueba" };
const OWNER_PIN = "5824";
const WEBHOOK_SECRET = "secretodelwebhookbazar42";
const TERMO = withCheckDigit("779777000001");
const TERMO_PRICE = 3_500_000; // $ 35.000: above the DNI threshold set below ($ 20.000)
const DAY = 86_400_000;

async function call<T>(base: string, path: string, token: string | null, body?: unknown, method?: string) {
  const res = await fetch(`${base}${path}`, {
    method: method ?? (body === undefined ? "GET" : "POST"),
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** The JSON inside ARCA's fiscal QR URL (`https://www.afip.gob.ar/fe/qr/?p=` + base64 JSON). */
const fiscalQrData = (url: string) =>
  JSON.parse(Buffer.from(new URL(url).searchParams.get("p")!, "base64").toString("utf8")) as Record<
    string,
    unknown
  >;

/**
 * Issue 16's "done when", first clause, end to end in Chromium: a bazar that is not the demo (responsable
 * inscripto, set up from the wizard, paired with a cloud that has no demo either), invoicing every sale
 * against a local fake ARCA and charging through a local fake Mercado Pago. A $ 35.000 sale asks the
 * buyer's DNI at the payment dialog (a Factura B above the shop's threshold), is paid by dynamic QR — the
 * fake moves the order to processed and its signed webhook reaches the till THROUGH THE CLOUD (the till's
 * own reads of the order are held stale) — and prints a Factura B with its CAE, the buyer's DNI and ARCA's
 * QR. Its return gives the money back at Mercado Pago and issues the Nota de crédito B naming the invoice.
 */
describe("paid by Mercado Pago QR and invoiced by ARCA, returned with its credit note", () => {
  let dirs: string[];
  let mp: FakeMercadoPago;
  let undoRedirect: () => void;
  let ca: TestCa;
  let arca: FakeArca;
  let printer: FakePrinter;
  let cloud: RunningCloud;
  let appliance: RunningAppliance;
  let browser: Browser;
  let page: Page;
  const pageErrors: Error[] = [];

  beforeAll(async () => {
    mp = await startFakeMercadoPago();
    // Appliance and cloud run in this process: both reach "api.mercadopago.com" at the fake.
    undoRedirect = redirectMercadoPagoTo(mp.url);
    ca = newTestCa(new Date());
    arca = await startFakeArca({ caPem: ca.certificatePem, caeaPuntosDeVenta: [9] });
    printer = await startFakePrinter();
    dirs = [mkdtempSync(join(tmpdir(), "mostrador-cloud-")), mkdtempSync(join(tmpdir(), "mostrador-bazar-"))];
    cloud = await startCloud({ dataDir: dirs[0] as string, port: 0, host: "127.0.0.1", demo: false });
    appliance = await startAppliance({
      dataDir: dirs[1] as string,
      host: "127.0.0.1",
      port: 0,
      mqttPort: 0,
      seedDemo: false,
      sync: true,
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on("pageerror", (err) => pageErrors.push(err));
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await appliance?.close();
    await cloud?.close();
    undoRedirect?.();
    await mp?.close();
    await arca?.close();
    await printer?.close();
    for (const dir of dirs ?? []) rmSync(dir, { recursive: true, force: true });
  });

  it("asks the DNI, is paid by QR via the cloud relay, prints a Factura B with CAE and QR; its return refunds at MP and issues the credit note; a Factura A without CUIT is stopped before payment", async () => {
    const db = () => appliance.ctx.db;
    // The owner's cloud account (made by the operator), her store and a pairing code.
    await createTenant(
      cloud.sql,
      { orgName: "Bazar Lucía", ownerEmail: OWNER.email, password: OWNER.password },
      systemClock,
    );
    const { token: cloudToken } = await call<{ token: string }>(cloud.url, "/v1/auth/login", null, OWNER);
    const store = await call<{ id: string }>(cloud.url, "/v1/stores", cloudToken, { name: "Bazar Lucía" });
    const { code } = await call<{ code: string }>(
      cloud.url,
      `/v1/stores/${store.id}/pairing-codes`,
      cloudToken,
      {},
    );

    // 1. The wizard: a bazar, responsable inscripto, paired from its last step.
    await page.goto(appliance.url);
    await page.getByTestId("setup-start").click();
    await page.getByTestId("setup-name").fill("Bazar Lucía");
    await page.getByTestId("setup-taxId").fill("20-12345678-6");
    await page.getByTestId("setup-ivaCondition").selectOption("responsable_inscripto");
    await page.getByTestId("setup-address").fill("San Martín 455, Mendoza");
    await page.getByTestId("setup-next").click();
    await page.getByTestId("setup-ownerName").fill("Lucía");
    await page.getByTestId("setup-pin").fill(OWNER_PIN);
    await page.getByTestId("setup-pinAgain").fill(OWNER_PIN);
    await page.getByTestId("setup-next").click();
    await page.getByTestId("setup-next").click(); // one till
    await page.getByTestId("setup-printer-none").check();
    await page.getByTestId("setup-next").click();
    await expect.poll(() => page.getByTestId("setup-done").isVisible(), { timeout: 10_000 }).toBe(true);
    await page.getByTestId("setup-pair").click();
    await page.getByTestId("cloud-url").fill(cloud.url);
    await page.getByTestId("cloud-code").fill(code);
    await page.getByTestId("cloud-pair-submit").click();
    await expect.poll(() => page.getByTestId("cloud-pair-form").count(), { timeout: 15_000 }).toBe(0);
    await page.getByTestId("setup-go").click();
    await expect.poll(() => page.getByTestId("nav-who").isVisible(), { timeout: 10_000 }).toBe(true);
    const token = await page.evaluate(() => localStorage.getItem("mostrador.token"));
    const api = <T>(path: string, body?: unknown, method?: string) =>
      call<T>(appliance.url, `/api${path}`, token, body, method);
    // The ticket printer (a local fake ESC/POS device): the fiscal QR is printed by it.
    updateSettings(db(), {
      printer: { interface: printer.uri, type: "epson", widthMm: 80, openDrawerOnCash: false },
    });

    // 2. Facturación and Mercado Pago through the same API their Ajustes screens use (each has its own
    // Chromium test): ARCA's endpoints are the fake's, the certificate the test CA's for the key made here.
    await api(
      "/invoicing/setup",
      {
        legalName: "Lucía Gómez",
        activityStart: "2021-08-02",
        caePointOfSale: 4,
        caeaPointOfSale: 9,
        dniThreshold: 2_000_000,
        wsaaUrl: arca.wsaaUrl,
        wsfeUrl: arca.wsfeUrl,
      },
      "PUT",
    );
    const { csrPem } = await api<{ csrPem: string }>("/invoicing/key", { commonName: "bazar" });
    const now = Date.now();
    await api("/invoicing/certificate", {
      pem: ca.issue(csrPem, new Date(now - DAY), new Date(now + 700 * DAY)),
    });
    const setup = await api<{ missing: string[] }>("/invoicing/setup", { mode: "every_sale" }, "PUT");
    expect(setup.missing).toEqual([]);
    await api("/mercadopago/account", {
      accessToken: mp.accessToken,
      webhookSecret: WEBHOOK_SECRET,
      location: {
        streetName: "San Martín",
        streetNumber: "455",
        cityName: "Mendoza",
        stateName: "Mendoza",
        latitude: -32.8895,
        longitude: -68.8458,
      },
    });
    // The appliance hands the credentials to its cloud, which answers the URL for MP's webhooks panel.
    await expect
      .poll(
        () =>
          (db().prepare("SELECT webhook_url AS u FROM mercadopago_relay").get() as { u: string } | undefined)
            ?.u,
        { timeout: 20_000 },
      )
      .toMatch(/\/v1\/mercadopago\/webhooks\//);
    const hook = (db().prepare("SELECT webhook_url AS u FROM mercadopago_relay").get() as { u: string }).u;
    mp.notifyTo(`${cloud.url}${new URL(hook).pathname}`, WEBHOOK_SECRET);

    // A termo at $ 35.000, two in stock; the drawer opens.
    const termo = await api<{ id: string }>("/products", {
      sku: "TERMO-1L",
      name: "Termo acero 1 L",
      price: TERMO_PRICE,
      ivaRate: 2100,
      unit: "each",
      barcodes: [TERMO],
    });
    await api("/stock/adjustments", { productId: termo.id, quantity: 2, reason: "receipt" });
    await api("/cash/open", { openingFloat: 1_000_000 });

    // 3. At the till: the payment dialog says Factura B and asks the buyer's DNI before any payment.
    await page.reload();
    await page.getByTestId("nav-till").click();
    await scanAtTill(page, TERMO);
    await expect.poll(() => page.getByTestId("cart-line").count(), { timeout: 10_000 }).toBe(1);
    await page.getByTestId("pay-button").click();
    await expect.poll(() => textOf(page, "pay-invoice-letter"), { timeout: 10_000 }).toBe("Factura B");
    // The Mercado Pago method appears once the till has asked whether the account is set up.
    await expect
      .poll(() => page.getByTestId("pay-method-mercadopago").isVisible(), { timeout: 10_000 })
      .toBe(true);
    // No payment can be taken until the DNI is given: a missing or malformed one is refused in Spanish.
    await expect.poll(() => page.getByTestId("pay-tendered").count()).toBe(0);
    await page.getByTestId("pay-invoice-dni").press("Enter");
    await expect.poll(() => textOf(page, "pay-invoice-problem")).toMatch(/Escribí el DNI del comprador/);
    await page.getByTestId("pay-invoice-dni").fill("123");
    await page.getByTestId("pay-invoice-dni").press("Enter");
    await expect.poll(() => textOf(page, "pay-invoice-problem")).toMatch(/DNI "123".*no es válido/);
    await page.getByTestId("pay-invoice-dni").fill("30.123.456");
    await page.getByTestId("pay-invoice-dni").press("Enter");
    await expect.poll(() => textOf(page, "pay-invoice-buyer")).toBe("a DNI 30.123.456");
    expect(await page.getByTestId("pay-invoice-problem").count()).toBe(0);

    // 4. Mercado Pago by dynamic QR; only the cloud's relay can say "processed" (the till's reads held stale).
    await page.getByTestId("pay-method-mercadopago").click();
    await page.getByTestId("mp-charge-qr").click();
    await expect
      .poll(() => textOf(page, "mp-charge-status"), { timeout: 10_000 })
      .toMatch(/Esperando el pago/);
    await expect.poll(() => page.getByTestId("mp-qr").isVisible()).toBe(true);
    const orderId = String(
      db().prepare("SELECT order_id FROM mercadopago_charges ORDER BY created_at DESC").pluck().get(),
    );
    mp.holdReads(true);
    const delivery = await mp.moveOrder(orderId, "processed");
    expect(delivery?.status).toBe(200);
    await expect.poll(() => textOf(page, "pay-line"), { timeout: 30_000 }).toContain("Mercado Pago");
    expect(await textOf(page, "pay-remaining")).toBe("$ 0,00");
    mp.holdReads(false);
    expect(db().prepare("SELECT cursor FROM mercadopago_relay").pluck().get()).toBeGreaterThan(0);

    // 5. The ticket is the Factura B: CAE, the buyer's DNI, and ARCA's QR sent to the printer.
    await page.getByTestId("pay-confirm").click();
    await expect.poll(() => textOf(page, "receipt-preview"), { timeout: 20_000 }).toMatch(/FACTURA B/);
    const ticket = await textOf(page, "receipt-preview");
    expect(ticket).toMatch(/00004-00000001/);
    expect(ticket).toMatch(/CAE\s+\d{14}/);
    expect(ticket).toMatch(/Cliente: DNI 30123456/);
    expect(ticket).toContain("Mercado Pago");
    expect(ticket).not.toMatch(/NO VÁLIDO COMO FACTURA/);
    const saleId = String(db().prepare("SELECT id FROM sales").pluck().get());
    const [invoice] = invoicesOfSale(appliance.ctx, saleId);
    expect(invoice).toMatchObject({ status: "authorised", letter: "B", docTipo: 96, docNro: "30123456" });
    expect(arca.voucher("20123456786", 4, 6, 1)?.code).toBe(invoice!.code);
    await expect
      .poll(() => Buffer.concat(printer.jobs).includes(Buffer.from("FACTURA B")), { timeout: 10_000 })
      .toBe(true);
    expect(Buffer.concat(printer.jobs).includes(Buffer.from("https://www.afip.gob.ar/fe/qr/?p="))).toBe(true);
    const qr = fiscalQrData(buildSaleReceipt(appliance.ctx, saleId).qr!);
    expect(qr).toMatchObject({
      cuit: 20123456786,
      ptoVta: 4,
      tipoCmp: 6,
      nroCmp: 1,
      importe: TERMO_PRICE / 100,
      tipoDocRec: 96,
      nroDocRec: 30123456,
      tipoCodAut: "E",
      codAut: Number(invoice!.code),
    });
    await page.getByTestId("new-sale-button").click();

    // 6. The return: "Devolver en Mercado Pago" gives the money back at MP, then the Nota de crédito B.
    await page.getByTestId("nav-returns").click();
    await expect.poll(() => page.getByTestId("returns-sale").count(), { timeout: 10_000 }).toBe(1);
    await page.getByTestId("returns-sale").click();
    await expect.poll(() => page.getByTestId("return-form").isVisible(), { timeout: 10_000 }).toBe(true);
    await page.getByTestId("return-qty").first().fill("1");
    await expect
      .poll(() => page.getByTestId("return-refund-method").first().inputValue())
      .toBe("mercadopago");
    await page.getByTestId("return-mp-refund").click();
    await expect.poll(() => textOf(page, "return-mp-refunded"), { timeout: 15_000 }).toMatch(/35\.000,00/);
    expect(mp.order(orderId)).toMatchObject({ status: "refunded" });
    await page.getByTestId("return-reason").fill("No le gustó el color");
    await page.getByTestId("return-submit").click();
    await expect
      .poll(() => textOf(page, "return-slip-preview"), { timeout: 20_000 })
      .toMatch(/NOTA DE CRÉDITO B/);
    const slip = await textOf(page, "return-slip-preview");
    expect(slip).toMatch(/Comprobante asociado: Factura B 00004-00000001/);
    expect(slip).toMatch(/CAE\s+\d{14}/);
    expect(invoicesOfSale(appliance.ctx, saleId)).toMatchObject([
      { kind: "invoice", status: "authorised" },
      { kind: "credit_note", status: "authorised", letter: "B", cbteTipo: 8, docNro: "30123456" },
    ]);
    expect(arca.lastNumber("20123456786", 4, 8)).toBe(1);
    await page.getByTestId("return-slip-done").click();

    // 7. A Factura A needs the customer's CUIT: a responsable inscripto on the ticket (F3) without one is
    // stopped in the payment dialog before any money is taken.
    await api("/customers", { name: "Distribuidora Cuyo SA", ivaCondition: "responsable_inscripto" });
    await page.getByTestId("nav-till").click();
    await scanAtTill(page, TERMO);
    await expect.poll(() => page.getByTestId("cart-line").count(), { timeout: 10_000 }).toBe(1);
    await page.keyboard.press("F3");
    await page.getByTestId("customer-search").fill("Distribuidora");
    await expect.poll(() => page.getByTestId("customer-result").count(), { timeout: 10_000 }).toBe(1);
    await page.keyboard.press("Enter");
    await expect.poll(() => textOf(page, "sale-customer-name")).toBe("Distribuidora Cuyo SA");
    await page.getByTestId("pay-button").click();
    await expect.poll(() => textOf(page, "pay-invoice-letter"), { timeout: 10_000 }).toBe("Factura A");
    await expect
      .poll(() => textOf(page, "pay-invoice-problem"))
      .toMatch(/Una Factura A necesita el CUIT válido del cliente/);
    expect(await textOf(page, "pay-invoice-fix")).toMatch(/Cargá el CUIT en el cliente \(F3\)/);
    await expect.poll(() => page.getByTestId("pay-tendered").count()).toBe(0);
    expect(await page.getByTestId("pay-confirm").isDisabled()).toBe(true);
    expect(db().prepare("SELECT COUNT(*) FROM sales").pluck().get()).toBe(1);
    expect(pageErrors).toEqual([]);
  }, 180_000);
});

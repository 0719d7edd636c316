import { InvoicePreview } from "@mostrador/contracts/http/invoicing";
import { expectAnswer } from "@mostrador/contracts/http/test-contract-check";
import { newId } from "@mostrador/kernel/db/ids";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bearer, openTestApi, type TestApi } from "../api/test-api.js";
import { createCustomer } from "../customers/customers.js";
import { type SaleFixture, seedSaleFixture } from "../pos/test-fixtures.js";
import { invoicesOfSale } from "./invoice-rows.js";
import { CUSTOMER_CUIT, type InvoicingRig, setUpInvoicing } from "./test-invoicing.js";

/** A yerba is $ 4.800: the threshold is set just below it so one yerba needs the buyer's DNI. */
const THRESHOLD = 400_000;

/**
 * The till's payment dialog before the customer pays: which comprobante the sale gets (preview), the DNI
 * of a large Factura B and the CUIT of a Factura A carried with the sale, and a sale that names a buyer
 * who cannot be invoiced refused with nothing written.
 */
describe("the buyer named at the till for the sale's automatic invoice", () => {
  let api: TestApi;
  let f: SaleFixture;
  let rig: InvoicingRig;
  let cashier: { authorization: string };
  beforeEach(async () => {
    api = await openTestApi();
    f = seedSaleFixture(api.core, api.terminal);
    rig = await setUpInvoicing(api.core, { ...f.manager, role: "owner" }, { dniThreshold: THRESHOLD });
    cashier = bearer(api.tokenFor("cashier"));
  });
  afterEach(async () => {
    await rig.fake.close();
    await api.close();
  });

  const preview = (payload: object) =>
    api.app.inject({ method: "POST", url: "/api/invoicing/preview", headers: cashier, payload });

  const sell = (extra: object, quantity = 1) =>
    api.app.inject({
      method: "POST",
      url: "/api/sales",
      headers: cashier,
      payload: {
        id: newId(),
        lines: [{ productId: f.products.yerba.id, quantity }],
        payments: [{ method: "cash", amount: f.products.yerba.price * quantity }],
        ...extra,
      },
    });

  const counts = () =>
    api.core.db
      .prepare(
        `SELECT (SELECT COUNT(*) FROM sales) AS sales, (SELECT COUNT(*) FROM invoices) AS invoices,
                (SELECT COUNT(*) FROM outbox) AS outbox, (SELECT COUNT(*) FROM stock_movements) AS stock`,
      )
      .get();

  const responsableInscripto = (cuit?: string) =>
    createCustomer(api.core, {
      name: "Ferretería Sur SA",
      ivaCondition: "responsable_inscripto",
      ...(cuit ? { docType: "cuit" as const, docNumber: cuit } : {}),
    }).id;

  it("previews a Factura B, asking the DNI only above the shop's threshold", async () => {
    const small = await preview({ total: THRESHOLD });
    expectAnswer(InvoicePreview, small, 200);
    expect(small.json()).toMatchObject({ automatic: true, letter: "B", needsDni: false, problem: null });
    const large = await preview({ total: f.products.yerba.price });
    expect(large.json()).toMatchObject({
      letter: "B",
      needsDni: true,
      dniThreshold: THRESHOLD,
      problem: { code: "invoice_needs_dni", message: expect.stringMatching(/debe llevar el DNI/) },
    });
    const named = await preview({
      total: f.products.yerba.price,
      buyerDoc: { docType: "dni", docNumber: "30.123.456" },
    });
    expect(named.json()).toMatchObject({ needsDni: false, problem: null, docNumber: "30.123.456" });
    const badDni = await preview({ total: 100, buyerDoc: { docType: "dni", docNumber: "12" } });
    expect(badDni.json().problem).toMatchObject({ code: "invalid_buyer_dni" });
  });

  it("previews a Factura A for a responsable inscripto, with a problem when the CUIT is missing or invalid", async () => {
    const good = await preview({ total: 100, customerId: responsableInscripto(CUSTOMER_CUIT) });
    expect(good.json()).toMatchObject({
      letter: "A",
      docType: "cuit",
      docNumber: CUSTOMER_CUIT,
      problem: null,
    });
    const missing = await preview({ total: 100, customerId: responsableInscripto() });
    expect(missing.json()).toMatchObject({
      letter: "A",
      problem: { code: "invoice_a_needs_cuit", message: expect.stringMatching(/Factura A necesita el CUIT/) },
    });
    const invalid = await preview({
      total: 100,
      customerId: responsableInscripto(),
      buyerDoc: { docType: "cuit", docNumber: "20-11111111-1" },
    });
    expect(invalid.json().problem).toMatchObject({ code: "invoice_a_needs_cuit" });
  });

  it("refuses bad preview input with the error envelope in Spanish", async () => {
    for (const payload of [
      { total: 0 },
      { total: 100, buyerDoc: { docType: "libreta", docNumber: "1" } },
      { total: 100, buyerDoc: { docType: "dni", docNumber: "" } },
      { total: 100, extra: true },
    ]) {
      const res = await preview(payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.message).toBeTruthy();
    }
    const unknown = await preview({ total: 100, customerId: newId() });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toMatchObject({ code: "customer_not_found" });
  });

  it("says the sale is not invoiced automatically when the shop invoices on request", async () => {
    api.core.db.prepare("UPDATE invoicing_setup SET mode = 'on_request'").run();
    const res = await preview({ total: f.products.yerba.price });
    expect(res.json()).toMatchObject({ automatic: false, letter: null, problem: null });
  });

  it("carries the DNI asked at payment onto the sale's Factura B", async () => {
    const res = await sell({ invoiceBuyer: { docType: "dni", docNumber: "30.123.456" } });
    expect(res.statusCode).toBe(201);
    expect(invoicesOfSale(api.core, res.json().id)).toMatchObject([
      { status: "queued", letter: "B", docTipo: 96, docNro: "30123456" },
    ]);
  });

  it("refuses a large Factura B sale when the till asked and no DNI was given, changing nothing", async () => {
    const before = counts();
    const res = await sell({ invoiceBuyer: null });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: "invoice_needs_dni",
      message: expect.stringMatching(/debe llevar el DNI del comprador/),
    });
    const badDni = await sell({ invoiceBuyer: { docType: "dni", docNumber: "12" } });
    expect(badDni.json().error).toMatchObject({ code: "invalid_buyer_dni" });
    expect(counts()).toEqual(before);
  });

  it("refuses a Factura A sale with a missing or invalid CUIT, changing nothing; a valid one is invoiced", async () => {
    const [withoutCuit, withCuit] = [responsableInscripto(), responsableInscripto(CUSTOMER_CUIT)];
    const before = counts();
    const noCuit = await sell({ customerId: withoutCuit, invoiceBuyer: null });
    expect(noCuit.statusCode).toBe(400);
    expect(noCuit.json().error).toMatchObject({ code: "invoice_a_needs_cuit" });
    const badCuit = await sell({
      customerId: withoutCuit,
      invoiceBuyer: { docType: "cuit", docNumber: "20-11111111-1" },
    });
    expect(badCuit.json().error).toMatchObject({
      code: "invoice_a_needs_cuit",
      message: expect.stringMatching(/"20-11111111-1" no lo es/),
    });
    expect(counts()).toEqual(before);
    const ok = await sell({ customerId: withCuit, invoiceBuyer: null });
    expect(ok.statusCode).toBe(201);
    expect(invoicesOfSale(api.core, ok.json().id)).toMatchObject([
      { letter: "A", docTipo: 80, docNro: CUSTOMER_CUIT },
    ]);
  });

  it("without invoiceBuyer (exchanges, older tills) keeps the sale and fails the invoice as before", async () => {
    const res = await sell({});
    expect(res.statusCode).toBe(201);
    expect(invoicesOfSale(api.core, res.json().id)).toMatchObject([
      { status: "failed", lastError: expect.stringMatching(/debe llevar el DNI/) },
    ]);
  });
});

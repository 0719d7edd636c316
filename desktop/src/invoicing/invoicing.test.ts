import type { Terminal } from "@mostrador/contracts/http/settings";
import { syncPayloadErrors } from "@mostrador/contracts/sync/check-payload";
import { newId } from "@mostrador/kernel/db/ids";
import { createTerminal } from "@mostrador/kernel/shop/terminals";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestCore, refusal, type TestCore } from "../appliance/test-core.js";
import { createCustomer } from "../customers/customers.js";
import { commitReturn } from "../pos/returns.js";
import { commitSale } from "../pos/sale.js";
import { type SaleFixture, seedSaleFixture } from "../pos/test-fixtures.js";
import { voidSale } from "../pos/voids.js";
import { generateKeyAndCsr, getInvoicingSetup, installCertificate } from "./setup.js";
import { invoicesOfSale } from "./invoice-rows.js";
import { previewInvoice, requestSaleInvoice } from "./invoice-requests.js";
import { runInvoicing } from "./invoice-runner.js";
import { pendingInvoicing } from "./pending.js";
import {
  CAE_POS,
  CAEA_POS,
  CUSTOMER_CUIT,
  type InvoicingRig,
  SHOP_CUIT,
  setUpInvoicing,
} from "./test-invoicing.js";

/** Only where the fake ARCA hangs on purpose: the timeout is what that test is about. */
const FAST = { timeoutMs: 400 };
/** For tests where ARCA never hangs: a loaded machine never turns a slow answer into "ARCA down". */
const PATIENT = { timeoutMs: 10_000 };
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe("invoicing sales with ARCA (fake WSAA + WSFEv1)", () => {
  let core: TestCore;
  let terminal: Terminal;
  let f: SaleFixture;
  let rig: InvoicingRig;

  beforeEach(async () => {
    core = openTestCore();
    terminal = createTerminal(core, { code: 1, name: "Caja 1" });
    f = seedSaleFixture(core, terminal);
    rig = await setUpInvoicing(core, { ...f.manager, role: "owner" });
  });
  afterEach(async () => {
    await rig.fake.close();
    core.close();
  });

  const priceOf = (productId: string, quantity: number) => {
    const p = Object.values(f.products).find((x) => x.id === productId)!;
    return p.unit === "kg" ? Math.round((p.price * quantity) / 1000) : p.price * quantity;
  };

  const sell = (lines: { productId: string; quantity: number }[], customerId?: string) =>
    commitSale(core, f.cashier, {
      id: newId(),
      lines,
      payments: [{ method: "cash", amount: lines.reduce((s, l) => s + priceOf(l.productId, l.quantity), 0) }],
      ...(customerId ? { customerId } : {}),
    }).sale;

  const addCustomer = (iva: "responsable_inscripto" | "monotributista", cuit?: string) =>
    createCustomer(core, {
      name: "Ferretería Sur SA",
      ivaCondition: iva,
      ...(cuit ? { docType: "cuit" as const, docNumber: cuit } : {}),
    }).id;

  const outboxOps = () =>
    core.db.prepare("SELECT op, payload FROM outbox WHERE entity = 'invoice' ORDER BY seq").all() as {
      op: string;
      payload: string;
    }[];

  it("queues a Factura B in the sale's transaction and, after the commit, stores its CAE, number and due date", async () => {
    const sale = sell([
      { productId: f.products.gaseosa.id, quantity: 2 },
      { productId: f.products.asado.id, quantity: 500 },
    ]);
    expect(invoicesOfSale(core, sale.id)).toMatchObject([{ status: "queued", letter: "B", cbteTipo: 6 }]);
    const summary = await runInvoicing(core, PATIENT);
    expect(summary).toMatchObject({ authorised: 1, problem: null });
    const [invoice] = invoicesOfSale(core, sale.id);
    expect(invoice).toMatchObject({
      status: "authorised",
      authority: "CAE",
      pointOfSale: CAE_POS,
      number: 1,
      docTipo: 99,
      docNro: "0",
      total: sale.total,
      invoiceDate: "20261121",
    });
    expect(invoice!.code).toMatch(/^\d{14}$/);
    expect(rig.fake.voucher(SHOP_CUIT, CAE_POS, 6, 1)?.code).toBe(invoice!.code);
    expect(outboxOps().map((o) => o.op)).toEqual(["authorised"]);
    expect(syncPayloadErrors("invoice", "authorised", JSON.parse(outboxOps()[0]!.payload))).toEqual([]);
    expect(JSON.parse(outboxOps()[0]!.payload)).toMatchObject({
      saleId: sale.id,
      number: 1,
      code: invoice!.code,
    });
    // 21 % and 10.5 % lines: ARCA checked that AlicIva adds up to ImpIVA and the total to its parts.
    expect(sale.ivaByRate.map((r) => r.rate)).toEqual([2100, 1050]);
  });

  it("numbers consecutive sales 1, 2, 3 and logs in to WSAA once for all of them (the ticket is cached)", async () => {
    for (let i = 0; i < 3; i++) sell([{ productId: f.products.yerba.id, quantity: 1 }]);
    await runInvoicing(core, PATIENT);
    sell([{ productId: f.products.yerba.id, quantity: 1 }]);
    await runInvoicing(core, PATIENT);
    expect(rig.fake.lastNumber(SHOP_CUIT, CAE_POS, 6)).toBe(4);
    expect(rig.fake.loginsGranted).toBe(1);
  });

  it("renews the WSAA ticket in its last 10 minutes, using the held one while WSAA still refuses a second", async () => {
    sell([{ productId: f.products.yerba.id, quantity: 1 }]);
    await runInvoicing(core, PATIENT);
    expect(rig.fake.loginsGranted).toBe(1);
    core.clock.advance(12 * HOUR - 5 * MINUTE); // 5 min left of WSAA's 12 h ticket
    const late = sell([{ productId: f.products.yerba.id, quantity: 1 }]);
    rig.fake.calls.length = 0;
    await runInvoicing(core, PATIENT);
    // The renewal was asked ahead of time; WSAA answered coe.alreadyAuthenticated, so the held ticket served.
    expect(rig.fake.calls).toContain("loginCms");
    expect(rig.fake.loginsGranted).toBe(1);
    expect(invoicesOfSale(core, late.id)).toMatchObject([{ status: "authorised", number: 2 }]);
    core.clock.advance(10 * MINUTE); // the held ticket has expired
    const next = sell([{ productId: f.products.yerba.id, quantity: 1 }]);
    await runInvoicing(core, PATIENT);
    expect(rig.fake.loginsGranted).toBe(2);
    expect(invoicesOfSale(core, next.id)).toMatchObject([{ status: "authorised", number: 3 }]);
  });

  it("with the certificate expired since it was installed, keeps every sale's invoice waiting with the reason in Spanish until a new one is installed", async () => {
    const owner = { ...f.manager, role: "owner" as const };
    const shortLived = generateKeyAndCsr(core, owner, "mostrador").csrPem!;
    const now = core.clock.nowMs();
    installCertificate(core, owner, rig.ca.issue(shortLived, new Date(now - DAY), new Date(now + HOUR)));
    core.clock.advance(2 * HOUR);
    expect(getInvoicingSetup(core).missing).toContain("El certificado de ARCA venció: generá uno nuevo");
    // The till still names the comprobante the sale will get: the shop must invoice every sale.
    expect(previewInvoice(core, { total: 100_000 })).toMatchObject({ automatic: true, letter: "B" });
    const sale = sell([{ productId: f.products.yerba.id, quantity: 1 }]);
    const run = await runInvoicing(core, PATIENT);
    expect(run.problem).toMatch(/^Para facturar falta: El certificado de ARCA venció/);
    expect(invoicesOfSale(core, sale.id)).toMatchObject([{ status: "queued", number: null }]);
    expect(pendingInvoicing(core).waiting.map((i) => i.saleId)).toEqual([sale.id]);
    expect(rig.fake.calls).toEqual([]);
    expect(core.db.prepare("SELECT status FROM sales WHERE id = ?").get(sale.id)).toEqual({
      status: "completed",
    });
    const renewed = generateKeyAndCsr(core, owner, "mostrador").csrPem!;
    const later = core.clock.nowMs();
    installCertificate(
      core,
      owner,
      rig.ca.issue(renewed, new Date(later - DAY), new Date(later + 700 * DAY)),
    );
    await runInvoicing(core, { ...PATIENT, now: true });
    expect(invoicesOfSale(core, sale.id)).toMatchObject([{ status: "authorised", number: 1 }]);
  });

  it("issues a Factura A to a responsable inscripto named by a valid CUIT", async () => {
    const customer = addCustomer("responsable_inscripto", CUSTOMER_CUIT);
    const sale = sell([{ productId: f.products.yerba.id, quantity: 1 }], customer);
    await runInvoicing(core, PATIENT);
    expect(invoicesOfSale(core, sale.id)).toMatchObject([
      { status: "authorised", letter: "A", cbteTipo: 1, docTipo: 80, docNro: CUSTOMER_CUIT, number: 1 },
    ]);
  });

  it("keeps the sale when a Factura A lacks a valid CUIT: the invoice fails with a Spanish reason and is retried with one", async () => {
    const customer = addCustomer("monotributista");
    const sale = sell([{ productId: f.products.yerba.id, quantity: 1 }], customer);
    expect(core.db.prepare("SELECT status FROM sales WHERE id = ?").get(sale.id)).toEqual({
      status: "completed",
    });
    const [failed] = invoicesOfSale(core, sale.id);
    expect(failed).toMatchObject({
      status: "failed",
      lastError: expect.stringMatching(/Factura A necesita el CUIT válido/),
    });
    const err = refusal(() =>
      requestSaleInvoice(core, f.cashier, sale.id, { docType: "cuit", docNumber: "20-11111111-1" }),
    );
    expect(err.code).toBe("invoice_a_needs_cuit");
    const retried = requestSaleInvoice(core, f.cashier, sale.id, {
      docType: "cuit",
      docNumber: CUSTOMER_CUIT,
    });
    expect(retried).toMatchObject({ status: "queued", letter: "A" });
    await runInvoicing(core, PATIENT);
    expect(invoicesOfSale(core, sale.id).map((i) => i.status)).toEqual(["cancelled", "authorised"]);
  });

  it("asks for the DNI of a consumidor final above the shop's threshold", async () => {
    const sale = sell([{ productId: f.products.yerba.id, quantity: 1 }]);
    core.db.prepare("DELETE FROM invoices").run();
    core.db.prepare("UPDATE invoicing_setup SET dni_threshold = 100000").run();
    expect(refusal(() => requestSaleInvoice(core, f.cashier, sale.id, {})).message).toMatch(
      /debe llevar el DNI/,
    );
    expect(
      refusal(() => requestSaleInvoice(core, f.cashier, sale.id, { docType: "dni", docNumber: "12" })).code,
    ).toBe("invalid_buyer_dni");
    expect(
      requestSaleInvoice(core, f.cashier, sale.id, { docType: "dni", docNumber: "30123456" }),
    ).toMatchObject({
      docTipo: 96,
      docNro: "30123456",
    });
  });

  it("issues Factura C, without IVA, for a monotributista shop", async () => {
    core.db.prepare("UPDATE shop_settings SET value = '\"monotributo\"' WHERE key = 'ivaCondition'").run();
    core.db
      .prepare("INSERT OR REPLACE INTO shop_settings (key, value) VALUES ('ivaCondition', '\"monotributo\"')")
      .run();
    const sale = sell([{ productId: f.products.yerba.id, quantity: 1 }]);
    await runInvoicing(core, PATIENT);
    expect(invoicesOfSale(core, sale.id)).toMatchObject([
      { status: "authorised", letter: "C", cbteTipo: 11 },
    ]);
  });

  it("refuses to invoice $ 0 and a voided sale, changing nothing", () => {
    const sale = sell([{ productId: f.products.yerba.id, quantity: 1 }]);
    core.db.prepare("DELETE FROM invoices").run();
    voidSale(core, f.manager, sale.id, { reason: "Error de carga" });
    expect(refusal(() => requestSaleInvoice(core, f.cashier, sale.id, {})).code).toBe("sale_voided");
    const free = commitSale(core, f.manager, {
      id: newId(),
      lines: [{ productId: f.products.yerba.id, quantity: 1, discount: { kind: "percent", value: 10_000 } }],
      payments: [],
    }).sale;
    expect(free.total).toBe(0);
    expect(invoicesOfSale(core, free.id)).toEqual([]);
    const err = refusal(() => requestSaleInvoice(core, f.cashier, free.id, {}));
    expect(err).toMatchObject({ code: "invoice_zero_amount", message: expect.stringMatching(/\$ 0/) });
    expect(invoicesOfSale(core, free.id)).toEqual([]);
  });

  it("after a timeout once ARCA authorised, asks FECompConsultar and stores that CAE: no number skipped or used twice", async () => {
    const sale = sell([{ productId: f.products.yerba.id, quantity: 1 }]);
    rig.fake.behaviour = "hang_after_authorise";
    const first = await runInvoicing(core, FAST);
    expect(first.problem).toMatch(/no respondió/);
    expect(invoicesOfSale(core, sale.id)).toMatchObject([{ status: "sending", number: 1 }]);
    rig.fake.behaviour = "ok";
    rig.fake.calls.length = 0;
    await runInvoicing(core, { ...PATIENT, now: true });
    const [invoice] = invoicesOfSale(core, sale.id);
    expect(invoice).toMatchObject({
      status: "authorised",
      number: 1,
      code: rig.fake.voucher(SHOP_CUIT, CAE_POS, 6, 1)!.code,
    });
    expect(rig.fake.calls).toContain("FECompConsultar");
    expect(rig.fake.calls).not.toContain("FECAESolicitar");
    expect(rig.fake.lastNumber(SHOP_CUIT, CAE_POS, 6)).toBe(1);
  });

  it("an ARCA error fails the invoice with ARCA's code in Spanish; a malformed answer counts as ARCA down (CAEA); the sales stay", async () => {
    const a = sell([{ productId: f.products.yerba.id, quantity: 1 }]);
    await runInvoicing(core, PATIENT);
    const b = sell([{ productId: f.products.gaseosa.id, quantity: 1 }]);
    rig.fake.failNext = { code: 10015, msg: "El campo DocNro es invalido", method: "FECAESolicitar" };
    expect((await runInvoicing(core, PATIENT)).failed).toBe(1);
    expect(invoicesOfSale(core, b.id)).toMatchObject([
      {
        status: "failed",
        number: null,
        lastError: expect.stringMatching(/ARCA respondió con error 10015: El campo DocNro/),
      },
    ]);
    const c = sell([{ productId: f.products.gaseosa.id, quantity: 2 }]);
    rig.fake.behaviour = "malformed";
    const run = await runInvoicing(core, { ...PATIENT, now: true });
    expect(run.problem).toMatch(/no es SOAP válido/);
    expect(invoicesOfSale(core, c.id)).toMatchObject([
      { status: "caea_issued", pointOfSale: CAEA_POS, number: 1 },
    ]);
    rig.fake.behaviour = "ok";
    requestSaleInvoice(core, f.cashier, b.id, {});
    await runInvoicing(core, { ...PATIENT, now: true });
    expect(invoicesOfSale(core, a.id)[0]?.number).toBe(1);
    expect(invoicesOfSale(core, b.id).map((i) => [i.status, i.number])).toEqual([
      ["cancelled", null],
      ["authorised", 2],
    ]);
    expect(invoicesOfSale(core, c.id)[0]?.status).toBe("caea_reported");
    expect(core.db.prepare("SELECT COUNT(*) AS n FROM sales").get()).toEqual({ n: 3 });
  });

  it("a return issues a Nota de crédito B that references the invoice; a void credits what was kept", async () => {
    const sale = sell([{ productId: f.products.gaseosa.id, quantity: 2 }]);
    await runInvoicing(core, PATIENT);
    const line = sale.lines[0]!;
    commitReturn(core, f.manager, sale.id, {
      id: newId(),
      lines: [{ saleLineId: line.id, quantity: 1 }],
      refunds: [{ method: "cash", amount: line.total / 2 }],
      reason: "Vencido",
    });
    await runInvoicing(core, PATIENT);
    const [invoice, note] = invoicesOfSale(core, sale.id);
    expect(note).toMatchObject({
      kind: "credit_note",
      status: "authorised",
      letter: "B",
      cbteTipo: 8,
      number: 1,
      total: line.total / 2,
      originalId: invoice!.id,
    });
    const other = sell([{ productId: f.products.yerba.id, quantity: 1 }]);
    await runInvoicing(core, PATIENT);
    voidSale(core, f.manager, other.id, { reason: "Cobro mal hecho" });
    await runInvoicing(core, PATIENT);
    expect(invoicesOfSale(core, other.id)).toMatchObject([
      { kind: "invoice", status: "authorised" },
      { kind: "credit_note", status: "authorised", cbteTipo: 8, number: 2, total: other.total },
    ]);
  });

  it("voiding a sale whose invoice was never sent cancels it, using no number", () => {
    const sale = sell([{ productId: f.products.yerba.id, quantity: 1 }]);
    voidSale(core, f.manager, sale.id, { reason: "Error" });
    expect(invoicesOfSale(core, sale.id)).toMatchObject([{ status: "cancelled", number: null }]);
  });

  it("with ARCA down, invoices under the fortnight's CAEA on its own punto de venta, and reports it when ARCA is back", async () => {
    await runInvoicing(core, PATIENT); // online: holds this fortnight's CAEA
    expect(pendingInvoicing(core).caeas).toMatchObject([{ periodo: 202611, orden: 2, validTo: "20261130" }]);
    rig.fake.behaviour = "down";
    const sale = sell([{ productId: f.products.yerba.id, quantity: 1 }]);
    const offline = await runInvoicing(core, PATIENT);
    expect(offline.caeaIssued).toBe(1);
    const [issued] = invoicesOfSale(core, sale.id);
    expect(issued).toMatchObject({
      status: "caea_issued",
      authority: "CAEA",
      pointOfSale: CAEA_POS,
      number: 1,
      codeDue: "20261130",
    });
    expect(pendingInvoicing(core).caeaToReport).toHaveLength(1);
    rig.fake.behaviour = "ok";
    const back = await runInvoicing(core, PATIENT);
    expect(back.caeaReported).toBe(1);
    expect(rig.fake.caeaReports).toEqual([
      { cuit: SHOP_CUIT, ptoVta: CAEA_POS, tipo: 6, nro: 1, caea: issued!.code },
    ]);
    expect(invoicesOfSale(core, sale.id)[0]?.status).toBe("caea_reported");
    expect(outboxOps().map((o) => o.op)).toEqual(["caea_issued", "caea_reported"]);
    // Every invoice op the outbox holds is what the cloud's ingest validates against (contracts/src/sync).
    expect(outboxOps().flatMap((o) => syncPayloadErrors("invoice", o.op, JSON.parse(o.payload)))).toEqual([]);
  });

  it("asks for the next fortnight's CAEA ahead of time and reports a fortnight without movement", async () => {
    core.clock.set("2026-11-28T15:00:00Z");
    await runInvoicing(core, PATIENT);
    expect(pendingInvoicing(core).caeas.map((c) => [c.periodo, c.orden])).toEqual([
      [202612, 1],
      [202611, 2],
    ]);
    core.clock.set("2026-12-02T15:00:00Z");
    await runInvoicing(core, PATIENT);
    expect(rig.fake.withoutMovement).toEqual([
      { cuit: SHOP_CUIT, ptoVta: CAEA_POS, caea: pendingInvoicing(core).caeas[1]!.caea },
    ]);
  });

  it("alerts the owner once a day when CAEA vouchers are unreported close to the deadline", async () => {
    await runInvoicing(core, PATIENT);
    rig.fake.behaviour = "down";
    sell([{ productId: f.products.yerba.id, quantity: 1 }]);
    await runInvoicing(core, PATIENT);
    const alerts = () =>
      core.db.prepare("SELECT payload FROM outbox WHERE entity = 'notification'").all() as {
        payload: string;
      }[];
    expect(alerts()).toHaveLength(0);
    core.clock.set("2026-12-07T12:00:00Z"); // deadline 2026-12-08
    await runInvoicing(core, PATIENT);
    await runInvoicing(core, PATIENT);
    expect(alerts()).toHaveLength(1);
    expect(JSON.parse(alerts()[0]!.payload)).toMatchObject({
      kind: "invoicing_deadline",
      message: expect.stringMatching(/08\/12\/2026/),
    });
  });

  it("measures ARCA's clock: a PC 20 minutes fast still logs in, is warned, and dates the invoice by ARCA's day", async () => {
    rig.skewMs = -20 * 60_000; // ARCA is 20 min behind this PC
    core.clock.set("2026-11-22T03:10:00Z"); // 00:10 on the 22nd here, 23:50 on the 21st for ARCA
    const sale = sell([{ productId: f.products.yerba.id, quantity: 1 }]);
    await runInvoicing(core, PATIENT);
    expect(invoicesOfSale(core, sale.id)).toMatchObject([{ status: "authorised", invoiceDate: "20261121" }]);
    expect(getInvoicingSetup(core).clock).toMatchObject({
      offsetMs: -20 * 60_000,
      warning: expect.stringMatching(/adelantado 20 min/),
    });
  });
});

import {
  CertificateExpiryStatus,
  Invoice,
  InvoiceList,
  InvoicingPending,
  InvoicingSetup,
} from "@mostrador/contracts/http/invoicing";
import { expectAnswer } from "@mostrador/contracts/http/test-contract-check";
import { newId } from "@mostrador/kernel/db/ids";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bearer, openTestApi, type TestApi } from "../api/test-api.js";
import { commitSale } from "../pos/sale.js";
import { type SaleFixture, seedSaleFixture } from "../pos/test-fixtures.js";
import { runInvoicing } from "./invoice-runner.js";
import { type InvoicingRig, SHOP_CUIT, setUpInvoicing } from "./test-invoicing.js";

describe("invoicing routes", () => {
  let api: TestApi;
  let f: SaleFixture;
  let rig: InvoicingRig | undefined;
  beforeEach(async () => {
    api = await openTestApi();
    f = seedSaleFixture(api.core, api.terminal);
  });
  afterEach(async () => {
    await rig?.fake.close();
    rig = undefined;
    await api.close();
  });

  it("lets managers see and change the setup, not cashiers; answers by the contract", async () => {
    const cashier = await api.app.inject({
      method: "GET",
      url: "/api/invoicing/setup",
      headers: bearer(api.tokenFor("cashier")),
    });
    expect(cashier.statusCode).toBe(403);
    const manager = bearer(api.tokenFor("manager"));
    const res = await api.app.inject({ method: "GET", url: "/api/invoicing/setup", headers: manager });
    expectAnswer(InvoicingSetup, res, 200);
    expect(res.json().environment).toBe("homologacion");
    expect(res.json().wsfeUrl).toBe("https://wswhomo.afip.gov.ar/wsfev1/service.asmx");
  });

  it("refuses bad setup input with the error envelope in Spanish and changes nothing", async () => {
    const manager = bearer(api.tokenFor("manager"));
    const bad = await api.app.inject({
      method: "PUT",
      url: "/api/invoicing/setup",
      headers: manager,
      payload: { cuit: "20-12345678-0" },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({
      code: "invalid_tax_id",
      message: expect.stringMatching(/no es válido/),
    });
    const pos = await api.app.inject({
      method: "PUT",
      url: "/api/invoicing/setup",
      headers: manager,
      payload: { caePointOfSale: 0 },
    });
    expect(pos.statusCode).toBe(400);
    const cert = await api.app.inject({
      method: "POST",
      url: "/api/invoicing/certificate",
      headers: manager,
      payload: { pem: "-----BEGIN CERTIFICATE-----" },
    });
    expect(cert.statusCode).toBe(409);
    expect(cert.json().error.message).toMatch(/Primero generá la clave/);
    const after = await api.app.inject({ method: "GET", url: "/api/invoicing/setup", headers: manager });
    expect(after.json()).toMatchObject({ cuit: "", caePointOfSale: null, certificate: null });
  });

  it("invoices a sale on request from the till and lists its comprobantes; $ 0 is refused", async () => {
    rig = await setUpInvoicing(api.core, { ...f.manager, role: "owner" }, { mode: "on_request" });
    const sale = commitSale(api.core, f.cashier, {
      id: newId(),
      lines: [{ productId: f.products.yerba.id, quantity: 1 }],
      payments: [{ method: "cash", amount: f.products.yerba.price }],
    }).sale;
    const cashier = bearer(api.tokenFor("cashier"));
    const list = () =>
      api.app.inject({ method: "GET", url: `/api/invoicing/sales/${sale.id}`, headers: cashier });
    expectAnswer(InvoiceList, await list(), 200, []);
    const asked = await api.app.inject({
      method: "POST",
      url: `/api/invoicing/sales/${sale.id}/invoice`,
      headers: cashier,
      payload: {},
    });
    expectAnswer(Invoice, asked, 200);
    expect(asked.json()).toMatchObject({ status: "queued", letter: "B" });
    await runInvoicing(api.core, { timeoutMs: 500 });
    const done = await list();
    expectAnswer(InvoiceList, done, 200);
    expect(done.json()).toMatchObject([{ status: "authorised", number: 1 }]);
    expect(rig.fake.lastNumber(SHOP_CUIT, 3, 6)).toBe(1);

    const free = commitSale(api.core, f.manager, {
      id: newId(),
      lines: [{ productId: f.products.yerba.id, quantity: 1, discount: { kind: "percent", value: 10_000 } }],
      payments: [],
    }).sale;
    const zero = await api.app.inject({
      method: "POST",
      url: `/api/invoicing/sales/${free.id}/invoice`,
      headers: cashier,
      payload: {},
    });
    expect(zero.statusCode).toBe(400);
    expect(zero.json().error).toMatchObject({
      code: "invoice_zero_amount",
      message: expect.stringMatching(/\$ 0/),
    });
    const pending = await api.app.inject({
      method: "GET",
      url: "/api/invoicing/pending",
      headers: bearer(api.tokenFor("manager")),
    });
    expectAnswer(InvoicingPending, pending, 200);
  });

  it("tells the owner at the till how close the certificate is to expiring; cashiers are refused", async () => {
    const url = "/api/invoicing/certificate/expiry";
    const none = await api.app.inject({ method: "GET", url, headers: bearer(api.tokenFor("owner")) });
    expectAnswer(CertificateExpiryStatus, none, 200);
    expect(none.json()).toEqual({ validTo: null, daysLeft: null, threshold: null });
    rig = await setUpInvoicing(api.core, { ...f.manager, role: "owner" });
    // setUpInvoicing's certificate is valid for 700 days.
    api.core.clock.advance(695 * 86_400_000);
    // A fresh session: the first one ended long ago.
    const soon = await api.app.inject({ method: "GET", url, headers: bearer(api.tokenFor("owner")) });
    expectAnswer(CertificateExpiryStatus, soon, 200);
    expect(soon.json()).toMatchObject({ daysLeft: 5, threshold: 7 });
    const cashier = await api.app.inject({ method: "GET", url, headers: bearer(api.tokenFor("cashier")) });
    expect(cashier.statusCode).toBe(403);
  });
});

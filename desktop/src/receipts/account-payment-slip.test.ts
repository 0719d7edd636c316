import { newId } from "@mostrador/kernel/db/ids";
import { updateSettings } from "@mostrador/kernel/shop/settings";
import { createSession } from "@mostrador/kernel/staff/sessions";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { setCreditLimit } from "../accounts/limits.js";
import { payAccount } from "../accounts/payments.js";
import { insertCustomer } from "../accounts/test-customers.js";
import { bearer, openTestApi, type TestApi } from "../api/test-api.js";
import { commitSale } from "../pos/sale.js";
import { type SaleFixture, seedSaleFixture } from "../pos/test-fixtures.js";
import { buildAccountPaymentSlip } from "./account-payment-slip.js";
import { renderPreview } from "./preview.js";
import { type FakePrinter, startFakePrinter } from "./test-printer.js";

describe("the slip of a payment on account (Cobrar cuenta)", () => {
  let t: TestApi;
  let f: SaleFixture;
  let printer: FakePrinter;
  let ana: { id: string; name: string };
  beforeEach(async () => {
    t = await openTestApi();
    printer = await startFakePrinter();
    f = seedSaleFixture(t.core, t.terminal);
    updateSettings(t.core.db, {
      printer: { interface: printer.uri, type: "epson", widthMm: 80, openDrawerOnCash: true },
    });
    ana = insertCustomer(t.core, { name: "Ana Pérez" });
    setCreditLimit(t.core, f.manager, ana.id, 1_000_000);
    // Two gaseosas ($ 5.000,00) on her account.
    commitSale(t.core, f.cashier, {
      id: newId(),
      lines: [{ productId: f.products.gaseosa.id, quantity: 2 }],
      payments: [{ method: "account", amount: 500_000 }],
      customerId: ana.id,
    });
  });
  afterEach(async () => {
    await printer.close();
    await t.close();
  });

  it("shows the payment, the cash handed over and the change, and what she still owes", () => {
    const { payment } = payAccount(t.core, f.cashier, ana.id, {
      id: newId(),
      method: "cash",
      amount: 200_000,
      tendered: 250_000,
    });
    const text = renderPreview(buildAccountPaymentSlip(t.core, payment.entryId), 48).join("\n");
    expect(text).toContain("PAGO DE CUENTA CORRIENTE");
    expect(text).toContain("DOCUMENTO NO VÁLIDO COMO FACTURA");
    expect(text).toMatch(/Cliente +Ana Pérez/);
    expect(text).toMatch(/PAGO +\$ 2\.000,00/);
    expect(text).toMatch(/Medio +Efectivo/);
    expect(text).toMatch(/Entregó +\$ 2\.500,00/);
    expect(text).toMatch(/Su vuelto +\$ 500,00/);
    expect(text).toMatch(/SALDO ADEUDADO +\$ 3\.000,00/);
  });

  it("a transfer that settles the account: its reference and a balance of zero", () => {
    const { payment } = payAccount(t.core, f.cashier, ana.id, {
      id: newId(),
      method: "transfer",
      amount: 500_000,
      reference: "op 4471",
    });
    const text = renderPreview(buildAccountPaymentSlip(t.core, payment.entryId), 32).join("\n");
    expect(text).toContain("Transferencia");
    expect(text).toContain("Ref. op 4471");
    expect(text).toMatch(/SALDO +\$ 0,00/);
    expect(text).toContain("Cuenta al día");
    expect(text).not.toContain("vuelto");
  });

  it("is previewed and printed through the API (a fresh cash payment opens the drawer); an unknown or bad id is refused", async () => {
    const { payment } = payAccount(t.core, f.cashier, ana.id, {
      id: newId(),
      method: "cash",
      amount: 100_000,
    });
    const till = bearer(createSession(t.core, f.cashier.staffId, t.terminal.id));
    const preview = await t.app.inject({
      method: "GET",
      url: `/api/account-payments/${payment.entryId}/receipt`,
      headers: till,
    });
    expect(preview.statusCode).toBe(200);
    expect((preview.json() as { lines: string[] }).lines.join("\n")).toContain("SALDO ADEUDADO");

    const printed = await t.app.inject({
      method: "POST",
      url: `/api/account-payments/${payment.entryId}/print`,
      headers: till,
      payload: {},
    });
    expect(printed.json()).toEqual({ printed: true });
    const job = await printer.nextJob();
    expect(job.includes(Buffer.from("PAGO DE CUENTA CORRIENTE"))).toBe(true);
    expect(job.includes(Buffer.from([0x1b, 0x70]))).toBe(true);

    const missing = await t.app.inject({
      method: "GET",
      url: `/api/account-payments/${newId()}/receipt`,
      headers: till,
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({
      error: { code: "account_payment_not_found", message: "El pago de cuenta no existe" },
    });
    const bad = await t.app.inject({
      method: "POST",
      url: `/api/account-payments/${payment.entryId}/print`,
      headers: till,
      payload: { openDrawer: "sí" },
    });
    expect(bad.statusCode).toBe(400);
  });
});

import type { Terminal } from "@mostrador/contracts/http/settings";
import { newId } from "@mostrador/kernel/db/ids";
import { createTerminal } from "@mostrador/kernel/shop/terminals";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestCore, type TestCore } from "../appliance/test-core.js";
import { invoicesOfSale } from "../invoicing/invoice-rows.js";
import { runInvoicing } from "../invoicing/invoice-runner.js";
import { CAE_POS, type InvoicingRig, SHOP_CUIT, setUpInvoicing } from "../invoicing/test-invoicing.js";
import { commitReturn } from "../pos/returns.js";
import { commitSale } from "../pos/sale.js";
import { type SaleFixture, seedSaleFixture } from "../pos/test-fixtures.js";
import { setCreditLimit } from "./limits.js";
import { payAccount } from "./payments.js";
import { accountSummary } from "./summary.js";
import { insertCustomer } from "./test-customers.js";

const FAST = { timeoutMs: 400 };

/**
 * Issue 14: "an account sale is invoiced like any sale; the account payment is not invoiced again". The
 * invoice belongs to the sale whatever paid it; paying the debt later is money for a comprobante already
 * issued, so it must never reach ARCA a second time.
 */
describe("invoices of sales on account (cuenta corriente)", () => {
  let core: TestCore;
  let terminal: Terminal;
  let f: SaleFixture;
  let rig: InvoicingRig;
  let ana: { id: string; name: string };

  beforeEach(async () => {
    core = openTestCore();
    terminal = createTerminal(core, { code: 1, name: "Caja 1" });
    f = seedSaleFixture(core, terminal);
    rig = await setUpInvoicing(core, { ...f.manager, role: "owner" });
    ana = insertCustomer(core, { name: "Ana Pérez" });
    setCreditLimit(core, f.manager, ana.id, 2_000_000);
  });
  afterEach(async () => {
    await rig.fake.close();
    core.close();
  });

  const invoiceRows = () => core.db.prepare("SELECT COUNT(*) FROM invoices").pluck().get() as number;

  it("invoices a sale on account for its whole total, and never the payment of that debt", async () => {
    const { sale } = commitSale(core, f.cashier, {
      id: newId(),
      lines: [{ productId: f.products.gaseosa.id, quantity: 2 }],
      payments: [{ method: "account", amount: 500_000 }],
      customerId: ana.id,
    });
    expect(invoicesOfSale(core, sale.id)).toMatchObject([{ kind: "invoice", status: "queued", letter: "B" }]);
    await runInvoicing(core, FAST);
    const [invoice] = invoicesOfSale(core, sale.id);
    expect(invoice).toMatchObject({ status: "authorised", authority: "CAE", number: 1, total: 500_000 });
    expect(rig.fake.voucher(SHOP_CUIT, CAE_POS, 6, 1)?.code).toBe(invoice!.code);

    // The customer pays part of it, then the rest, each in its own way: no comprobante, no call to ARCA.
    const callsBefore = rig.fake.calls.length;
    payAccount(core, f.cashier, ana.id, { id: newId(), method: "cash", amount: 200_000, tendered: 200_000 });
    payAccount(core, f.cashier, ana.id, { id: newId(), method: "transfer", amount: 300_000 });
    expect(accountSummary(core, ana.id).balance).toBe(0);
    expect(invoiceRows()).toBe(1);
    await runInvoicing(core, FAST);
    expect(invoiceRows()).toBe(1);
    expect(rig.fake.calls.slice(callsBefore)).not.toContain("FECAESolicitar");
    expect(rig.fake.lastNumber(SHOP_CUIT, CAE_POS, 6)).toBe(1);
  });

  it("a return of a sale on account credits the account and issues its Nota de crédito like any return", async () => {
    const { sale } = commitSale(core, f.cashier, {
      id: newId(),
      lines: [{ productId: f.products.gaseosa.id, quantity: 2 }],
      payments: [{ method: "account", amount: 500_000 }],
      customerId: ana.id,
    });
    await runInvoicing(core, FAST);
    const line = sale.lines[0]!;
    commitReturn(core, f.manager, sale.id, {
      id: newId(),
      lines: [{ saleLineId: line.id, quantity: 1 }],
      refunds: [{ method: "account", amount: line.total / 2 }],
      reason: "Vencida",
    });
    expect(accountSummary(core, ana.id).balance).toBe(500_000 - line.total / 2);
    await runInvoicing(core, FAST);
    const [invoice, note] = invoicesOfSale(core, sale.id);
    expect(note).toMatchObject({
      kind: "credit_note",
      status: "authorised",
      cbteTipo: 8,
      total: line.total / 2,
      originalId: invoice!.id,
    });
  });
});

import type { Terminal } from "@mostrador/contracts/http/settings";
import { newId } from "@mostrador/kernel/db/ids";
import { createTerminal } from "@mostrador/kernel/shop/terminals";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestCore, refusal, type TestCore } from "../appliance/test-core.js";
import { buildReport } from "../cash/reports.js";
import { commitReturn } from "../pos/returns.js";
import { type CommitSaleInput, commitSale } from "../pos/sale.js";
import { type SaleFixture, seedSaleFixture, writeCounts } from "../pos/test-fixtures.js";
import { voidSale } from "../pos/voids.js";
import { adjustAccount } from "./adjustments.js";
import { setCreditLimit } from "./limits.js";
import { payAccount } from "./payments.js";
import { accountStatement, listDebtors } from "./statement.js";
import { accountSummary } from "./summary.js";
import { insertCustomer, ledgerCounts } from "./test-customers.js";

describe("customer accounts (cuenta corriente)", () => {
  let core: TestCore;
  let terminal: Terminal;
  let f: SaleFixture;
  let ana: { id: string; name: string };
  beforeEach(() => {
    core = openTestCore();
    terminal = createTerminal(core, { code: 1, name: "Caja 1" });
    f = seedSaleFixture(core, terminal);
    ana = insertCustomer(core, { name: "Ana Pérez" });
  });
  afterEach(() => core.close());

  // Two gaseosas: $ 5.000,00.
  const sale = (
    payments: CommitSaleInput["payments"],
    customerId: string | null = ana.id,
  ): CommitSaleInput => ({
    id: newId(),
    lines: [{ productId: f.products.gaseosa.id, quantity: 2 }],
    payments,
    customerId,
  });
  const unchanged = () => ({ ...writeCounts(core), ...ledgerCounts(core) });

  it("sells on account within the limit: the charge is a ledger entry and the balance is the ledger's sum", () => {
    setCreditLimit(core, f.manager, ana.id, 2_000_000);
    const { sale: s } = commitSale(core, f.cashier, sale([{ method: "account", amount: 500_000 }]));
    const mixed = commitSale(
      core,
      f.cashier,
      sale([
        { method: "cash", amount: 200_000 },
        { method: "account", amount: 300_000 },
      ]),
    ).sale;
    const account = accountSummary(core, ana.id);
    expect(account).toMatchObject({
      creditLimit: 2_000_000,
      balance: 800_000,
      availableCredit: 1_200_000,
      linked: false,
    });
    const customerOf = (id: string) =>
      (core.db.prepare("SELECT customer_id AS c FROM sales WHERE id = ?").get(id) as { c: string }).c;
    expect(customerOf(s.id)).toBe(ana.id);
    expect(customerOf(mixed.id)).toBe(ana.id);
    const ops = core.db
      .prepare(
        "SELECT entity, op FROM outbox WHERE entity IN ('account_entry', 'allowance_entry', 'customer_credit_limit') ORDER BY seq",
      )
      .all();
    expect(ops).toEqual([
      { entity: "allowance_entry", op: "created" },
      { entity: "customer_credit_limit", op: "updated" },
      { entity: "account_entry", op: "created" },
      { entity: "account_entry", op: "created" },
    ]);
  });

  it("refuses a charge over the limit with the credit left, and changes nothing", () => {
    setCreditLimit(core, f.manager, ana.id, 700_000);
    commitSale(core, f.cashier, sale([{ method: "account", amount: 500_000 }]));
    const before = unchanged();
    const err = refusal(() => commitSale(core, f.cashier, sale([{ method: "account", amount: 500_000 }])));
    expect(err).toMatchObject({
      kind: "conflict",
      code: "over_credit_limit",
      details: { available: 200_000 },
    });
    expect(err.message).toBe(
      "Ana Pérez puede comprar en cuenta corriente hasta $ 2.000,00; esta venta pide $ 5.000,00",
    );
    expect(unchanged()).toEqual(before);
  });

  it("refuses 'account' with no customer, or for a customer without an account, changing nothing", () => {
    const before = unchanged();
    expect(
      refusal(() => commitSale(core, f.cashier, sale([{ method: "account", amount: 500_000 }], null))),
    ).toMatchObject({
      code: "customer_required_for_account",
      message: "Para vender en cuenta corriente, asociá un cliente a la venta",
    });
    expect(
      refusal(() => commitSale(core, f.cashier, sale([{ method: "account", amount: 500_000 }]))),
    ).toMatchObject({
      code: "no_account",
    });
    expect(
      refusal(() => commitSale(core, f.cashier, sale([{ method: "account", amount: 500_000 }], newId()))),
    ).toMatchObject({
      code: "customer_not_found",
      message: "El cliente de la venta no existe",
    });
    expect(unchanged()).toEqual(before);
  });

  it("takes a partial payment in cash into the drawer, apart from sales, and refuses one larger than the debt", () => {
    setCreditLimit(core, f.manager, ana.id, 2_000_000);
    commitSale(core, f.cashier, sale([{ method: "account", amount: 500_000 }]));
    const payId = newId();
    const { payment, created } = payAccount(core, f.cashier, ana.id, {
      id: payId,
      method: "cash",
      amount: 200_000,
      tendered: 250_000,
    });
    expect(created).toBe(true);
    expect(payment).toMatchObject({
      amount: 200_000,
      change: 50_000,
      method: "cash",
      account: { balance: 300_000 },
    });
    // Resent after a network failure: the same payment, nothing twice.
    expect(payAccount(core, f.cashier, ana.id, { id: payId, method: "cash", amount: 200_000 }).created).toBe(
      false,
    );

    const before = unchanged();
    const err = refusal(() =>
      payAccount(core, f.cashier, ana.id, { id: newId(), method: "debit", amount: 300_001 }),
    );
    expect(err).toMatchObject({ code: "payment_exceeds_debt", details: { debt: 300_000 } });
    expect(err.message).toBe("El pago ($ 3.000,01) supera la deuda de Ana Pérez ($ 3.000,00)");
    expect(
      refusal(() =>
        payAccount(core, f.cashier, ana.id, { id: newId(), method: "debit", amount: 100, tendered: 200 }),
      ).code,
    ).toBe("tendered_not_cash");
    expect(unchanged()).toEqual(before);

    const report = buildReport(core, f.sessionId);
    expect(report.byMethod.find((m) => m.method === "account")).toMatchObject({ sales: 500_000 });
    expect(report.accountPayments).toEqual({
      count: 1,
      total: 200_000,
      cash: 200_000,
      byMethod: [{ method: "cash", count: 1, total: 200_000 }],
    });
    // The float, plus the cash the account payment brought; the sale on account brought none.
    expect(report.expectedCash).toBe(10_000 + 200_000);
    expect(report.salesCount).toBe(1);
  });

  it("credits the account for a return refunded to it and for a voided sale", () => {
    setCreditLimit(core, f.manager, ana.id, 2_000_000);
    const returned = commitSale(core, f.cashier, sale([{ method: "account", amount: 500_000 }])).sale;
    const line = returned.lines[0]!;
    commitReturn(core, f.manager, returned.id, {
      id: newId(),
      lines: [{ saleLineId: line.id, quantity: 1 }],
      refunds: [{ method: "account", amount: 250_000 }],
      reason: "Vencida",
    });
    expect(accountSummary(core, ana.id).balance).toBe(250_000);
    const voided = commitSale(core, f.cashier, sale([{ method: "account", amount: 500_000 }])).sale;
    voidSale(core, f.manager, voided.id, { reason: "Error de carga" });
    expect(accountSummary(core, ana.id).balance).toBe(250_000);
    expect(accountStatement(core, ana.id).entries.map((e) => [e.kind, e.amount, e.runningBalance])).toEqual([
      ["charge", 500_000, 500_000],
      ["return_credit", -250_000, 250_000],
      ["charge", 500_000, 750_000],
      ["void_credit", -500_000, 250_000],
    ]);
    // Each entry carries the balance after it; the latest one is the ledger's sum.
    const sum = core.db
      .prepare("SELECT SUM(amount) AS n FROM account_entries WHERE customer_id = ?")
      .get(ana.id) as { n: number };
    expect(accountSummary(core, ana.id).balance).toBe(sum.n);
    // A return cannot credit the account more than the sale charged to it.
    const cash = commitSale(core, f.cashier, sale([{ method: "cash", amount: 500_000 }])).sale;
    expect(
      refusal(() =>
        commitReturn(core, f.manager, cash.id, {
          id: newId(),
          lines: [{ saleLineId: cash.lines[0]!.id, quantity: 1 }],
          refunds: [{ method: "account", amount: 250_000 }],
          reason: "x",
        }),
      ).code,
    ).toBe("card_refund_exceeds_paid");
  });

  it("lowering the limit below the debt stops new charges; a manager's adjustment is an audited entry", () => {
    setCreditLimit(core, f.manager, ana.id, 1_000_000);
    commitSale(core, f.cashier, sale([{ method: "account", amount: 500_000 }]));
    setCreditLimit(core, f.manager, ana.id, 300_000);
    expect(accountSummary(core, ana.id)).toMatchObject({ balance: 500_000, availableCredit: 0 });
    expect(
      refusal(() => commitSale(core, f.cashier, sale([{ method: "account", amount: 500_000 }]))).code,
    ).toBe("over_credit_limit");
    adjustAccount(core, f.manager, ana.id, { amount: -500_000, note: "Condonada" });
    expect(accountSummary(core, ana.id)).toMatchObject({ balance: 0, availableCredit: 300_000 });
    const audit = core.db
      .prepare("SELECT action FROM audit_log WHERE action LIKE 'account.%' ORDER BY at, rowid")
      .all() as { action: string }[];
    expect(audit.map((a) => a.action)).toEqual([
      "account.limit_set",
      "account.limit_set",
      "account.adjusted",
    ]);
    expect(refusal(() => adjustAccount(core, f.manager, ana.id, { amount: 100, note: "  " })).code).toBe(
      "note_required",
    );
    expect(refusal(() => setCreditLimit(core, f.manager, ana.id, -1)).code).toBe("invalid_credit_limit");
  });

  it("lists debtors, largest first, with the age of the oldest charge not yet paid", () => {
    const beto = insertCustomer(core, { name: "Beto" });
    setCreditLimit(core, f.manager, ana.id, 5_000_000);
    setCreditLimit(core, f.manager, beto.id, 5_000_000);
    commitSale(core, f.cashier, sale([{ method: "account", amount: 500_000 }]));
    core.clock.advance(10 * 86_400_000);
    commitSale(core, f.cashier, sale([{ method: "account", amount: 500_000 }]));
    commitSale(core, f.cashier, sale([{ method: "account", amount: 500_000 }], beto.id));
    core.clock.advance(3 * 86_400_000);
    // Ana pays the first charge: what she owes is the second one, 3 days old.
    payAccount(core, f.cashier, ana.id, { id: newId(), method: "transfer", amount: 500_000 });
    commitSale(core, f.cashier, sale([{ method: "account", amount: 500_000 }], beto.id));
    const { debtors, total } = listDebtors(core);
    expect(debtors.map((d) => [d.customerName, d.balance, d.ageDays])).toEqual([
      ["Beto", 1_000_000, 3],
      ["Ana Pérez", 500_000, 3],
    ]);
    expect(total).toBe(1_500_000);
  });
});

import type { Terminal } from "@mostrador/contracts/http/settings";
import { newId } from "@mostrador/kernel/db/ids";
import { createTerminal } from "@mostrador/kernel/shop/terminals";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestCore, refusal, type TestCore } from "../appliance/test-core.js";
import { setLoyaltyRules } from "../loyalty/rules.js";
import { commitExchange } from "../pos/exchanges.js";
import { commitSale } from "../pos/sale.js";
import { type SaleFixture, seedSaleFixture, writeCounts } from "../pos/test-fixtures.js";
import { setCreditLimit } from "./limits.js";
import { accountSummary } from "./summary.js";
import { insertCustomer, ledgerCounts } from "./test-customers.js";

// An exchange writes a return and a sale in one transaction; the account and the points must move as
// they would for that return and that sale made one after the other.
describe("an exchange settles the customer's account and points", () => {
  let core: TestCore;
  let terminal: Terminal;
  let f: SaleFixture;
  let ana: { id: string; name: string };
  beforeEach(() => {
    core = openTestCore();
    terminal = createTerminal(core, { code: 1, name: "Caja 1" });
    f = seedSaleFixture(core, terminal);
    ana = insertCustomer(core, { name: "Ana Pérez" });
    setCreditLimit(core, f.manager, ana.id, 2_000_000);
    setLoyaltyRules(core, f.manager, {
      enabled: true,
      spendPerPoint: 10_000, // a point per $ 100
      pointValue: 100,
      minSaleTotal: 0,
      excludedCategories: [],
      expiryMonths: null,
      birthdayBonus: 0,
    });
  });
  afterEach(() => core.close());

  /** Two gaseosas ($ 2.500 each) on account: $ 5.000 owed, 50 points. */
  const gaseosasOnAccount = (customerId: string | null = ana.id) =>
    commitSale(core, f.cashier, {
      id: newId(),
      lines: [{ productId: f.products.gaseosa.id, quantity: 2 }],
      payments: [{ method: customerId ? "account" : "cash", amount: 500_000 }],
      customerId,
    }).sale;
  const summary = () => accountSummary(core, ana.id);

  it("charges the account a difference paid on account and credits it a difference refunded to it", () => {
    const sale = gaseosasOnAccount();
    expect(summary()).toMatchObject({ balance: 500_000, points: 50 });

    // A gaseosa ($ 2.500) back for a yerba ($ 4.800): the $ 2.300 difference on account.
    const { exchange } = commitExchange(core, f.manager, {
      id: newId(),
      saleId: sale.id,
      returnLines: [{ saleLineId: sale.lines[0]!.id, quantity: 1 }],
      newLines: [{ productId: f.products.yerba.id, quantity: 1 }],
      payments: [{ method: "account", amount: 230_000 }],
      refunds: [],
      reason: "Otro producto",
    });
    expect(exchange.sale.customer).toEqual({ id: ana.id, name: "Ana Pérez" });
    // Owed: 5.000 + 2.300. Points: 50 − 25 for the gaseosa back + 48 for the yerba.
    expect(summary()).toMatchObject({ balance: 730_000, points: 73 });

    // The yerba back for a gaseosa: the $ 2.300 comes back to the account it was charged to.
    commitExchange(core, f.manager, {
      id: newId(),
      saleId: exchange.sale.id,
      returnLines: [{ saleLineId: exchange.sale.lines[0]!.id, quantity: 1 }],
      newLines: [{ productId: f.products.gaseosa.id, quantity: 1 }],
      payments: [],
      refunds: [{ method: "account", amount: 230_000 }],
      reason: "Prefiere la gaseosa",
    });
    expect(summary()).toMatchObject({ balance: 500_000, points: 50 });
    const entries = core.db
      .prepare("SELECT kind, amount FROM account_entries ORDER BY created_at, rowid")
      .all();
    expect(entries).toEqual([
      { kind: "charge", amount: 500_000 },
      { kind: "charge", amount: 230_000 },
      { kind: "return_credit", amount: -230_000 },
    ]);
  });

  it("refuses a difference on account when the exchanged sale named no customer, changing nothing", () => {
    const sale = gaseosasOnAccount(null);
    const before = { ...writeCounts(core), ...ledgerCounts(core) };
    const err = refusal(() =>
      commitExchange(core, f.manager, {
        id: newId(),
        saleId: sale.id,
        returnLines: [{ saleLineId: sale.lines[0]!.id, quantity: 1 }],
        newLines: [{ productId: f.products.yerba.id, quantity: 1 }],
        payments: [{ method: "account", amount: 230_000 }],
        refunds: [],
        reason: "Otro producto",
      }),
    );
    expect(err.code).toBe("customer_required_for_account");
    expect({ ...writeCounts(core), ...ledgerCounts(core) }).toEqual(before);
  });
});

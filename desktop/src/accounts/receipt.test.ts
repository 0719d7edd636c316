import { newId } from "@mostrador/kernel/db/ids";
import { createTerminal } from "@mostrador/kernel/shop/terminals";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestCore, type TestCore } from "../appliance/test-core.js";
import { setLoyaltyRules } from "../loyalty/rules.js";
import { commitSale } from "../pos/sale.js";
import { type SaleFixture, seedSaleFixture } from "../pos/test-fixtures.js";
import { buildSaleReceipt } from "../receipts/layout.js";
import { renderPreview } from "../receipts/preview.js";
import { setCreditLimit } from "./limits.js";
import { payAccount } from "./payments.js";
import { insertCustomer } from "./test-customers.js";

describe("the receipt of a sale to a customer", () => {
  let core: TestCore;
  let f: SaleFixture;
  beforeEach(() => {
    core = openTestCore();
    f = seedSaleFixture(core, createTerminal(core, { code: 1, name: "Caja 1" }));
  });
  afterEach(() => core.close());

  it("shows the customer's account balance and points after the sale, the same on a reprint", () => {
    const ana = insertCustomer(core, { name: "Ana Pérez" });
    setLoyaltyRules(core, f.manager, {
      enabled: true,
      spendPerPoint: 10_000,
      pointValue: 100,
      minSaleTotal: 0,
      excludedCategories: [],
      expiryMonths: null,
      birthdayBonus: 0,
    });
    setCreditLimit(core, f.manager, ana.id, 2_000_000);
    const { sale } = commitSale(core, f.cashier, {
      id: newId(),
      lines: [{ productId: f.products.gaseosa.id, quantity: 2 }],
      payments: [
        { method: "cash", amount: 200_000 },
        { method: "account", amount: 300_000 },
      ],
      customerId: ana.id,
    });
    const text = () => renderPreview(buildSaleReceipt(core, sale.id), 48).join("\n");
    const printed = text();
    expect(printed).toMatch(/Cuenta corriente\s+\$ 3\.000,00/);
    expect(printed).toContain("Cliente: Ana Pérez");
    expect(printed).toMatch(/Saldo cuenta corriente\s+\$ 3\.000,00/);
    expect(printed).toMatch(/Puntos\s+50/);
    // Paid the next day: the reprint of this sale still shows the balance as it was after it.
    core.clock.advance(86_400_000);
    payAccount(core, f.cashier, ana.id, { id: newId(), method: "cash", amount: 100_000 });
    expect(text()).toBe(printed);
  });

  it("prints no customer block for an anonymous sale", () => {
    const { sale } = commitSale(core, f.cashier, {
      id: newId(),
      lines: [{ productId: f.products.gaseosa.id, quantity: 1 }],
      payments: [{ method: "cash", amount: 250_000 }],
    });
    expect(renderPreview(buildSaleReceipt(core, sale.id), 48).join("\n")).not.toContain("Cliente:");
  });
});

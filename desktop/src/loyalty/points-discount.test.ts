import type { LoyaltyRules } from "@mostrador/contracts/http/accounts";
import type { Terminal } from "@mostrador/contracts/http/settings";
import { newId } from "@mostrador/kernel/db/ids";
import { createTerminal } from "@mostrador/kernel/shop/terminals";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { adjustPoints } from "../accounts/adjustments.js";
import { accountSummary } from "../accounts/summary.js";
import { insertCustomer, ledgerCounts } from "../accounts/test-customers.js";
import { openTestCore, refusal, type TestCore } from "../appliance/test-core.js";
import { buildReport } from "../cash/reports.js";
import { commitReturn } from "../pos/returns.js";
import { type CommitSaleInput, commitSale } from "../pos/sale.js";
import { findSale } from "../pos/sale-view.js";
import { type SaleFixture, seedSaleFixture, writeCounts } from "../pos/test-fixtures.js";
import { voidSale } from "../pos/voids.js";
import { buildSaleReceipt } from "../receipts/layout.js";
import { renderPreview } from "../receipts/preview.js";
import { setLoyaltyRules } from "./rules.js";

const RULES: LoyaltyRules = {
  enabled: true,
  spendPerPoint: 100_000_000, // earning out of the way: these tests are about spending
  pointValue: 100, // a point takes $ 1 off
  minSaleTotal: 0,
  excludedCategories: [],
  expiryMonths: null,
  birthdayBonus: 0,
};

describe("points redeemed as a ticket discount", () => {
  let core: TestCore;
  let terminal: Terminal;
  let f: SaleFixture;
  let ana: { id: string; name: string };
  beforeEach(() => {
    core = openTestCore();
    terminal = createTerminal(core, { code: 1, name: "Caja 1" });
    f = seedSaleFixture(core, terminal);
    ana = insertCustomer(core, { name: "Ana Pérez" });
    setLoyaltyRules(core, f.manager, RULES);
    adjustPoints(core, f.manager, ana.id, { points: 1_000, note: "Bienvenida" });
  });
  afterEach(() => core.close());

  const points = () => accountSummary(core, ana.id).points;
  const unchanged = () => ({ ...writeCounts(core), ...ledgerCounts(core) });
  // Two gaseosas, $ 5.000,00; `discount` points off at $ 1 each, the rest in cash.
  const withDiscount = (
    pts: number,
    customerId: string | null = ana.id,
    amount = pts * 100,
  ): CommitSaleInput => ({
    id: newId(),
    lines: [{ productId: f.products.gaseosa.id, quantity: 2 }],
    payments: [{ method: "cash", amount: 500_000 - amount }],
    customerId,
    pointsDiscount: { points: pts, amount },
  });

  it("lowers the total and the taxable base, spends the points in the sale's transaction and is not the cashier's discount", () => {
    const { sale } = commitSale(core, f.cashier, withDiscount(400)); // $ 400 off $ 5.000: 8 %
    expect(sale.total).toBe(460_000);
    expect(sale.pointsDiscount).toEqual({ points: 400, amount: 40_000 });
    expect(sale.ticketDiscountTotal).toBe(0);
    expect(sale.discountApprovedBy).toBeNull(); // the shop's limit is 5 % (fixture): points do not count
    expect(sale.netTotal + sale.ivaTotal).toBe(460_000);
    expect(sale.lines[0]).toMatchObject({ pointsDiscountShare: 40_000, total: 460_000 });
    expect(points()).toBe(600);
    // The view read back is the one answered.
    expect(findSale(core, sale.id)).toEqual(sale);
    const receipt = renderPreview(buildSaleReceipt(core, sale.id), 48).join("\n");
    expect(receipt).toMatch(/Descuento por puntos \(400 pts\)\s+-\$ 400,00/);
    const report = buildReport(core, sale.cashSessionId);
    expect(report.pointsDiscounts).toBe(40_000);
    expect(report.discounts).toBe(0);
    expect(report.grossSales - report.discounts - report.pointsDiscounts!).toBe(
      report.byMethod.reduce((s, m) => s + m.sales, 0),
    );
  });

  it("can take the whole ticket, and adds to a points payment within what the customer has", () => {
    adjustPoints(core, f.manager, ana.id, { points: 2_000, note: "Promo" });
    const { sale } = commitSale(core, f.cashier, {
      id: newId(),
      lines: [{ productId: f.products.gaseosa.id, quantity: 1 }],
      payments: [],
      customerId: ana.id,
      pointsDiscount: { points: 2_500, amount: 250_000 },
    });
    expect(sale.total).toBe(0);
    expect(points()).toBe(500);
    commitSale(core, f.cashier, {
      ...withDiscount(250),
      payments: [
        { method: "cash", amount: 450_000 },
        { method: "points", amount: 25_000 },
      ],
    });
    expect(points()).toBe(0);
  });

  it("refuses more points than available, no customer, a stale point value, more than the total and the program off; nothing changes", () => {
    const before = unchanged();
    expect(refusal(() => commitSale(core, f.cashier, withDiscount(1_001)))).toMatchObject({
      kind: "conflict",
      code: "not_enough_points",
      message: "Ana Pérez tiene 1000 puntos para usar; el descuento pide 1001",
    });
    // The discount and a points payment together: still within what she has.
    expect(
      refusal(() =>
        commitSale(core, f.cashier, {
          ...withDiscount(900),
          payments: [
            { method: "cash", amount: 399_900 },
            { method: "points", amount: 10_100 },
          ],
        }),
      ).code,
    ).toBe("not_enough_points");
    expect(refusal(() => commitSale(core, f.cashier, withDiscount(10, null)))).toMatchObject({
      code: "customer_required_for_points",
      message: "Para canjear puntos, asociá un cliente a la venta",
    });
    expect(refusal(() => commitSale(core, f.cashier, withDiscount(10, ana.id, 2_000))).code).toBe(
      "point_value_changed",
    );
    const tooMuch = refusal(() =>
      commitSale(core, f.cashier, {
        id: newId(),
        lines: [{ productId: f.products.gaseosa.id, quantity: 1 }],
        payments: [],
        customerId: ana.id,
        pointsDiscount: { points: 3_000, amount: 300_000 },
      }),
    );
    expect(tooMuch).toMatchObject({ code: "points_discount_exceeds_total" });
    expect(tooMuch.message).toBe(
      "El descuento por puntos ($ 3.000,00) es mayor que el total del ticket ($ 2.500,00)",
    );
    expect(
      refusal(() =>
        commitSale(core, f.cashier, { ...withDiscount(10), pointsDiscount: { points: 10, amount: -1 } }),
      ).code,
    ).toBe("invalid_points_discount");
    expect(refusal(() => commitSale(core, f.cashier, withDiscount(1.5))).code).toBe("invalid_points");
    setLoyaltyRules(core, f.manager, { ...RULES, enabled: false });
    expect(refusal(() => commitSale(core, f.cashier, withDiscount(10))).code).toBe("loyalty_off");
    setLoyaltyRules(core, f.manager, RULES);
    expect(unchanged()).toEqual({ ...before, audit_log: before.audit_log! + 2 });
    expect(points()).toBe(1_000);
  });

  it("a return gives back the points in proportion to what is returned, the last one exactly the rest; a void all", () => {
    const { sale } = commitSale(core, f.cashier, {
      id: newId(),
      lines: [{ productId: f.products.gaseosa.id, quantity: 3 }],
      payments: [{ method: "cash", amount: 750_000 - 10_000 }],
      customerId: ana.id,
      pointsDiscount: { points: 100, amount: 10_000 },
    });
    expect(points()).toBe(900);
    const line = sale.lines[0]!;
    const back = (quantity: number, cash: number) =>
      commitReturn(core, f.manager, sale.id, {
        id: newId(),
        lines: [{ saleLineId: line.id, quantity }],
        refunds: [{ method: "cash", amount: cash }],
        reason: "Vencida",
      });
    back(1, 246_667); // a third of $ 7.400, rounded
    expect(points()).toBe(933); // a third of 100, rounded
    back(2, 740_000 - 246_667);
    expect(points()).toBe(1_000);

    const voided = commitSale(core, f.cashier, withDiscount(300)).sale;
    expect(points()).toBe(700);
    voidSale(core, f.manager, voided.id, { reason: "Error" });
    expect(points()).toBe(1_000);
  });
});

import type { Terminal } from "@mostrador/contracts/http/settings";
import type { LoyaltyRules } from "@mostrador/contracts/http/accounts";
import { newId } from "@mostrador/kernel/db/ids";
import { createTerminal } from "@mostrador/kernel/shop/terminals";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { adjustPoints } from "../accounts/adjustments.js";
import { accountSummary } from "../accounts/summary.js";
import { pointsStatement } from "../accounts/statement.js";
import { insertCustomer, ledgerCounts } from "../accounts/test-customers.js";
import { openTestCore, refusal, type TestCore } from "../appliance/test-core.js";
import { createCategory } from "../catalog/categories.js";
import { updateProduct } from "../catalog/product-writes.js";
import { commitReturn } from "../pos/returns.js";
import { type CommitSaleInput, commitSale } from "../pos/sale.js";
import { type SaleFixture, seedSaleFixture, writeCounts } from "../pos/test-fixtures.js";
import { voidSale } from "../pos/voids.js";
import { runDailyLoyalty } from "./daily.js";
import { setLoyaltyRules } from "./rules.js";

const RULES: LoyaltyRules = {
  enabled: true,
  spendPerPoint: 10_000, // a point per $ 100
  pointValue: 100, // a point pays $ 1
  minSaleTotal: 0,
  excludedCategories: [],
  expiryMonths: null,
  birthdayBonus: 0,
};

describe("loyalty points", () => {
  let core: TestCore;
  let terminal: Terminal;
  let f: SaleFixture;
  let ana: { id: string; name: string };
  beforeEach(() => {
    core = openTestCore();
    terminal = createTerminal(core, { code: 1, name: "Caja 1" });
    f = seedSaleFixture(core, terminal);
    ana = insertCustomer(core, { name: "Ana Pérez", birthday: "1990-03-15" });
    setLoyaltyRules(core, f.manager, RULES);
  });
  afterEach(() => core.close());

  // Two gaseosas, $ 5.000,00; a yerba, $ 4.800,00.
  const gaseosas = (
    payments: CommitSaleInput["payments"],
    customerId: string | null = ana.id,
  ): CommitSaleInput => ({
    id: newId(),
    lines: [{ productId: f.products.gaseosa.id, quantity: 2 }],
    payments,
    customerId,
  });
  const points = () => accountSummary(core, ana.id).points;
  const unchanged = () => ({ ...writeCounts(core), ...ledgerCounts(core) });

  it("earns a point per amount spent, leaving out excluded categories and sales under the minimum", () => {
    commitSale(core, f.cashier, gaseosas([{ method: "cash", amount: 500_000 }]));
    expect(points()).toBe(50);
    const bebidas = createCategory(core, { name: "Bebidas" });
    updateProduct(core, f.products.gaseosa.id, { categoryId: bebidas.id });
    setLoyaltyRules(core, f.manager, { ...RULES, excludedCategories: [bebidas.id], minSaleTotal: 600_000 });
    const mixed: CommitSaleInput = {
      id: newId(),
      lines: [
        { productId: f.products.gaseosa.id, quantity: 2 },
        { productId: f.products.yerba.id, quantity: 1 },
      ],
      payments: [{ method: "cash", amount: 980_000 }],
      customerId: ana.id,
    };
    commitSale(core, f.cashier, mixed);
    expect(points()).toBe(50 + 48); // the yerba only
    commitSale(core, f.cashier, { ...gaseosas([{ method: "cash", amount: 500_000 }]) }); // under the minimum
    expect(points()).toBe(98);
    // Nobody attached: nobody earns.
    commitSale(core, f.cashier, gaseosas([{ method: "cash", amount: 500_000 }], null));
    expect(points()).toBe(98);
  });

  it("redeems points as a payment at the shop's rate; more than the customer has is refused and changes nothing", () => {
    commitSale(core, f.cashier, gaseosas([{ method: "cash", amount: 500_000 }])); // 50 points = $ 50
    commitSale(
      core,
      f.cashier,
      gaseosas([
        { method: "cash", amount: 497_000 },
        { method: "points", amount: 3_000 },
      ]),
    );
    // 30 redeemed; earned on the $ 4.970 not paid with points: 49.
    expect(points()).toBe(50 - 30 + 49);
    const before = unchanged();
    const err = refusal(() =>
      commitSale(
        core,
        f.cashier,
        gaseosas([
          { method: "cash", amount: 490_000 },
          { method: "points", amount: 10_000 },
        ]),
      ),
    );
    expect(err).toMatchObject({
      kind: "conflict",
      code: "not_enough_points",
      details: { available: 69, asked: 100 },
    });
    expect(err.message).toBe("Ana Pérez tiene 69 puntos para usar ($ 69,00); pagar $ 100,00 necesita 100");
    expect(
      refusal(() =>
        commitSale(
          core,
          f.cashier,
          gaseosas(
            [
              { method: "cash", amount: 499_000 },
              { method: "points", amount: 1_000 },
            ],
            null,
          ),
        ),
      ).code,
    ).toBe("customer_required_for_points");
    setLoyaltyRules(core, f.manager, { ...RULES, enabled: false });
    expect(
      refusal(() =>
        commitSale(
          core,
          f.cashier,
          gaseosas([
            { method: "cash", amount: 499_000 },
            { method: "points", amount: 1_000 },
          ]),
        ),
      ).code,
    ).toBe("loyalty_off");
    setLoyaltyRules(core, f.manager, RULES);
    expect(unchanged()).toEqual({ ...before, audit_log: before.audit_log! + 2 });
  });

  it("a return takes back the points its share earned and gives back the points it refunds; a void undoes all", () => {
    adjustPoints(core, f.manager, ana.id, { points: 100, note: "Bienvenida" });
    const { sale } = commitSale(
      core,
      f.cashier,
      gaseosas([
        { method: "cash", amount: 490_000 },
        { method: "points", amount: 10_000 },
      ]),
    );
    expect(points()).toBe(100 - 100 + 49);
    const line = sale.lines[0]!;
    commitReturn(core, f.manager, sale.id, {
      id: newId(),
      lines: [{ saleLineId: line.id, quantity: 1 }],
      refunds: [
        { method: "points", amount: 5_000 },
        { method: "cash", amount: 245_000 },
      ],
      reason: "Vencida",
    });
    // Half the sale back: half of the 49 earned taken back (rounded: 25), half of the 100 redeemed given back.
    expect(points()).toBe(49 - 25 + 50);
    commitReturn(core, f.manager, sale.id, {
      id: newId(),
      lines: [{ saleLineId: line.id, quantity: 1 }],
      refunds: [
        { method: "points", amount: 5_000 },
        { method: "cash", amount: 245_000 },
      ],
      reason: "Vencida",
    });
    // All of it back: exactly what the sale earned and redeemed, no point lost or made by rounding.
    expect(points()).toBe(100);

    const voided = commitSale(
      core,
      f.cashier,
      gaseosas([
        { method: "cash", amount: 490_000 },
        { method: "points", amount: 10_000 },
      ]),
    ).sale;
    expect(points()).toBe(49);
    voidSale(core, f.manager, voided.id, { reason: "Error" });
    expect(points()).toBe(100);
    expect(pointsStatement(core, ana.id).entries.map((e) => [e.kind, e.points, e.runningBalance])).toEqual([
      ["adjustment", 100, 100],
      ["redeem", -100, 0],
      ["earn", 49, 49],
      ["return_earn", -25, 24],
      ["return_redeem", 50, 74],
      ["return_earn", -24, 50],
      ["return_redeem", 50, 100],
      ["redeem", -100, 0],
      ["earn", 49, 49],
      ["void", 51, 100],
    ]);
  });

  it("expires points N months after they were earned, oldest first and once, however often the job runs", () => {
    setLoyaltyRules(core, f.manager, { ...RULES, expiryMonths: 6 });
    core.clock.set("2026-01-10T15:00:00.000Z");
    commitSale(core, f.cashier, gaseosas([{ method: "cash", amount: 500_000 }])); // 50, expire 2026-07-10
    core.clock.set("2026-03-10T15:00:00.000Z");
    commitSale(core, f.cashier, gaseosas([{ method: "cash", amount: 500_000 }])); // 50, expire 2026-09-10
    commitSale(
      core,
      f.cashier,
      gaseosas([
        { method: "cash", amount: 497_000 },
        { method: "points", amount: 3_000 },
      ]),
    ); // −30, +49
    core.clock.set("2026-07-09T15:00:00.000Z");
    expect(runDailyLoyalty(core).expiredEntries).toBe(0);
    core.clock.set("2026-07-11T15:00:00.000Z");
    // The 30 redeemed came out of the oldest 50: 20 of them are left to expire.
    expect(runDailyLoyalty(core).expiredEntries).toBe(1);
    expect(points()).toBe(50 + 50 - 30 + 49 - 20);
    expect(runDailyLoyalty(core).expiredEntries).toBe(0);
    expect(points()).toBe(99);
  });

  it("gives the birthday bonus once a year on the shop's day", () => {
    setLoyaltyRules(core, f.manager, { ...RULES, birthdayBonus: 200 });
    // 02:00 UTC on 15 March is still 14 March in Buenos Aires.
    core.clock.set("2026-03-15T02:00:00.000Z");
    expect(runDailyLoyalty(core).birthdayBonuses).toBe(0);
    core.clock.set("2026-03-15T12:00:00.000Z");
    expect(runDailyLoyalty(core).birthdayBonuses).toBe(1);
    core.clock.set("2026-03-15T20:00:00.000Z");
    expect(runDailyLoyalty(core).birthdayBonuses).toBe(0);
    expect(points()).toBe(200);
    core.clock.set("2027-03-15T12:00:00.000Z");
    expect(runDailyLoyalty(core).birthdayBonuses).toBe(1);
    expect(points()).toBe(400);
  });

  it("refuses rules naming a category that does not exist, and an adjustment taking more than there is", () => {
    expect(
      refusal(() => setLoyaltyRules(core, f.manager, { ...RULES, excludedCategories: [newId()] })).code,
    ).toBe("unknown_category");
    expect(refusal(() => adjustPoints(core, f.manager, ana.id, { points: -1, note: "x" }))).toMatchObject({
      code: "not_enough_points",
      message: "Ana Pérez tiene 0 puntos: no se le pueden quitar 1",
    });
  });
});

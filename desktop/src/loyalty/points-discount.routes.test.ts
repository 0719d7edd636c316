import { createTerminal } from "@mostrador/kernel/shop/terminals";
import { createSession } from "@mostrador/kernel/staff/sessions";
import { newId } from "@mostrador/kernel/db/ids";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { adjustPoints } from "../accounts/adjustments.js";
import { insertCustomer, ledgerCounts } from "../accounts/test-customers.js";
import { bearer, openTestApi, type TestApi } from "../api/test-api.js";
import { openCashSessionRow, type SaleFixture, seedSaleFixture, writeCounts } from "../pos/test-fixtures.js";
import { setLoyaltyRules } from "./rules.js";

describe("POST /api/sales with points as a discount", () => {
  let t: TestApi;
  let f: SaleFixture;
  let till1: Record<string, string>;
  let till2: Record<string, string>;
  let ana: { id: string; name: string };
  beforeEach(async () => {
    t = await openTestApi();
    f = seedSaleFixture(t.core, t.terminal);
    till1 = bearer(createSession(t.core, f.cashier.staffId, t.terminal.id));
    const second = createTerminal(t.core, { code: 2, name: "Caja 2" });
    openCashSessionRow(t.core, second.id, f.manager.staffId);
    till2 = bearer(createSession(t.core, f.manager.staffId, second.id));
    ana = insertCustomer(t.core, { name: "Ana Pérez" });
    setLoyaltyRules(t.core, f.manager, {
      enabled: true,
      spendPerPoint: 100_000_000, // earning out of the way: one sale's points must not pay for the other
      pointValue: 100,
      minSaleTotal: 0,
      excludedCategories: [],
      expiryMonths: null,
      birthdayBonus: 0,
    });
    adjustPoints(t.core, f.manager, ana.id, { points: 300, note: "Bienvenida" });
  });
  afterEach(async () => t.close());

  // Two gaseosas, $ 5.000,00.
  const sale = (pointsDiscount: { points: number; amount: number }, customerId: string | null = ana.id) => ({
    id: newId(),
    lines: [{ productId: f.products.gaseosa.id, quantity: 2 }],
    payments: [{ method: "cash", amount: Math.max(500_000 - Math.max(pointsDiscount.amount, 0), 1) }],
    pointsDiscount,
    ...(customerId ? { customerId } : {}),
  });
  const post = (payload: unknown, headers = till1) =>
    t.app.inject({ method: "POST", url: "/api/sales", headers, payload: payload as object });
  const counts = () => ({ ...writeCounts(t.core), ...ledgerCounts(t.core) });
  const points = async () =>
    (await t.app.inject({ method: "GET", url: `/api/loyalty/${ana.id}`, headers: till1 })).json() as {
      account: { points: number };
    };

  it("two tills redeeming the same points as a discount at the same moment: exactly one succeeds", async () => {
    const answers = await Promise.all([
      post(sale({ points: 300, amount: 30_000 }), till1),
      post(sale({ points: 300, amount: 30_000 }), till2),
    ]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409]);
    const refused = answers.find((a) => a.statusCode === 409)!.json() as { error: { code: string } };
    expect(refused.error.code).toBe("not_enough_points");
    expect((await points()).account.points).toBe(0);
    const ok = answers.find((a) => a.statusCode === 201)!.json() as {
      total: number;
      pointsDiscount: unknown;
    };
    expect(ok).toMatchObject({ total: 470_000, pointsDiscount: { points: 300, amount: 30_000 } });
  });

  it.each([
    ["negative points", { points: -5, amount: -500 }, true, 400, "invalid_input"],
    ["zero points", { points: 0, amount: 0 }, true, 400, "invalid_input"],
    ["more points than available", { points: 301, amount: 30_100 }, true, 409, "not_enough_points"],
    ["no customer", { points: 300, amount: 30_000 }, false, 400, "customer_required_for_points"],
    ["more than the total", { points: 5_001, amount: 500_100 }, true, 400, "points_discount_exceeds_total"],
  ])(
    "refuses %s with a clear Spanish error, changing nothing",
    async (_what, discount, withCustomer, status, code) => {
      const before = counts();
      const res = await post(sale(discount, withCustomer ? ana.id : null));
      expect(res.statusCode).toBe(status);
      const body = res.json() as { error: { code: string; message: string } };
      expect(body.error.code).toBe(code);
      expect(body.error.message).toMatch(/[a-záéíóúñ]{3}/i);
      expect(counts()).toEqual(before);
      expect((await points()).account.points).toBe(300);
    },
  );
});

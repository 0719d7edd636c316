import { newId } from "@mostrador/kernel/db/ids";
import { createTerminal } from "@mostrador/kernel/shop/terminals";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestCore, type TestCore } from "../appliance/test-core.js";
import { buildReport } from "../cash/reports.js";
import { commitSale } from "../pos/sale.js";
import { type SaleFixture, seedSaleFixture } from "../pos/test-fixtures.js";
import { issueCard } from "./issue.js";
import { cashOutCard, voidTopUp } from "./manage.js";
import { cardsReport } from "./reports.js";
import { setCardSettings } from "./settings.js";
import { topUpCard } from "./topup.js";

describe("prepaid cards on the X/Z report", () => {
  let core: TestCore;
  let f: SaleFixture;
  beforeEach(() => {
    core = openTestCore();
    f = seedSaleFixture(core, createTerminal(core, { code: 1, name: "Caja 1" }));
  });
  afterEach(() => core.close());

  it("shows top-ups by method, card sales and cash-outs apart from sales and IVA, and moves the expected cash", () => {
    setCardSettings(core, f.manager, { deposit: 20_000, depositRefundable: true, expiresAt: null });
    const before = buildReport(core, f.sessionId);
    const card = issueCard(core, f.cashier, {
      requestId: newId(),
      uid: "04A1B2C3",
      method: "cash",
      topup: 600_000,
    }).answer.card;
    topUpCard(core, f.cashier, card.id, { requestId: newId(), amount: 400_000, method: "credit" });
    const wrong = topUpCard(core, f.cashier, card.id, { requestId: newId(), amount: 50_000, method: "cash" })
      .answer.entry!;
    voidTopUp(core, f.manager, wrong.id, { requestId: newId(), reason: "Error" });
    commitSale(core, f.cashier, {
      id: newId(),
      lines: [{ productId: f.products.gaseosa.id, quantity: 2 }],
      payments: [
        { method: "card", amount: 300_000 },
        { method: "cash", amount: 200_000 },
      ],
      cardId: card.id,
    });
    cashOutCard(core, f.manager, card.id, { requestId: newId() });

    const z = buildReport(core, f.sessionId);
    expect(z.cards).toEqual({
      topups: {
        count: 3,
        total: 1_050_000,
        byMethod: [
          { method: "cash", count: 2, total: 650_000 },
          { method: "credit", count: 1, total: 400_000 },
        ],
      },
      voidedTopups: { count: 1, total: 50_000 },
      sales: { count: 1, total: 300_000 },
      cashouts: { count: 1, total: 700_000 },
      issued: { count: 1, deposits: 20_000 },
      depositsReturned: 20_000,
      // 600.000 + 50.000 − 50.000 − 700.000 in the ledger; deposit 20.000 in and back out.
      cash: -100_000,
    });
    // Top-ups are deposits, not sales: only the sale is in sales, IVA and byMethod.
    expect(z.salesCount).toBe(before.salesCount + 1);
    expect(z.grossSales - before.grossSales).toBe(500_000);
    expect(z.byMethod.find((m) => m.method === "card")).toEqual({
      method: "card",
      sales: 300_000,
      refunds: 0,
      net: 300_000,
    });
    expect(z.byIvaRate.reduce((s, r) => s + r.total, 0)).toBe(500_000);
    expect(z.expectedCash - before.expectedCash).toBe(200_000 - 100_000);
    // The cards report of the shift agrees with the Z report.
    const r = cardsReport(core, { sessionId: f.sessionId });
    expect(r.cashNet).toBe(z.cards!.cash);
    expect(r.charges.total).toBe(z.cards!.sales.total);
  });
});

import { describe, expect, it } from "vitest";
import type { Sale, SaleLine, SaleSummary } from "@mostrador/contracts/http/sales";
import { proposedRefunds, refundFor, returnableOf, returnState } from "./return-logic.js";

// A line as an appliance before returnedQuantity sent it: the count comes from the sale's returns.
const line = {
  id: "sl1",
  productId: "p1",
  description: "Yerba",
  unit: "each",
  quantity: 3,
  unitPrice: 1000,
  total: 2999,
  ivaRate: 2100,
} as unknown as SaleLine;
const sale = {
  lines: [line],
  returns: [{ id: "r1", total: 1000, lines: [{ saleLineId: "sl1", quantity: 1 }] }],
} as unknown as Sale;

describe("return arithmetic", () => {
  it("subtracts what earlier returns already took back", () => {
    expect(returnableOf(sale, line)).toBe(2);
    expect(returnableOf({ ...sale, returns: [] }, line)).toBe(3);
    expect(returnableOf(sale, { ...line, returnedQuantity: 3 })).toBe(0);
  });

  it("refunds the paid total pro rata, and exactly the line total for the whole line", () => {
    expect(refundFor(line, 1)).toBe(1000); // 2999 / 3 = 999.67 → 1000
    expect(refundFor(line, 3)).toBe(2999);
    expect(refundFor(line, 0)).toBe(0);
  });
});

describe("the refunds a return proposes, and the sales list's mark", () => {
  const paidDebitAndCash = {
    lines: [line],
    payments: [
      { method: "debit", amount: 500_000 },
      { method: "cash", amount: 300_000 },
    ],
    returns: [],
  } as unknown as Sale;

  it("proposes debit + cash in proportion for a sale paid debit + cash, not the first method alone", () => {
    expect(proposedRefunds(paidDebitAndCash, 80_000)).toEqual([
      { method: "debit", amount: 50_000 },
      { method: "cash", amount: 30_000 },
    ]);
  });

  it("leaves out what earlier returns already refunded to the card", () => {
    const after = {
      ...paidDebitAndCash,
      returns: [{ id: "r1", total: 500_000, refunds: [{ method: "debit", amount: 500_000 }] }],
    } as unknown as Sale;
    expect(proposedRefunds(after, 100_000)).toEqual([{ method: "cash", amount: 100_000 }]);
  });

  it("shows one empty row of the sale's method while nothing is chosen", () => {
    expect(proposedRefunds(paidDebitAndCash, 0)).toEqual([{ method: "debit", amount: 0 }]);
  });

  it("marks a sale partly or fully returned by what came back", () => {
    expect(returnState({ total: 1000, returnedTotal: 0 })).toBe("none");
    expect(returnState({ total: 1000 } as SaleSummary)).toBe("none");
    expect(returnState({ total: 1000, returnedTotal: 250 })).toBe("partial");
    expect(returnState({ total: 1000, returnedTotal: 1000 })).toBe("full");
  });
});

import { describe, expect, it } from "vitest";
import { canConfirm, changeOf, makePayment, remainingOf } from "./payment-logic.js";

const none = { amount: null, tendered: null, reference: "" };

describe("payment arithmetic", () => {
  it("gives change for cash tendered beyond the total", () => {
    const cash = makePayment("cash", 735000, { ...none, tendered: 1000000 });
    expect(cash).toEqual({ method: "cash", amount: 735000, tendered: 1000000 });
    if (cash === null || cash === "too_much") throw new Error("expected a payment");
    expect(changeOf([cash])).toBe(265000);
    expect(canConfirm(735000, [cash])).toBe(true);
  });

  it("takes the exact remaining amount when cash is entered without a figure", () => {
    expect(makePayment("cash", 1250, none)).toEqual({ method: "cash", amount: 1250, tendered: 1250 });
  });

  it("splits a mixed payment and only confirms when the sum matches", () => {
    const card = makePayment("debit", 10000, { amount: 6000, tendered: null, reference: " 1234 " });
    expect(card).toEqual({ method: "debit", amount: 6000, reference: "1234" });
    if (card === null || card === "too_much") throw new Error("expected a payment");
    expect(canConfirm(10000, [card])).toBe(false);
    expect(remainingOf(10000, [card])).toBe(4000);
    const cash = makePayment("cash", 4000, { ...none, tendered: 5000 });
    if (cash === null || cash === "too_much") throw new Error("expected a payment");
    expect(canConfirm(10000, [card, cash])).toBe(true);
    expect(changeOf([card, cash])).toBe(1000);
  });

  it("refuses a card payment larger than what remains and any payment when nothing is due", () => {
    expect(makePayment("credit", 5000, { ...none, amount: 5001 })).toBe("too_much");
    expect(makePayment("transfer", 0, { ...none, amount: 1 })).toBeNull();
    expect(makePayment("cash", 500, { ...none, tendered: 0 })).toBeNull();
    expect(canConfirm(5000, [])).toBe(false);
  });
});

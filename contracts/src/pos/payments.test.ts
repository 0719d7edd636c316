import { describe, expect, it } from "vitest";
import { refusal } from "../test-refusal.js";
import { formatMoney } from "../money.js";
import { checkPayments, type PaymentInput } from "./payments.js";

describe("payments against the total", () => {
  it("gives change when cash tendered exceeds the cash amount", () => {
    const r = checkPayments(123450, [{ method: "cash", amount: 123450, tendered: 150000 }]);
    expect(r.changeGiven).toBe(26550);
    expect(r.payments[0]).toEqual({
      method: "cash",
      amount: 123450,
      tendered: 150000,
      change: 26550,
      reference: null,
    });
  });

  it("accepts exact cash without a tendered figure", () => {
    const r = checkPayments(5000, [{ method: "cash", amount: 5000 }]);
    expect(r).toEqual({
      payments: [{ method: "cash", amount: 5000, tendered: null, change: 0, reference: null }],
      changeGiven: 0,
    });
  });

  it("accepts a card payment for the whole total with its reference", () => {
    const r = checkPayments(9999, [{ method: "debit", amount: 9999, reference: "  000123 " }]);
    expect(r.payments[0]).toMatchObject({ method: "debit", change: 0, reference: "000123" });
  });

  it("splits a ticket between card and cash, change only on the cash part", () => {
    const r = checkPayments(10000, [
      { method: "credit", amount: 6000 },
      { method: "cash", amount: 4000, tendered: 5000 },
    ]);
    expect(r.changeGiven).toBe(1000);
    expect(r.payments.map((p) => p.amount)).toEqual([6000, 4000]);
  });

  it("refuses payments that fall short, saying how much is missing in pesos", () => {
    const e = refusal(() => checkPayments(123450, [{ method: "transfer", amount: 100000 }]));
    expect(e.code).toBe("payments_mismatch");
    expect(e.message).toBe("Los pagos no cubren el total: faltan $ 234,50 de $ 1.234,50");
    expect(e.details).toMatchObject({ missing: 23450, over: 0 });
  });

  it("refuses cash amounts that add up to more than the total", () => {
    const e = refusal(() =>
      checkPayments(1000, [
        { method: "cash", amount: 800 },
        { method: "cash", amount: 300 },
      ]),
    );
    expect(e.code).toBe("payments_mismatch");
    expect(e.message).toContain("sobran $ 1,00");
  });

  it("refuses a card covering more than what remains: cards give no change", () => {
    const e = refusal(() =>
      checkPayments(10000, [
        { method: "cash", amount: 8000 },
        { method: "debit", amount: 5000 },
      ]),
    );
    expect(e.code).toBe("payment_exceeds_due");
    expect(e.message).toContain("$ 20,00");
  });

  it("refuses cash tendered below the cash amount", () => {
    expect(refusal(() => checkPayments(1000, [{ method: "cash", amount: 1000, tendered: 999 }])).code).toBe(
      "tendered_short",
    );
  });

  it("refuses a tendered figure on a card", () => {
    expect(
      refusal(() => checkPayments(1000, [{ method: "credit", amount: 1000, tendered: 2000 }])).code,
    ).toBe("tendered_not_cash");
  });

  it.each([0, -100, 1.5, Number.NaN, 1e13])("refuses a payment amount of %s", (amount) => {
    expect(refusal(() => checkPayments(1000, [{ method: "cash", amount }])).code).toBe(
      "invalid_payment_amount",
    );
  });

  it("refuses an unknown method", () => {
    const bad = { method: "bitcoin", amount: 1000 } as unknown as PaymentInput;
    expect(refusal(() => checkPayments(1000, [bad])).code).toBe("invalid_payment_method");
  });

  it("accepts no payments for a fully discounted ticket and refuses none for a ticket to pay", () => {
    expect(checkPayments(0, []).changeGiven).toBe(0);
    expect(refusal(() => checkPayments(1, [])).code).toBe("payments_mismatch");
  });
});

describe("formatPesos", () => {
  it("writes pesos the Argentine way", () => {
    expect(formatMoney(123450)).toBe("$ 1.234,50");
    expect(formatMoney(5)).toBe("$ 0,05");
    expect(formatMoney(1_000_000_000_000)).toBe("$ 10.000.000.000,00");
  });
});

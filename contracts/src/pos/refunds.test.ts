import { describe, expect, it } from "vitest";
import { refusal } from "../test-refusal.js";
import { checkRefunds, proposeRefunds, refundableByMethod } from "./refunds.js";

describe("the refund split the till proposes", () => {
  it("gives a sale paid debit + cash back by debit and cash in proportion, not all by the first method", () => {
    // $ 5.000 debit + $ 3.000 cash; half of it comes back.
    const refundable = refundableByMethod([
      { method: "debit", amount: 500_000 },
      { method: "cash", amount: 300_000 },
    ]);
    expect(proposeRefunds(400_000, refundable)).toEqual([
      { method: "debit", amount: 250_000 },
      { method: "cash", amount: 150_000 },
    ]);
  });

  it("splits to the centavo by largest remainder, cash last and the tie's centavo to the card", () => {
    // Cash paid first on the ticket but is proposed last; $ 0,03 over two equal halves: the card gets 2.
    const refundable = refundableByMethod([
      { method: "cash", amount: 1_000 },
      { method: "credit", amount: 1_000 },
    ]);
    expect(proposeRefunds(3, refundable)).toEqual([
      { method: "credit", amount: 2 },
      { method: "cash", amount: 1 },
    ]);
    // $ 100,00 over 1/3 transfer, 2/3 debit: 33,33 + 66,67.
    const thirds = refundableByMethod([
      { method: "transfer", amount: 10_000 },
      { method: "debit", amount: 20_000 },
    ]);
    const split = proposeRefunds(10_000, thirds);
    expect(split).toEqual([
      { method: "transfer", amount: 3_333 },
      { method: "debit", amount: 6_667 },
    ]);
    expect(split.reduce((s, r) => s + r.amount, 0)).toBe(10_000);
  });

  it("counts what a payment covered, not the cash tendered, and what earlier returns refunded", () => {
    const refundable = refundableByMethod(
      [
        { method: "debit", amount: 600_000 },
        { method: "cash", amount: 400_000 },
      ],
      [{ method: "debit", amount: 600_000 }],
    );
    expect(refundable).toEqual([
      { method: "debit", paid: 600_000, refunded: 600_000, left: 0 },
      { method: "cash", paid: 400_000, refunded: 0, left: 400_000 },
    ]);
    // The card already got all of its money back: the rest goes back in cash only.
    expect(proposeRefunds(100_000, refundable)).toEqual([{ method: "cash", amount: 100_000 }]);
  });

  it("never proposes more for a card than it can still give back; the rest goes to cash", () => {
    // Earlier a return of this card sale was refunded by transfer: more is asked than the card has left.
    const refundable = refundableByMethod(
      [{ method: "debit", amount: 1_000 }],
      [{ method: "debit", amount: 900 }],
    );
    expect(proposeRefunds(300, refundable)).toEqual([
      { method: "debit", amount: 100 },
      { method: "cash", amount: 200 },
    ]);
    expect(proposeRefunds(0, refundable)).toEqual([]);
  });

  it("proposes a split the server accepts: it adds up and respects the card caps", () => {
    const refundable = refundableByMethod([
      { method: "debit", amount: 123_457 },
      { method: "credit", amount: 98_765 },
      { method: "cash", amount: 11_111 },
    ]);
    for (const total of [1, 2, 3, 99, 100_001, 233_332, 233_333]) {
      const proposal = proposeRefunds(total, refundable);
      expect(checkRefunds(total, proposal, refundable).reduce((s, r) => s + r.amount, 0)).toBe(total);
    }
  });
});

describe("checking refunds against what each card paid", () => {
  const refundable = refundableByMethod(
    [
      { method: "debit", amount: 500_000 },
      { method: "cash", amount: 300_000 },
    ],
    [{ method: "debit", amount: 100_000 }],
  );

  it("refuses a debit refund past what the debit card paid minus earlier refunds, in pesos", () => {
    const e = refusal(() => checkRefunds(500_000, [{ method: "debit", amount: 500_000 }], refundable));
    expect(e.code).toBe("card_refund_exceeds_paid");
    expect(e.message).toBe(
      "Con débito se pagaron $ 5.000,00 y ya se reintegraron $ 1.000,00: se pueden reintegrar como máximo $ 4.000,00 por ese medio",
    );
    expect(e.details).toMatchObject({ method: "debit", asked: 500_000, left: 400_000 });
  });

  it("refuses a credit refund of a sale nobody paid by credit", () => {
    const e = refusal(() => checkRefunds(1_000, [{ method: "credit", amount: 1_000 }], refundable));
    expect(e.code).toBe("card_refund_exceeds_paid");
    expect(e.message).toContain("no se pagó con crédito");
  });

  it("sums two rows of the same card before comparing, and lets cash or transfer refund anything", () => {
    expect(
      refusal(() =>
        checkRefunds(
          400_001,
          [
            { method: "debit", amount: 200_000 },
            { method: "debit", amount: 200_001 },
          ],
          refundable,
        ),
      ).code,
    ).toBe("card_refund_exceeds_paid");
    expect(
      checkRefunds(
        800_000,
        [
          { method: "debit", amount: 400_000 },
          { method: "transfer", amount: 350_000 },
          { method: "cash", amount: 50_000 },
        ],
        refundable,
      ),
    ).toHaveLength(3);
  });
});

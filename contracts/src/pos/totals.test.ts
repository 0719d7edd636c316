import { describe, expect, it } from "vitest";
import { Refusal } from "../refusal.js";
import { MAX_AMOUNT } from "../money.js";
import { type CartLineInput, computeTotals, splitIva } from "./totals.js";

const each = (
  key: string,
  unitPrice: number,
  quantity = 1,
  ivaRate = 2100,
  extra: Partial<CartLineInput> = {},
): CartLineInput => ({
  key,
  unit: "each",
  quantity,
  unitPrice,
  ivaRate,
  ...extra,
});

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    if (e instanceof Refusal) return `${e.kind}:${e.code}`;
    throw e;
  }
  return "no error";
};

describe("IVA split of a price with IVA included", () => {
  it("splits $ 100,00 at 21 % into net 82,64 and IVA 17,36", () => {
    expect(splitIva(10000, 2100)).toEqual({ net: 8264, iva: 1736 });
    const t = computeTotals({ lines: [each("a", 10000)] });
    expect(t).toMatchObject({ total: 10000, netTotal: 8264, ivaTotal: 1736 });
    expect(t.ivaByRate).toEqual([{ rate: 2100, net: 8264, iva: 1736, total: 10000 }]);
  });

  it("splits $ 100,00 at 10,5 % into net 90,50 and IVA 9,50", () => {
    // 10000 / 1.105 = 9049.77 → 9050
    expect(splitIva(10000, 1050)).toEqual({ net: 9050, iva: 950 });
  });

  it("leaves an exempt line with no IVA at all", () => {
    const t = computeTotals({ lines: [each("a", 12345, 3, 0)] });
    expect(t.lines[0]).toMatchObject({ total: 37035, net: 37035, iva: 0 });
  });

  it("rounds the net half away from zero", () => {
    // 121 / 1.21 = 100 exactly; 1 / 1.21 = 0.826 → 1; 6 / 1.21 = 4.958 → 5
    expect(splitIva(121, 2100)).toEqual({ net: 100, iva: 21 });
    expect(splitIva(1, 2100)).toEqual({ net: 1, iva: 0 });
    expect(splitIva(6, 2100)).toEqual({ net: 5, iva: 1 });
    // 10050 / 1.105 = 9095.02 → 9095
    expect(splitIva(10050, 1050)).toEqual({ net: 9095, iva: 955 });
  });

  it("computes IVA per line and sums it by rate, highest rate first", () => {
    const t = computeTotals({
      lines: [each("a", 100), each("b", 100), each("c", 5000, 1, 1050), each("d", 700, 1, 0)],
    });
    // each $ 1,00 at 21 %: net 83 (82.64 → 83), iva 17 — per line, so the rate shows 166 / 34
    expect(t.ivaByRate).toEqual([
      { rate: 2100, net: 166, iva: 34, total: 200 },
      { rate: 1050, net: 4525, iva: 475, total: 5000 },
      { rate: 0, net: 700, iva: 0, total: 700 },
    ]);
    expect(t.netTotal + t.ivaTotal).toBe(t.total);
  });
});

describe("weighed items", () => {
  it("prices 750 g of a $ 12.000,00/kg cut at $ 9.000,00", () => {
    const t = computeTotals({
      lines: [{ key: "a", unit: "kg", quantity: 750, unitPrice: 1_200_000, ivaRate: 1050 }],
    });
    expect(t.lines[0]?.gross).toBe(900_000);
  });

  it("rounds price per kg × grams to the centavo, half away from zero", () => {
    // 333 g × $ 10,15/kg = 337.995 centavos → 338
    const t = computeTotals({
      lines: [{ key: "a", unit: "kg", quantity: 333, unitPrice: 1015, ivaRate: 2100 }],
    });
    expect(t.lines[0]?.gross).toBe(338);
    // 500 g × 1 centavo/kg = 0.5 → 1
    const h = computeTotals({
      lines: [{ key: "a", unit: "kg", quantity: 500, unitPrice: 1, ivaRate: 2100 }],
    });
    expect(h.lines[0]?.gross).toBe(1);
  });

  it("takes a price label's amount as the line gross", () => {
    const t = computeTotals({
      lines: [
        { key: "a", unit: "kg", quantity: 412, unitPrice: 1_200_000, ivaRate: 1050, labelTotal: 494_500 },
      ],
    });
    expect(t.lines[0]).toMatchObject({ gross: 494_500, total: 494_500 });
  });
});

describe("discounts", () => {
  it("applies a 10 % line discount in basis points", () => {
    const t = computeTotals({
      lines: [each("a", 1999, 3, 2100, { discount: { kind: "percent", value: 1000 } })],
    });
    // 5997 × 10 % = 599.7 → 600
    expect(t.lines[0]).toMatchObject({ gross: 5997, lineDiscount: 600, total: 5397 });
    expect(t.discountShareBp).toBe(1000);
  });

  it("applies an amount line discount and reports its share rounded up", () => {
    const t = computeTotals({
      lines: [each("a", 100_000, 1, 2100, { discount: { kind: "amount", value: 10_001 } })],
    });
    expect(t.lines[0]?.total).toBe(89_999);
    // 10001 / 100000 = 1000.1 bp → 1001: just above a 10 % limit, never rounded down to it
    expect(t.discountShareBp).toBe(1001);
  });

  it("refuses an amount discount larger than the line", () => {
    expect(
      codeOf(() =>
        computeTotals({ lines: [each("a", 100, 1, 2100, { discount: { kind: "amount", value: 101 } })] }),
      ),
    ).toBe("invalid:discount_exceeds_amount");
  });

  it("refuses a percent discount above 100 % or negative", () => {
    for (const value of [10001, -1, 1.5]) {
      expect(
        codeOf(() =>
          computeTotals({ lines: [each("a", 100, 1, 2100, { discount: { kind: "percent", value } })] }),
        ),
      ).toBe("invalid:invalid_discount");
    }
  });

  it("spreads a ticket discount over lines so the shares add up exactly", () => {
    const t = computeTotals({
      lines: [each("a", 1000), each("b", 1000), each("c", 1000)],
      ticketDiscount: { kind: "amount", value: 100 },
    });
    expect(t.lines.map((l) => l.ticketDiscountShare)).toEqual([34, 33, 33]);
    expect(t).toMatchObject({ ticketDiscountTotal: 100, total: 2900 });
  });

  it("bases a percent ticket discount on what is left after line discounts", () => {
    const t = computeTotals({
      lines: [
        each("a", 10000, 1, 2100, { discount: { kind: "amount", value: 2000 } }),
        each("b", 2000, 1, 1050),
      ],
      ticketDiscount: { kind: "percent", value: 500 },
    });
    // remaining 8000 + 2000 = 10000; 5 % = 500 split 400 / 100
    expect(t.lines.map((l) => l.ticketDiscountShare)).toEqual([400, 100]);
    expect(t).toMatchObject({
      subtotal: 12000,
      lineDiscountTotal: 2000,
      ticketDiscountTotal: 500,
      discountTotal: 2500,
      total: 9500,
    });
    expect(t.discountShareBp).toBe(2000);
  });

  it("refuses a ticket discount larger than the ticket", () => {
    expect(
      codeOf(() =>
        computeTotals({ lines: [each("a", 100)], ticketDiscount: { kind: "amount", value: 101 } }),
      ),
    ).toBe("invalid:discount_exceeds_amount");
  });

  it("allows a 100 % discount down to a zero total", () => {
    const t = computeTotals({ lines: [each("a", 999)], ticketDiscount: { kind: "percent", value: 10000 } });
    expect(t.lines[0]).toMatchObject({ total: 0, net: 0, iva: 0 });
    expect(t.total).toBe(0);
  });
});

describe("refusing absurd carts", () => {
  it.each([
    ["a negative quantity", each("a", 100, -1)],
    ["a zero quantity", each("a", 100, 0)],
    ["a fractional quantity", each("a", 100, 1.5)],
    ["more than 100.000 units", each("a", 100, 100_001)],
    [
      "more than a tonne",
      { key: "a", unit: "kg", quantity: 1_000_001, unitPrice: 100, ivaRate: 2100 } as CartLineInput,
    ],
  ])("refuses %s", (_, line) => {
    expect(codeOf(() => computeTotals({ lines: [line] }))).toBe("invalid:invalid_quantity");
  });

  it("refuses a negative or fractional price and an unknown IVA rate", () => {
    expect(codeOf(() => computeTotals({ lines: [each("a", -1)] }))).toBe("invalid:invalid_price");
    expect(codeOf(() => computeTotals({ lines: [each("a", 1.5)] }))).toBe("invalid:invalid_price");
    expect(codeOf(() => computeTotals({ lines: [each("a", 100, 1, 1900)] }))).toBe(
      "invalid:invalid_iva_rate",
    );
  });

  it("refuses a line or a ticket above the maximum amount", () => {
    expect(codeOf(() => computeTotals({ lines: [each("a", MAX_AMOUNT, 2)] }))).toBe(
      "invalid:amount_too_large",
    );
    expect(codeOf(() => computeTotals({ lines: [each("a", MAX_AMOUNT), each("b", 1)] }))).toBe(
      "invalid:amount_too_large",
    );
    expect(codeOf(() => computeTotals({ lines: [each("a", MAX_AMOUNT + 1)] }))).toBe("invalid:invalid_price");
  });

  it("accepts exactly the maximum amount", () => {
    expect(computeTotals({ lines: [each("a", MAX_AMOUNT)] }).total).toBe(MAX_AMOUNT);
  });
});

describe("invariants over many random carts", () => {
  // Deterministic pseudo-random generator (mulberry32) so a failure reproduces.
  function rng(seed: number) {
    let a = seed;
    return () => {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  it("keeps sum(lines) == totals and net + iva == total per rate for 2.000 carts", () => {
    const rand = rng(42);
    const int = (max: number) => Math.floor(rand() * (max + 1));
    const rates = [0, 1050, 2100];
    for (let cart = 0; cart < 2000; cart++) {
      const lines: CartLineInput[] = Array.from({ length: 1 + int(12) }, (_, i) => {
        const kg = rand() < 0.3;
        const line: CartLineInput = {
          key: String(i),
          unit: kg ? "kg" : "each",
          quantity: kg ? 1 + int(5000) : 1 + int(20),
          unitPrice: int(2_000_000),
          ivaRate: rates[int(2)] ?? 2100,
        };
        const r = rand();
        if (r < 0.2) line.discount = { kind: "percent", value: int(10000) };
        else if (r < 0.3) line.discount = { kind: "amount", value: 0 };
        return line;
      });
      const r = rand();
      const ticketDiscount =
        r < 0.3
          ? { kind: "percent" as const, value: int(3000) }
          : r < 0.4
            ? { kind: "amount" as const, value: int(500) }
            : null;
      let t: ReturnType<typeof computeTotals>;
      try {
        t = computeTotals({ lines, ticketDiscount });
      } catch (e) {
        // only a ticket amount discount above a tiny ticket may be refused
        expect((e as Refusal).code).toBe("discount_exceeds_amount");
        continue;
      }
      const sum = (f: (l: (typeof t.lines)[number]) => number) => t.lines.reduce((s, l) => s + f(l), 0);
      expect(sum((l) => l.gross)).toBe(t.subtotal);
      expect(sum((l) => l.lineDiscount)).toBe(t.lineDiscountTotal);
      expect(sum((l) => l.ticketDiscountShare)).toBe(t.ticketDiscountTotal);
      expect(sum((l) => l.total)).toBe(t.total);
      expect(t.subtotal - t.discountTotal).toBe(t.total);
      expect(t.netTotal + t.ivaTotal).toBe(t.total);
      for (const l of t.lines) {
        expect(l.total).toBeGreaterThanOrEqual(0);
        expect(l.ticketDiscountShare).toBeGreaterThanOrEqual(0);
        expect(l.net + l.iva).toBe(l.total);
      }
      for (const rate of t.ivaByRate) {
        expect(rate.net + rate.iva).toBe(rate.total);
        const ofRate = t.lines.filter((l) => l.ivaRate === rate.rate);
        expect(ofRate.reduce((s, l) => s + l.total, 0)).toBe(rate.total);
      }
      expect(t.ivaByRate.reduce((s, r) => s + r.total, 0)).toBe(t.total);
    }
  });
});

describe("points redeemed as a discount", () => {
  it("spreads it after the ticket discount, lowering each line's net and IVA, apart from the cashier's discounts", () => {
    const t = computeTotals({
      lines: [each("a", 100_00, 1, 2100), each("b", 50_00, 1, 1050)],
      ticketDiscount: { kind: "amount", value: 30_00 },
      pointsDiscount: 60_00,
    });
    expect(t.lines.map((l) => [l.ticketDiscountShare, l.pointsDiscountShare, l.total])).toEqual([
      [20_00, 40_00, 40_00],
      [10_00, 20_00, 20_00],
    ]);
    expect(t.lines.map((l) => l.net + l.iva)).toEqual([40_00, 20_00]);
    expect(t).toMatchObject({ total: 60_00, discountTotal: 30_00, pointsDiscountTotal: 60_00 });
    // The customer's points are not the cashier's discount: no manager limit applies to them.
    expect(t.discountShareBp).toBe(2000);
  });

  it("may take the ticket to zero but never beyond, nor be negative", () => {
    expect(computeTotals({ lines: [each("a", 100_00)], pointsDiscount: 100_00 }).total).toBe(0);
    expect(codeOf(() => computeTotals({ lines: [each("a", 100_00)], pointsDiscount: 100_01 }))).toBe(
      "invalid:points_discount_exceeds_total",
    );
    expect(codeOf(() => computeTotals({ lines: [each("a", 100_00)], pointsDiscount: -1 }))).toBe(
      "invalid:invalid_points_discount",
    );
  });
});

import { describe, expect, it } from "vitest";
import { allocate, divide, divRound, formatMoney, mulDiv } from "./money.js";

describe("money arithmetic, the one rounding rule of the till and the dashboard", () => {
  it("rounds half away from zero in BigInt, and splits a total by weights to the centavo", () => {
    expect(divRound(5n, 2n)).toBe(3n);
    expect(divRound(-5n, 2n)).toBe(-3n);
    expect(mulDiv(1_000_000_000_000, 1_250, 1_000)).toBe(1_250_000_000_000);
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocate(0, [])).toEqual([]);
  });

  it("rounds an average ticket half up to the centavo", () => {
    expect(divide(1000, 3)).toBe(333);
    expect(divide(1001, 2)).toBe(501);
    expect(divide(999, 2)).toBe(500);
    expect(divide(-1001, 2)).toBe(-501);
    expect(divide(0, 7)).toBe(0);
  });

  it("stays exact near the largest safe integer, where float division would not", () => {
    const big = Number.MAX_SAFE_INTEGER - 1; // even
    expect(divide(big, 2)).toBe(big / 2);
  });

  it("refuses a division by zero and non-integers instead of returning NaN", () => {
    expect(() => divide(10, 0)).toThrow(RangeError);
    expect(() => divide(1.5, 1)).toThrow(RangeError);
  });
});

describe("money in a server's Spanish sentence", () => {
  it("formats centavos as Argentine pesos without floating point", () => {
    expect(formatMoney(123_450)).toBe("$ 1.234,50");
    expect(formatMoney(5)).toBe("$ 0,05");
    expect(formatMoney(-15_000)).toBe("-$ 150,00");
    expect(formatMoney(1_000_000_000_000)).toBe("$ 10.000.000.000,00");
  });
});

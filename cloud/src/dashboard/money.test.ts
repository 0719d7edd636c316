import { describe, expect, it } from "vitest";
import { divRoundHalfUp } from "./money.js";

describe("average ticket arithmetic", () => {
  it("rounds an average ticket half up to the centavo", () => {
    expect(divRoundHalfUp(1000, 3)).toBe(333);
    expect(divRoundHalfUp(1001, 2)).toBe(501);
    expect(divRoundHalfUp(999, 2)).toBe(500);
    expect(divRoundHalfUp(-1001, 2)).toBe(-501);
    expect(divRoundHalfUp(0, 7)).toBe(0);
  });

  it("stays exact near the largest safe integer, where float division would not", () => {
    const big = Number.MAX_SAFE_INTEGER - 1; // even
    expect(divRoundHalfUp(big, 2)).toBe(big / 2);
  });

  it("refuses a division by zero and non-integers instead of returning NaN", () => {
    expect(() => divRoundHalfUp(10, 0)).toThrow(RangeError);
    expect(() => divRoundHalfUp(1.5, 1)).toThrow(RangeError);
  });
});

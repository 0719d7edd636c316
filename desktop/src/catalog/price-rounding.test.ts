import { describe, expect, it } from "vitest";
import { roundPrice } from "./price-rounding.js";

describe("price endings", () => {
  it("none keeps the centavo; peso, ten and hundred go to the nearest step, halves up", () => {
    expect(roundPrice(123_456.4, "none")).toBe(123_456);
    expect(roundPrice(123_449, "peso")).toBe(123_400);
    expect(roundPrice(123_450, "peso")).toBe(123_500);
    expect(roundPrice(123_456, "ten")).toBe(123_000);
    expect(roundPrice(123_500, "ten")).toBe(124_000);
    expect(roundPrice(124_999, "hundred")).toBe(120_000);
    expect(roundPrice(125_000, "hundred")).toBe(130_000);
  });

  it("end9 and end99 go up to the next whole price ending in 9 or 99 pesos, and keep one already there", () => {
    expect(roundPrice(123_450, "end9")).toBe(123_900); // $1.234,50 → $1.239
    expect(roundPrice(123_900, "end9")).toBe(123_900);
    expect(roundPrice(124_000, "end9")).toBe(124_900);
    expect(roundPrice(123_450, "end99")).toBe(129_900); // $1.234,50 → $1.299
    expect(roundPrice(129_901, "end99")).toBe(139_900);
    expect(roundPrice(5_000, "end99")).toBe(9_900);
  });

  it("never goes below zero, and a free item stays free", () => {
    expect(roundPrice(-50, "none")).toBe(0);
    expect(roundPrice(0, "end9")).toBe(0);
    expect(roundPrice(1, "end9")).toBe(900);
  });
});

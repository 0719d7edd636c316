import { describe, expect, it } from "vitest";
import { parseCountedQuantity } from "./count-quantity.js";

describe("counted quantity as typed", () => {
  it("takes whole units, and kilograms with a decimal comma as grams", () => {
    expect(parseCountedQuantity("12", "each")).toBe(12);
    expect(parseCountedQuantity("1.200", "each")).toBe(1200);
    expect(parseCountedQuantity("0", "each")).toBe(0);
    expect(parseCountedQuantity("1,25", "kg")).toBe(1250);
  });

  it("refuses negatives, fractions of a unit and text", () => {
    expect(parseCountedQuantity("-1", "each")).toBeNull();
    expect(parseCountedQuantity("1,5", "each")).toBeNull();
    expect(parseCountedQuantity("doce", "each")).toBeNull();
    expect(parseCountedQuantity("", "kg")).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import { parseChange } from "./bulk-form.js";

describe("bulk price change as typed", () => {
  it("reads percentages as basis points and pesos as centavos, with a decimal comma and a minus", () => {
    expect(parseChange("10")).toBe(1000);
    expect(parseChange("7,5 %")).toBe(750);
    expect(parseChange("-99,90")).toBe(-9990);
    expect(parseChange("$ 1.500")).toBe(150_000);
  });

  it("refuses zero, text and more than two decimals", () => {
    expect(parseChange("0")).toBeNull();
    expect(parseChange("diez")).toBeNull();
    expect(parseChange("1,234")).toBeNull();
  });
});

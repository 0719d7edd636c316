import { describe, expect, it } from "vitest";
import { formatMoney } from "./format.js";

describe("money formatting", () => {
  it("formats centavos as Argentine pesos without floating point", () => {
    expect(formatMoney(123_450)).toBe("$ 1.234,50");
    expect(formatMoney(5)).toBe("$ 0,05");
    expect(formatMoney(-15_000)).toBe("-$ 150,00");
    expect(formatMoney(1_000_000_000_000)).toBe("$ 10.000.000.000,00");
  });
});

import { describe, expect, it } from "vitest";
import { centavosToInput, parseKilograms, parsePercent, parsePesos, parseWhole } from "./parse-decimal.js";

const value = (text: string) => {
  const result = parsePesos(text);
  return result.ok ? result.value : result.reason;
};

describe("parsePesos", () => {
  it("reads es-AR thousands and decimal comma exactly", () => {
    expect(value("1.234,50")).toBe(123450);
    expect(value("12,5")).toBe(1250);
    expect(value("12")).toBe(1200);
    expect(value("1.234")).toBe(123400);
    expect(value("1.234.567,89")).toBe(123456789);
    expect(value("$ 7.350")).toBe(735000);
    expect(value(",50")).toBe(50);
    expect(value("0,01")).toBe(1);
  });

  it("keeps values that float math would get wrong", () => {
    // 0.29 * 100 is 28.999999999999996 in floating point.
    expect(value("0,29")).toBe(29);
    expect(value("1.005,35")).toBe(100535);
  });

  it("accepts a keypad dot as the decimal point when it cannot be a thousands separator", () => {
    expect(value("12.5")).toBe(1250);
    expect(value("12.50")).toBe(1250);
  });

  it("rejects text that is not a number", () => {
    expect(value("abc")).toBe("format");
    expect(value("12a")).toBe("format");
    expect(value("1.23,4")).toBe("format");
    expect(value("1,2,3")).toBe("format");
  });

  it("rejects three decimals", () => {
    expect(value("1,234")).toBe("decimals");
  });

  it("rejects empty, negative and absurdly large amounts", () => {
    expect(value("  ")).toBe("empty");
    expect(value("-5")).toBe("negative");
    expect(value("10.000.000.000,01")).toBe("too_large");
    expect(value("99999999999999999999")).toBe("too_large");
    expect(value("10.000.000.000")).toBe(1_000_000_000_000);
  });
});

describe("other typed quantities", () => {
  it("reads percentages as basis points up to 100 %", () => {
    expect(parsePercent("10")).toEqual({ ok: true, value: 1000 });
    expect(parsePercent("12,5")).toEqual({ ok: true, value: 1250 });
    expect(parsePercent("101")).toEqual({ ok: false, reason: "too_large" });
  });

  it("reads kilograms as grams and whole units without decimals", () => {
    expect(parseKilograms("1,25")).toEqual({ ok: true, value: 1250 });
    expect(parseKilograms("0,005")).toEqual({ ok: true, value: 5 });
    expect(parseWhole("3")).toEqual({ ok: true, value: 3 });
    expect(parseWhole("3,5")).toEqual({ ok: false, reason: "decimals" });
  });

  it("writes centavos back in a form that parses to the same value", () => {
    for (const c of [0, 5, 1250, 123450, 100000]) {
      const back = parsePesos(centavosToInput(c));
      expect(back).toEqual({ ok: true, value: c });
    }
    expect(centavosToInput(123405)).toBe("1234,05");
  });
});

import { describe, expect, it } from "vitest";
import { formatMeasure, parseMeasure } from "./measure.js";

describe("measurements", () => {
  it("reads a comma or a dot as the decimal mark, and a trailing unit", () => {
    expect(parseMeasure("4,5")).toEqual({ value: 4.5 });
    expect(parseMeasure("-18.25")).toEqual({ value: -18.25 });
    expect(parseMeasure("−50 °C", "°C")).toEqual({ value: -50 });
    expect(parseMeasure("45 %", "%")).toEqual({ value: 45 });
  });

  it("refuses what is not a plain number", () => {
    expect(parseMeasure("")).toEqual({ problem: "empty" });
    expect(parseMeasure("1.234,5")).toEqual({ problem: "format" });
    expect(parseMeasure("Infinity")).toEqual({ problem: "format" });
    expect(parseMeasure("5000000")).toEqual({ problem: "too_large" });
  });

  it("shows a value with its unit in the person's locale", () => {
    expect(formatMeasure(4.567, "°C", "es-AR")).toBe("4,57 °C");
    expect(formatMeasure(1250, "W", "en")).toBe("1,250 W");
    expect(formatMeasure(1, "", "es-AR")).toBe("1");
    expect(formatMeasure(null, "°C", "es-AR")).toBe("—");
  });
});

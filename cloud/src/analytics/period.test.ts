import { describe, expect, it } from "vitest";
import { analyticsPeriod, isoWeekday } from "./period.js";
import { wholeMonths } from "./sales-analytics.js";

describe("analytics periods", () => {
  it("compare with the period of equal length just before", () => {
    expect(analyticsPeriod("2026-03-01", "2026-03-31")).toEqual({
      from: "2026-03-01",
      to: "2026-03-31",
      days: 31,
      previousFrom: "2026-01-29",
      previousTo: "2026-02-28",
    });
  });

  it("read whole months from the monthly rows and only the days around them from the daily ones", () => {
    expect(wholeMonths("2026-01-01", "2026-12-31")).toEqual(["2026-01-01", "2027-01-01"]);
    expect(wholeMonths("2026-01-15", "2026-04-10")).toEqual(["2026-02-01", "2026-04-01"]);
    expect(wholeMonths("2026-02-03", "2026-02-27")).toEqual(["2026-02-03", "2026-02-03"]);
    expect(wholeMonths("2025-12-02", "2026-01-31")).toEqual(["2026-01-01", "2026-02-01"]);
  });

  it("number weekdays from Monday", () => {
    expect(isoWeekday("2026-03-02")).toBe(1);
    expect(isoWeekday("2026-03-08")).toBe(7);
  });
});

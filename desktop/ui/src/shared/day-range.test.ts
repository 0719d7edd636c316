import { describe, expect, it } from "vitest";
import { dayRangeQuery } from "./day-range.js";

describe("dayRangeQuery", () => {
  it("turns the shop's inclusive days into a UTC half-open range", () => {
    expect(dayRangeQuery("2026-12-01", "2026-12-06", "America/Argentina/Buenos_Aires")).toEqual({
      from: "2026-12-01T03:00:00.000Z",
      to: "2026-12-07T03:00:00.000Z",
    });
  });

  it("leaves an empty side open", () => {
    expect(dayRangeQuery("", "2026-12-06", "UTC")).toEqual({
      from: undefined,
      to: "2026-12-07T00:00:00.000Z",
    });
    expect(dayRangeQuery("", "", "UTC")).toEqual({ from: undefined, to: undefined });
  });
});

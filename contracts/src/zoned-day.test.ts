import { describe, expect, it } from "vitest";
import { dayKeyIn, dayStartUtc, isDayKey, nextDayKey, wallTimeUtc } from "./zoned-day.js";

describe("zoned days", () => {
  it("a Buenos Aires day starts at 03:00 UTC", () => {
    expect(dayStartUtc("2026-12-06", "America/Argentina/Buenos_Aires")).toBe("2026-12-06T03:00:00.000Z");
  });

  it("a Madrid day starts at 23:00 UTC the day before in winter and 22:00 in summer", () => {
    expect(dayStartUtc("2026-01-15", "Europe/Madrid")).toBe("2026-01-14T23:00:00.000Z");
    expect(dayStartUtc("2026-07-15", "Europe/Madrid")).toBe("2026-07-14T22:00:00.000Z");
  });

  it("names the shop's day of an instant, not the UTC one", () => {
    expect(dayKeyIn("2026-12-07T02:00:00.000Z", "America/Argentina/Buenos_Aires")).toBe("2026-12-06");
    expect(dayKeyIn("2026-12-07T03:00:00.000Z", "America/Argentina/Buenos_Aires")).toBe("2026-12-07");
  });

  it("walks to the next day across a month and refuses non-days", () => {
    expect(nextDayKey("2026-02-28")).toBe("2026-03-01");
    expect(isDayKey("2026-02-30")).toBe(false);
    expect(isDayKey("6/12/2026")).toBe(false);
    expect(() => dayStartUtc("2026-13-01", "UTC")).toThrow(RangeError);
  });

  it("turns the shop's wall-clock time into UTC, and refuses a time that is none", () => {
    expect(wallTimeUtc("2026-12-06", "23:30", "America/Argentina/Buenos_Aires")).toBe(
      "2026-12-07T02:30:00.000Z",
    );
    expect(wallTimeUtc("2026-07-15", "12:00", "Europe/Madrid")).toBe("2026-07-15T10:00:00.000Z");
    expect(() => wallTimeUtc("2026-12-06", "24:00", "UTC")).toThrow(RangeError);
    expect(() => wallTimeUtc("2026-02-30", "10:00", "UTC")).toThrow(RangeError);
  });
});

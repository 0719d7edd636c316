import { describe, expect, it } from "vitest";
import { addDays, daysOf, monthStart, todayIn, weekOf } from "./week.js";

describe("agenda weeks and days", () => {
  it("a week runs Monday to Sunday, across a month's end", () => {
    expect(weekOf("2026-03-04")).toEqual({ from: "2026-03-02", to: "2026-03-08" });
    expect(weekOf("2026-03-01")).toEqual({ from: "2026-02-23", to: "2026-03-01" });
    expect(weekOf("2026-03-02")).toEqual({ from: "2026-03-02", to: "2026-03-08" });
  });

  it("steps days and lists a range", () => {
    expect(addDays("2026-02-28", 1)).toBe("2026-03-01");
    expect(addDays("2026-03-01", -7)).toBe("2026-02-22");
    expect(daysOf("2026-02-27", "2026-03-01")).toEqual(["2026-02-27", "2026-02-28", "2026-03-01"]);
    expect(monthStart("2026-03-19")).toBe("2026-03-01");
  });

  it("today is the store's day, not the viewer's: 01:00 UTC is still yesterday in Buenos Aires", () => {
    expect(todayIn("America/Argentina/Buenos_Aires", new Date("2026-03-03T01:00:00Z"))).toBe("2026-03-02");
    expect(todayIn("UTC", new Date("2026-03-03T01:00:00Z"))).toBe("2026-03-03");
  });
});

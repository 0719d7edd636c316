import { describe, expect, it } from "vitest";
import { dayRange, previousPage, slotsByDay } from "./day-slots.js";

const BA = "America/Argentina/Buenos_Aires";

describe("the booking page's days", () => {
  it("asks for two weeks from the first day, across a month end", () => {
    expect(dayRange("2026-03-25")).toEqual({ from: "2026-03-25", to: "2026-04-07" });
    expect(dayRange("2026-03-25", 1)).toEqual({ from: "2026-03-25", to: "2026-03-25" });
  });

  it("goes back a page at a time, never before today", () => {
    expect(previousPage("2026-04-08", "2026-03-25")).toBe("2026-03-25");
    expect(previousPage("2026-04-22", "2026-03-25")).toBe("2026-04-08");
    expect(previousPage("2026-03-25", "2026-03-25")).toBe("2026-03-25");
  });

  it("groups slots by the shop's day (not UTC's) and keeps one per start time", () => {
    const slot = (start: string, professionalId: string) => ({ start, end: start, professionalId });
    const days = slotsByDay(
      [
        slot("2026-03-04T01:00:00.000Z", "b"), // 22:00 on the 3rd in Buenos Aires
        slot("2026-03-03T13:00:00.000Z", "b"),
        slot("2026-03-03T13:00:00.000Z", "a"),
        slot("2026-03-04T12:00:00.000Z", "a"),
      ],
      BA,
    );
    expect(days.map((d) => [d.day, d.slots.map((s) => s.start)])).toEqual([
      ["2026-03-03", ["2026-03-03T13:00:00.000Z", "2026-03-04T01:00:00.000Z"]],
      ["2026-03-04", ["2026-03-04T12:00:00.000Z"]],
    ]);
    expect(days[0]!.slots[0]!.professionalId).toBe("b");
  });
});

import { describe, expect, it } from "vitest";
import {
  addDays,
  countdown,
  firstAgenda,
  gridRows,
  hhmm,
  holdSecondsLeft,
  instantAt,
  localMinuteOf,
  minuteOf,
  weekOf,
} from "./calendar-logic.js";

describe("calendar logic", () => {
  it("gives the Monday-first week of a day, across a month end", () => {
    expect(weekOf("2026-12-02")).toEqual([
      "2026-11-30",
      "2026-12-01",
      "2026-12-02",
      "2026-12-03",
      "2026-12-04",
      "2026-12-05",
      "2026-12-06",
    ]);
    expect(weekOf("2026-12-06")[0]).toBe("2026-11-30"); // a Sunday belongs to the week before
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
  });

  it("round-trips a local wall time in a DST zone", () => {
    const iso = instantAt("2026-11-02", 540, "America/New_York");
    expect(iso).toBe("2026-11-02T14:00:00.000Z");
    expect(localMinuteOf(iso, "America/New_York")).toBe(540);
  });

  it("reads and writes times, refusing what is not one", () => {
    expect([minuteOf("9:30"), minuteOf("24:00"), minuteOf("25:00"), minuteOf("9.30")]).toEqual([
      570,
      1440,
      null,
      null,
    ]);
    expect(hhmm(570)).toBe("09:30");
  });

  it("spans the rows from the earliest to the latest working hour", () => {
    const rows = gridRows(
      [
        { weekday: 1, kind: "work", startMinute: 540, endMinute: 660 },
        { weekday: 2, kind: "work", startMinute: 600, endMinute: 720 },
      ],
      30,
    );
    expect(rows.map(hhmm)).toEqual(["09:00", "09:30", "10:00", "10:30", "11:00", "11:30"]);
    expect(gridRows([], 60).length).toBe(12);
  });
});

describe("a hold's countdown", () => {
  it("counts the seconds left up to the expiry, rounding up, never below zero", () => {
    const expires = "2026-11-23T13:05:00.000Z";
    expect(holdSecondsLeft(expires, Date.parse("2026-11-23T13:00:00.000Z"))).toBe(300);
    expect(holdSecondsLeft(expires, Date.parse("2026-11-23T13:04:59.500Z"))).toBe(1);
    expect(holdSecondsLeft(expires, Date.parse("2026-11-23T13:06:00.000Z"))).toBe(0);
    expect(holdSecondsLeft(null, 0)).toBe(0);
    expect([countdown(300), countdown(65), countdown(0)]).toEqual(["5:00", "1:05", "0:00"]);
  });
});

describe("the agenda shown first", () => {
  it("is the logged-in professional's own, else the first professional's", () => {
    const pros = [
      { id: "a", staffId: null },
      { id: "b", staffId: "s-b" },
    ];
    expect(firstAgenda(pros, "s-b")?.id).toBe("b");
    expect(firstAgenda(pros, "s-other")?.id).toBe("a");
    expect(firstAgenda(pros, null)?.id).toBe("a");
    expect(firstAgenda([], "s-b")).toBeUndefined();
  });
});

import { describe, expect, it } from "vitest";
import {
  addDays,
  bucketByLocalTime,
  isValidTimeZone,
  localDateKey,
  localHour,
  periodRange,
  startOfLocalDay,
  zoneOffsetMinutes,
} from "./periods.js";

const BA = "America/Argentina/Buenos_Aires";
const NY = "America/New_York"; // DST: 2026-03-08 02:00 → 03:00, 2026-11-01 02:00 → 01:00
const at = (iso: string) => new Date(iso);

describe("shop-local days and hours", () => {
  it("puts a sale at 01:30 UTC on the previous calendar day in Buenos Aires (UTC−3 all year)", () => {
    expect(localDateKey(at("2026-03-03T01:30:00Z"), BA)).toBe("2026-03-02");
    expect(localHour(at("2026-03-03T01:30:00Z"), BA)).toBe(22);
    expect(zoneOffsetMinutes(at("2026-01-15T12:00:00Z"), BA)).toBe(-180);
    expect(zoneOffsetMinutes(at("2026-07-15T12:00:00Z"), BA)).toBe(-180);
  });

  it("starts Buenos Aires's day at 03:00 UTC, winter and summer alike", () => {
    expect(startOfLocalDay("2026-03-08", BA).toISOString()).toBe("2026-03-08T03:00:00.000Z");
    expect(startOfLocalDay("2026-07-08", BA).toISOString()).toBe("2026-07-08T03:00:00.000Z");
  });

  it("follows New York's offset across its DST changes", () => {
    expect(startOfLocalDay("2026-03-07", NY).toISOString()).toBe("2026-03-07T05:00:00.000Z");
    expect(startOfLocalDay("2026-03-08", NY).toISOString()).toBe("2026-03-08T05:00:00.000Z");
    expect(startOfLocalDay("2026-03-09", NY).toISOString()).toBe("2026-03-09T04:00:00.000Z");
    expect(startOfLocalDay("2026-11-02", NY).toISOString()).toBe("2026-11-02T05:00:00.000Z");
    // 03:30 local on the spring-forward day is 07:30 UTC (EDT), the day before 08:30 UTC was 03:30 (EST).
    expect(localHour(at("2026-03-08T07:30:00Z"), NY)).toBe(3);
    expect(localHour(at("2026-03-07T08:30:00Z"), NY)).toBe(3);
  });

  it("finds the first instant of a day whose midnight a DST jump skipped", () => {
    // Santiago (Chile) springs forward at 24:00 → 01:00 on the first Sunday of September.
    const start = startOfLocalDay("2026-09-06", "America/Santiago");
    expect(localDateKey(start, "America/Santiago")).toBe("2026-09-06");
    expect(localHour(start, "America/Santiago")).toBe(1);
    expect(localDateKey(new Date(start.getTime() - 1), "America/Santiago")).toBe("2026-09-05");
  });

  it("adds calendar days across month and year ends", () => {
    expect(addDays("2026-02-28", 1)).toBe("2026-03-01");
    expect(addDays("2026-01-01", -1)).toBe("2025-12-31");
  });

  it("knows real zone names and refuses invented ones", () => {
    expect(isValidTimeZone(BA)).toBe(true);
    expect(isValidTimeZone("UTC")).toBe(true);
    expect(isValidTimeZone("Mars/Olympus_Mons")).toBe(false);
    expect(isValidTimeZone("")).toBe(false);
  });
});

describe("periods", () => {
  it("runs 'today' from the shop's midnight to the next, even when UTC already says tomorrow", () => {
    const now = at("2026-03-03T02:00:00Z"); // 23:00 on March 2nd in Buenos Aires
    const r = periodRange("today", now, BA);
    expect(r.days).toEqual(["2026-03-02"]);
    expect(r.from.toISOString()).toBe("2026-03-02T03:00:00.000Z");
    expect(r.to.toISOString()).toBe("2026-03-03T03:00:00.000Z");
  });

  it("covers 7 calendar days including today, and a 23-hour DST day in New York", () => {
    const r = periodRange("7d", at("2026-03-10T15:00:00Z"), NY);
    expect(r.days).toEqual([
      "2026-03-04",
      "2026-03-05",
      "2026-03-06",
      "2026-03-07",
      "2026-03-08",
      "2026-03-09",
      "2026-03-10",
    ]);
    expect(r.from.toISOString()).toBe("2026-03-04T05:00:00.000Z");
    // 7 local days, one of them 23 hours long (March 8th springs forward).
    expect(r.to.getTime() - r.from.getTime()).toBe((7 * 24 - 1) * 3600_000);
  });

  it("has 30 days in the 30-day period", () => {
    const r = periodRange("30d", at("2026-03-02T12:00:00Z"), BA);
    expect(r.days).toHaveLength(30);
    expect(r.days[0]).toBe("2026-02-01"); // February 2026 has 28 days
    expect(r.days.at(-1)).toBe("2026-03-02");
  });
});

describe("bucketing UTC slots by local time", () => {
  it("moves a late-evening sale to the right local hour and day, and keeps empty days", () => {
    const slots = [
      { slotStart: at("2026-03-03T01:15:00Z"), total: 1000, tickets: 1 }, // 22:15 on the 2nd in BA
      { slotStart: at("2026-03-02T13:00:00Z"), total: 2550, tickets: 2 }, // 10:00 on the 2nd
      { slotStart: at("2026-03-02T13:45:00Z"), total: 450, tickets: 1 }, // 10:45 on the 2nd
    ];
    const { byHour, byDay } = bucketByLocalTime(slots, ["2026-03-01", "2026-03-02"], BA);
    expect(byHour[22]).toEqual({ total: 1000, tickets: 1 });
    expect(byHour[10]).toEqual({ total: 3000, tickets: 3 });
    expect(byHour[1]).toEqual({ total: 0, tickets: 0 });
    expect(byHour.reduce((s, b) => s + b.total, 0)).toBe(4000);
    expect(byDay).toEqual([
      { date: "2026-03-01", total: 0, tickets: 0 },
      { date: "2026-03-02", total: 4000, tickets: 4 },
    ]);
  });

  it("buckets the same UTC slots differently in a DST zone", () => {
    const slots = [{ slotStart: at("2026-03-08T07:30:00Z"), total: 100, tickets: 1 }];
    expect(bucketByLocalTime(slots, ["2026-03-08"], NY).byHour[3]?.total).toBe(100);
    expect(bucketByLocalTime(slots, ["2026-03-08"], BA).byHour[4]?.total).toBe(100);
  });

  it("handles a zone with a half-hour offset (15-minute slots are fine enough)", () => {
    const slots = [{ slotStart: at("2026-03-02T18:45:00Z"), total: 700, tickets: 1 }]; // 00:15 on the 3rd in Kolkata
    const { byHour, byDay } = bucketByLocalTime(slots, ["2026-03-02", "2026-03-03"], "Asia/Kolkata");
    expect(byHour[0]?.total).toBe(700);
    expect(byDay[1]).toEqual({ date: "2026-03-03", total: 700, tickets: 1 });
  });
});

import { describe, expect, it } from "vitest";
import { type Clock, nowMs, systemClock } from "./context.js";
import { ManualClock } from "./test-context.js";

describe("clock in epoch milliseconds", () => {
  it("agrees with now() for the manual clock, the system clock and a clock that only has now()", () => {
    const manual = new ManualClock("2026-11-21T13:00:00.000Z");
    manual.advance(1_234);
    expect(nowMs(manual)).toBe(manual.now().getTime());
    expect(nowMs(manual)).toBe(Date.parse("2026-11-21T13:00:01.234Z"));

    const dateOnly: Clock = { now: () => new Date("2030-01-01T00:00:00.000Z") };
    expect(nowMs(dateOnly)).toBe(Date.parse("2030-01-01T00:00:00.000Z"));

    const before = Date.now();
    const system = nowMs(systemClock);
    expect(system).toBeGreaterThanOrEqual(before);
    expect(system).toBeLessThanOrEqual(Date.now());
  });
});

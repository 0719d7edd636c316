import { describe, expect, it } from "vitest";
import { SeriesClock } from "./series-clock.js";

describe("per-series receive stamps", () => {
  it("keeps real times that already differ", () => {
    const clock = new SeriesClock();
    expect([1000, 1005, 1200].map((at) => clock.stamp("d", "t", at))).toEqual([1000, 1005, 1200]);
  });

  it("moves a reading in the same millisecond (or earlier) 1 ms after its series' previous one", () => {
    const clock = new SeriesClock();
    expect([1000, 1000, 1000, 999, 1010].map((at) => clock.stamp("d", "t", at))).toEqual([
      1000, 1001, 1002, 1003, 1010,
    ]);
  });

  it("keeps series apart: other sensors and devices keep their own times", () => {
    const clock = new SeriesClock();
    clock.stamp("d", "t", 1000);
    expect(clock.stamp("d", "h", 1000)).toBe(1000);
    expect(clock.stamp("e", "t", 1000)).toBe(1000);
    expect(clock.stamp("d", "t", 1000)).toBe(1001);
  });
});

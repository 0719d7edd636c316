import { describe, expect, it } from "vitest";
import { SeriesIndex } from "./series.js";

describe("per-series receive stamps", () => {
  it("keeps real times that already differ", () => {
    const index = new SeriesIndex();
    const series = index.get("d", "t");
    expect([1000, 1005, 1200].map((at) => index.stamp(series, at))).toEqual([1000, 1005, 1200]);
  });

  it("moves a reading in the same millisecond (or earlier) 1 ms after its series' previous one", () => {
    const index = new SeriesIndex();
    const series = index.get("d", "t");
    expect([1000, 1000, 1000, 999, 1010].map((at) => index.stamp(series, at))).toEqual([
      1000, 1001, 1002, 1003, 1010,
    ]);
  });

  it("keeps series apart: other sensors and devices keep their own times", () => {
    const index = new SeriesIndex();
    index.stamp(index.get("d", "t"), 1000);
    expect(index.stamp(index.get("d", "h"), 1000)).toBe(1000);
    expect(index.stamp(index.get("e", "t"), 1000)).toBe(1000);
    expect(index.stamp(index.get("d", "t"), 1000)).toBe(1001);
  });

  it("hands out the same series object for a device and key, so its id is looked up once", () => {
    const index = new SeriesIndex();
    const first = index.get("d", "t");
    first.id = 7;
    expect(index.get("d", "t")).toBe(first);
    expect(index.get("d", "t").id).toBe(7);
    expect(index.get("d", "h")).not.toBe(first);
  });
});

import { describe, expect, it } from "vitest";
import { axisRoom, barLayout, linePoints, niceBounds, niceMax, ticks, yOf } from "./scale.js";

const area = { width: 440, height: 240, left: 40, bottom: 40, top: 0 };

describe("chart scaling", () => {
  it("rounds the axis up to a nice number", () => {
    expect(niceMax(0)).toBe(1);
    expect(niceMax(1)).toBe(1);
    expect(niceMax(7)).toBe(10);
    expect(niceMax(175_001)).toBe(200_000);
    expect(niceMax(2_100)).toBe(2_500);
    expect(niceMax(4_999)).toBe(5_000);
    expect(niceMax(100_000)).toBe(100_000);
  });

  it("leaves the value axis room for its widest label, at least the minimum", () => {
    expect(axisRoom(["0", "$ 50", "$ 100"])).toBe(70);
    // A day of millions in English: the label is wider than the default 70 units and must not be clipped.
    expect(axisRoom(["0", "ARS 5,000,000", "ARS 10,000,000"])).toBe(Math.ceil(14 * 7.5) + 10);
    expect(axisRoom([])).toBe(70);
  });

  it("spaces ticks evenly from zero to the top", () => {
    expect(ticks(200_000)).toEqual([0, 50_000, 100_000, 150_000, 200_000]);
  });

  it("places zero on the baseline and the top value at the top edge", () => {
    expect(yOf(0, 100, area)).toBe(200);
    expect(yOf(100, 100, area)).toBe(0);
    expect(yOf(50, 100, area)).toBe(100);
    expect(yOf(-5, 100, area)).toBe(200); // never below the baseline
  });

  it("lays out one bar per value, proportional heights, inside the plot", () => {
    const bars = barLayout([0, 50, 100, 25], 100, area);
    expect(bars.map((b) => b.height)).toEqual([0, 100, 200, 50]);
    expect(bars[0]?.x).toBeCloseTo(40 + 10);
    expect(bars[3]!.x + bars[3]!.width).toBeCloseTo(440 - 10);
    expect(bars.every((b) => b.y + b.height === 200)).toBe(true);
  });

  it("puts line points at the centre of each slot", () => {
    expect(linePoints([0, 100], 100, area)).toEqual([
      { x: 140, y: 200 },
      { x: 340, y: 0 },
    ]);
    expect(barLayout([], 1, area)).toEqual([]);
  });
});

describe("niceBounds", () => {
  it("spans negative readings on round steps and gives a flat series some height", () => {
    expect(niceBounds(-18.4, 4.2)).toEqual({ bottom: -20, top: 10, ticks: [-20, -10, 0, 10] });
    expect(niceBounds(-2, 8)).toEqual({ bottom: -2.5, top: 10, ticks: [-2.5, 0, 2.5, 5, 7.5, 10] });
    expect(niceBounds(3, 3).top).toBeGreaterThan(niceBounds(3, 3).bottom);
  });
});

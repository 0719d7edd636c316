import { describe, expect, it } from "vitest";
import { binaryBands, scaleSeries } from "./chart-scale.js";

const box = { width: 200, height: 60, pad: 4 };

describe("chart scaling", () => {
  it("draws nothing for an empty series, without NaN", () => {
    expect(scaleSeries([], box)).toEqual({ path: "", min: null, max: null, last: null });
  });

  it("puts a flat series in the middle instead of dividing by zero", () => {
    const g = scaleSeries(
      [
        { at: 0, value: 4 },
        { at: 60_000, value: 4 },
      ],
      box,
    );
    expect(g.path).not.toContain("NaN");
    expect(g.path).toBe("M4 30 L196 30");
    expect(g.min).toBeLessThan(4);
    expect(g.max).toBeGreaterThan(4);
  });

  it("centres a single point and handles a flat zero", () => {
    const g = scaleSeries([{ at: 5, value: 0 }], box);
    expect(g.path).toBe("M100 30");
    expect(g.last).toEqual({ x: 100, y: 30 });
  });

  it("maps the lowest value to the bottom and the highest to the top, time across the window", () => {
    const g = scaleSeries(
      [
        { at: 1_000, value: -20 },
        { at: 2_000, value: 10 },
      ],
      box,
      { from: 0, to: 4_000 },
    );
    // x: 4 + 1/4·192 = 52 and 4 + 2/4·192 = 100; y: bottom = 56, top = 4.
    expect(g.path).toBe("M52 56 L100 4");
    expect([g.min, g.max]).toEqual([-20, 10]);
  });

  it("breaks the line across a gap and skips non-finite values", () => {
    const g = scaleSeries(
      [
        { at: 0, value: 1 },
        { at: 60_000, value: Number.NaN },
        { at: 60_000, value: 2 },
        { at: 600_000, value: 3 },
      ],
      box,
      undefined,
      120_000,
    );
    expect(g.path.match(/M/g)).toHaveLength(2);
    expect(g.path).not.toContain("NaN");
  });
});

describe("a door's chart: open/closed bands, never a decimal axis", () => {
  // 0..100 s across 192 px (pad 4): 1.92 px per second.
  const window = { from: 0, to: 100_000 };

  it("fills where the door was open and draws a line where it was closed, each state held to the next point", () => {
    const g = binaryBands(
      [
        { at: 0, value: 0 },
        { at: 25_000, value: 1 },
        { at: 50_000, value: 0 },
        { at: 75_000, value: 1 },
      ],
      box,
      window,
    );
    expect(g.on).toEqual([
      { x: 52, width: 48 },
      { x: 148, width: 48 }, // the last state holds to the window's end
    ]);
    expect(g.known).toEqual([{ x: 4, width: 192 }]);
    expect(g.last).toBe(true);
  });

  it("treats a minute rollup's max as open (a minute with any opening), never its 0,36 average", () => {
    const g = binaryBands(
      [
        { at: 0, value: 0 },
        { at: 60_000, value: 1 }, // max of a minute whose average was 0.36
      ],
      box,
      { from: 0, to: 120_000 },
    );
    expect(g.on).toEqual([{ x: 100, width: 96 }]);
  });

  it("leaves time without readings blank (the device was offline), and is empty without points", () => {
    const g = binaryBands(
      [
        { at: 0, value: 1 },
        { at: 80_000, value: 0 },
      ],
      box,
      window,
      10_000,
    );
    expect(g.on).toEqual([{ x: 4, width: 19.2 }]);
    expect(g.known).toEqual([
      { x: 4, width: 19.2 },
      { x: 157.6, width: 19.2 },
    ]);
    expect(binaryBands([], box, window)).toEqual({ on: [], known: [], last: null });
  });

  it("keeps a few seconds open in a day visible as at least a pixel", () => {
    const day = { from: 0, to: 86_400_000 };
    const g = binaryBands(
      [
        { at: 3_600_000, value: 1 },
        { at: 3_605_000, value: 0 },
      ],
      box,
      day,
    );
    expect(g.on[0]?.width).toBe(1);
  });
});

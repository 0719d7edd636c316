import { describe, expect, it } from "vitest";
import { scaleSeries } from "./chart-scale.js";

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

import { describe, expect, it } from "vitest";
import { ReceiveStamps, stampMs } from "./receive-stamps.js";

describe("receive stamps", () => {
  it("keeps real milliseconds, in microseconds, when readings arrive in different milliseconds", () => {
    const stamps = new ReceiveStamps();
    expect([1000, 1005, 1200].map((ms) => stamps.stamp(ms))).toEqual([1_000_000, 1_005_000, 1_200_000]);
  });

  it("gives readings of the same millisecond distinct stamps that still fall in that millisecond", () => {
    const stamps = new ReceiveStamps();
    const burst = [1000, 1000, 1000].map((ms) => stamps.stamp(ms));
    expect(burst).toEqual([1_000_000, 1_000_001, 1_000_002]);
    expect(burst.map(stampMs)).toEqual([1000, 1000, 1000]);
  });

  it("never goes back when the clock does: stamps keep increasing until it catches up", () => {
    const stamps = new ReceiveStamps();
    expect([1000, 999, 1000, 1001].map((ms) => stamps.stamp(ms))).toEqual([
      1_000_000, 1_000_001, 1_000_002, 1_001_000,
    ]);
  });
});

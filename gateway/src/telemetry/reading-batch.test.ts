import { describe, expect, it } from "vitest";
import { coarsen, ReadingBatch, type RollupBucket, rollUp } from "./reading-batch.js";
import { SeriesIndex } from "./series.js";

const T0 = Date.parse("2026-11-21T13:00:00.000Z");
const MINUTE = 60_000;
const HOUR = 3_600_000;

const index = new SeriesIndex();

function batchOf(rows: [string, string, number, number][]): ReadingBatch {
  const batch = new ReadingBatch();
  for (const [deviceId, key, value, at] of rows) batch.push(index.get(deviceId, key), value, at * 1000);
  return batch;
}

/** Buckets with their series spelled out as device and key, for comparing with literals. */
const named = (buckets: RollupBucket[]) =>
  buckets.map(({ series, ...b }) => ({ deviceId: series.deviceId, key: series.key, ...b }));

describe("reading batch rollups", () => {
  it("folds readings into one bucket per device, key and minute with min, max, sum and count", () => {
    const buckets = named(
      rollUp(
        batchOf([
          ["a", "t", 4, T0 + 1_000],
          ["a", "t", 6, T0 + 59_999],
          ["a", "t", 10, T0 + MINUTE],
          ["a", "h", 50, T0 + 2_000],
          ["b", "t", -3, T0 + 3_000],
          ["a", "t", 2, T0 + 30_000],
        ]),
        MINUTE,
      ),
    );
    expect(buckets).toEqual([
      { deviceId: "a", key: "t", start: T0, min: 2, max: 6, sum: 12, count: 3 },
      { deviceId: "a", key: "t", start: T0 + MINUTE, min: 10, max: 10, sum: 10, count: 1 },
      { deviceId: "a", key: "h", start: T0, min: 50, max: 50, sum: 50, count: 1 },
      { deviceId: "b", key: "t", start: T0, min: -3, max: -3, sum: -3, count: 1 },
    ]);
  });

  it("floors times before 1970 down to their bucket, not towards zero", () => {
    const [bucket] = rollUp(batchOf([["a", "t", 1, -1]]), MINUTE);
    expect(bucket?.start).toBe(-MINUTE);
  });

  it("merges minute buckets into hour buckets exactly", () => {
    const minutes = rollUp(
      batchOf([
        ["a", "t", 4, T0],
        ["a", "t", 8, T0 + 5 * MINUTE],
        ["a", "t", 1, T0 + 59 * MINUTE],
        ["a", "t", 7, T0 + HOUR],
      ]),
      MINUTE,
    );
    expect(named(coarsen(minutes, HOUR))).toEqual([
      { deviceId: "a", key: "t", start: T0, min: 1, max: 8, sum: 13, count: 3 },
      { deviceId: "a", key: "t", start: T0 + HOUR, min: 7, max: 7, sum: 7, count: 1 },
    ]);
    // The minute buckets it read from are left as they were.
    expect(minutes.map((m) => m.start)).toEqual([T0, T0 + 5 * MINUTE, T0 + 59 * MINUTE, T0 + HOUR]);
  });

  it("is reused after clear() without the old readings leaking into the next batch", () => {
    const batch = batchOf([
      ["a", "t", 1, T0],
      ["a", "t", 2, T0 + 1],
      ["a", "t", 3, T0 + 2],
    ]);
    batch.clear();
    batch.push(index.get("b", "t"), 9, T0 * 1000);
    expect(batch.length).toBe(1);
    expect(named(rollUp(batch, MINUTE))).toEqual([
      { deviceId: "b", key: "t", start: T0, min: 9, max: 9, sum: 9, count: 1 },
    ]);
  });
});

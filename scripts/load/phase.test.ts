import { describe, expect, it } from "vitest";
import type { IngestOp } from "@mostrador/contracts/sync/ingest-batch";
import { batchesOf } from "./phase.js";

const day = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `op-${i}`, seq: i + 1 }) as IngestOp);

describe("a drainer's day split into ticks", () => {
  it("sends every op once, in order, one batch per tick when the day has more ops than ticks", () => {
    const batches = batchesOf(day(10), 4);
    expect(batches.map((b) => b.tick)).toEqual([0, 1, 2, 3]);
    expect(batches.flatMap((b) => b.ops.map((o) => o.seq))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it("keeps each batch at its own tick when the day has fewer ops than ticks, so it is not sent faster than its pace", () => {
    const batches = batchesOf(day(3), 12);
    expect(batches.map((b) => b.ops.length)).toEqual([1, 1, 1]);
    // Spread over the whole day, not packed into its first three ticks.
    expect(batches.map((b) => b.tick)).toEqual([3, 7, 11]);
  });
});

import { describe, expect, it } from "vitest";
import { handleContinues, type CurrentHandle } from "./shape-log.js";

const digest = "0123456789abcdef";
// Trimmed twice (generation 3, older ones resumable from 1), the last time through lsn 500.
const current: CurrentHandle = {
  handle: `${digest}-3`,
  compactedThrough: 500,
  digest,
  generation: 3,
  resumableFrom: 1,
};

describe("which handle and offset may go on after a trim or a compaction", () => {
  it("lets a caught-up till go on with the current or an older resumable generation", () => {
    expect(handleContinues(current, `${digest}-3`, 500)).toBe(true);
    expect(handleContinues(current, `${digest}-1`, 812)).toBe(true);
  });

  it("sends a till behind the trimmed point back to the snapshot", () => {
    expect(handleContinues(current, `${digest}-3`, 499)).toBe(false);
    expect(handleContinues(current, `${digest}-2`, 0)).toBe(false);
  });

  it("refuses a generation from before a compaction, a future one, another shape's and a malformed handle", () => {
    expect(handleContinues({ ...current, resumableFrom: 3 }, `${digest}-2`, 900)).toBe(false);
    expect(handleContinues(current, `${digest}-4`, 900)).toBe(false);
    expect(handleContinues(current, `fedcba9876543210-3`, 900)).toBe(false);
    expect(handleContinues(current, `${digest}-x`, 900)).toBe(false);
    expect(handleContinues(current, undefined, 900)).toBe(false);
  });
});

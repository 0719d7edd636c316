import { describe, expect, it } from "vitest";
import { SeriesIndex } from "./series.js";

describe("series index", () => {
  it("hands out the same series object for a device and key, so its id is looked up once", () => {
    const index = new SeriesIndex();
    const first = index.get("d", "t");
    first.id = 7;
    expect(index.get("d", "t")).toBe(first);
    expect(index.get("d", "t").id).toBe(7);
    expect(index.get("d", "h")).not.toBe(first);
    expect(index.get("e", "t")).not.toBe(first);
  });
});

import { describe, expect, it } from "vitest";
import { wallTimeToInstant } from "./moment.js";

describe("the moment the liability is read at", () => {
  it("reads the wall clock in the store's zone, whatever the browser's", () => {
    expect(wallTimeToInstant("2026-03-01T23:05", "America/Argentina/Buenos_Aires")).toBe(
      "2026-03-02T02:05:00.000Z",
    );
    expect(wallTimeToInstant("2026-03-01T00:00", "UTC")).toBe("2026-03-01T00:00:00.000Z");
  });

  it("is null for a value that is not a moment", () => {
    for (const bad of ["", "2026-02-30T10:00", "2026-03-01T24:00", "2026-03-01 10:00", "ayer"])
      expect(wallTimeToInstant(bad, "UTC")).toBeNull();
  });
});

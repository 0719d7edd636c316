import { describe, expect, it } from "vitest";
import { defaultFilters, readFilters, writeFilters } from "./analytics-url.js";

describe("the Análisis filters in the URL", () => {
  it("round-trip through the fragment", () => {
    const f = { from: "2026-02-01", to: "2026-02-28", storeId: "s1", categoryId: "c1", productId: "p 1" };
    expect(readFilters(writeFilters(f), "2026-03-01")).toEqual(f);
  });

  it("fall back to the last 30 days for a missing or malformed date, and to none for other screens", () => {
    expect(defaultFilters("2026-03-01")).toMatchObject({ from: "2026-01-31", to: "2026-03-01" });
    expect(readFilters("#analisis?from=ayer&store=s1", "2026-03-01")).toEqual({
      ...defaultFilters("2026-03-01"),
      storeId: "s1",
    });
    expect(readFilters("#webhooks", "2026-03-01")).toEqual(defaultFilters("2026-03-01"));
  });
});

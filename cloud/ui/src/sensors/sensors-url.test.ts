import { describe, expect, it } from "vitest";
import { readSensorFilters, writeSensorFilters } from "./sensors-url.js";

describe("the Sensores screen's URL", () => {
  it("round-trips store and range, and falls back to 24 h for what it does not know", () => {
    const f = { storeId: "0190c4b2-0000-7000-8000-000000000001", range: "7d" as const };
    expect(readSensorFilters(writeSensorFilters(f))).toEqual(f);
    expect(readSensorFilters("#sensores?range=1y")).toEqual({ storeId: null, range: "24h" });
    expect(readSensorFilters("#analisis?store=x")).toEqual({ storeId: null, range: "24h" });
  });
});

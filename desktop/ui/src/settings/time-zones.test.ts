import { describe, expect, it } from "vitest";
import { timeZoneOptions } from "./time-zones.js";

describe("time zone options", () => {
  it("lists Argentina's zones first, Buenos Aires among them", () => {
    const { argentina, others } = timeZoneOptions("America/Argentina/Buenos_Aires");
    expect(argentina).toContain("America/Argentina/Buenos_Aires");
    expect(argentina.every((z) => z.startsWith("America/Argentina/"))).toBe(true);
    expect(others).toContain("Europe/Madrid");
    expect(others.some((z) => z.startsWith("America/Argentina/"))).toBe(false);
  });

  it("keeps the stored zone selectable even when the runtime does not list it", () => {
    expect(timeZoneOptions("Etc/Unlisted").others).toContain("Etc/Unlisted");
  });

  it("offers only zones the runtime can format dates in", () => {
    const { argentina, others } = timeZoneOptions("America/Argentina/Buenos_Aires");
    for (const zone of [...argentina, ...others.slice(0, 50)])
      expect(() => new Intl.DateTimeFormat("es-AR", { timeZone: zone })).not.toThrow();
  });
});

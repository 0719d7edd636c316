import { describe, expect, it } from "vitest";
import { isoOfPgTime } from "./pg-time.js";

describe("timestamps as the shapes send them", () => {
  it("reads Postgres' text (Electric) and the embedded server's alike", () => {
    expect(isoOfPgTime("2026-12-07 04:00:00+00")).toBe("2026-12-07T04:00:00.000Z");
    expect(isoOfPgTime("2026-12-07 01:00:00.25-03")).toBe("2026-12-07T04:00:00.250Z");
    expect(isoOfPgTime("2026-12-07 04:00:00+05:30")).toBe("2026-12-06T22:30:00.000Z");
    expect(isoOfPgTime("2026-12-07 04:00:00.000Z")).toBe("2026-12-07T04:00:00.000Z");
  });

  it("refuses what is not a time", () => {
    expect(() => isoOfPgTime("mañana")).toThrow("fecha inválida: mañana");
  });
});

import { describe, expect, it } from "vitest";
import { applianceState } from "./appliance-status.js";

const base = { id: "x", name: "Caja", createdAt: "", backlog: 0, parked: null, lastSyncAt: null };
const now = new Date("2026-03-02T12:00:00Z").getTime();

describe("appliance sync state", () => {
  it("is online when seen in the last five minutes, offline after or when never seen", () => {
    expect(applianceState({ ...base, lastSeenAt: "2026-03-02T11:56:00Z", revokedAt: null }, now)).toBe(
      "online",
    );
    expect(applianceState({ ...base, lastSeenAt: "2026-03-02T11:54:59Z", revokedAt: null }, now)).toBe(
      "offline",
    );
    expect(applianceState({ ...base, lastSeenAt: null, revokedAt: null }, now)).toBe("offline");
  });

  it("is revoked once revoked, however recently it was seen", () => {
    expect(
      applianceState({ ...base, lastSeenAt: "2026-03-02T11:59:00Z", revokedAt: "2026-03-02T11:59:30Z" }, now),
    ).toBe("revoked");
  });
});

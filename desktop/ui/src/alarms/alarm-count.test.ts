import { describe, expect, it } from "vitest";
import { badgeState, sortOpenAlarms } from "./alarm-count.js";

describe("alarm badge", () => {
  it("counts only alarms nobody acknowledged yet", () => {
    expect(
      badgeState([
        { status: "active", severity: 2 },
        { status: "acknowledged", severity: 4 },
        { status: "cleared", severity: 4 },
        { status: "active", severity: 3 },
      ]),
    ).toEqual({ count: 2, critical: false });
  });

  it("keeps counting an alarm whose condition cleared before anybody acknowledged it (latched)", () => {
    const open = [
      { status: "cleared_unacknowledged", severity: 2 },
      { status: "acknowledged", severity: 3 },
    ] as const;
    expect(badgeState(open)).toEqual({ count: 1, critical: false });
    expect(badgeState([{ status: "cleared_unacknowledged", severity: 4 }])).toEqual({
      count: 1,
      critical: true,
    });
    expect(
      sortOpenAlarms([
        { id: "ack", status: "acknowledged", severity: 4, raisedAt: "2025-01-01T10:00:00Z" },
        { id: "latched", status: "cleared_unacknowledged", severity: 2, raisedAt: "2025-01-01T09:00:00Z" },
      ] as const).map((a) => a.id),
    ).toEqual(["latched", "ack"]);
  });

  it("pulses for an unacknowledged critical alarm and is empty with none", () => {
    expect(badgeState([{ status: "active", severity: 4 }])).toEqual({ count: 1, critical: true });
    expect(badgeState([])).toEqual({ count: 0, critical: false });
  });

  it("orders the feed: unacknowledged first, then severity, then newest", () => {
    const sorted = sortOpenAlarms([
      { id: "a", status: "acknowledged", severity: 4, raisedAt: "2025-01-01T10:00:00Z" },
      { id: "b", status: "active", severity: 2, raisedAt: "2025-01-01T09:00:00Z" },
      { id: "c", status: "active", severity: 2, raisedAt: "2025-01-01T11:00:00Z" },
      { id: "d", status: "active", severity: 3, raisedAt: "2025-01-01T08:00:00Z" },
    ] as const);
    expect(sorted.map((a) => a.id)).toEqual(["d", "c", "b", "a"]);
  });
});

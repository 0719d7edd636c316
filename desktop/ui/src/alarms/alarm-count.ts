import type { Alarm } from "../api/iot-types.js";

/** Severity 4 is "critical" (gateway/src/alarms/alarms.ts): it makes the nav badge pulse. */
export const CRITICAL = 4;

export interface BadgeState {
  /** Open alarms nobody has acknowledged yet. */
  count: number;
  /** At least one of them is critical. */
  critical: boolean;
}

/** What the nav badge shows: acknowledged alarms are open but someone is on them, so they do not count. */
export function badgeState(alarms: readonly Pick<Alarm, "status" | "severity">[]): BadgeState {
  const waiting = alarms.filter((a) => a.status === "active");
  return { count: waiting.length, critical: waiting.some((a) => a.severity >= CRITICAL) };
}

/** Unacknowledged before acknowledged, then most severe, then newest: the feed's order. */
export function sortOpenAlarms<T extends Pick<Alarm, "status" | "severity" | "raisedAt">>(
  alarms: readonly T[],
): T[] {
  return [...alarms].sort(
    (a, b) =>
      Number(b.status === "active") - Number(a.status === "active") ||
      b.severity - a.severity ||
      b.raisedAt.localeCompare(a.raisedAt),
  );
}

import { CRITICAL_SEVERITY, isUnacknowledged } from "@mostrador/contracts/alarms";
import type { Alarm } from "@mostrador/contracts/http/alarms";

/** Severity 4 is "crítica" (contracts/src/alarms.ts): it makes the nav badge pulse. */
export const CRITICAL = CRITICAL_SEVERITY;

export interface BadgeState {
  /** Open alarms nobody has acknowledged yet, also those whose condition already cleared (latched). */
  count: number;
  /** At least one of them is critical. */
  critical: boolean;
}

/**
 * What the nav badge shows: alarms waiting for a person. An acknowledged alarm is open but someone is on
 * it, so it does not count; one that cleared by itself before anybody saw it still does (it latches), so
 * the badge does not come and go with the door.
 */
export function badgeState(alarms: readonly Pick<Alarm, "status" | "severity">[]): BadgeState {
  const waiting = alarms.filter((a) => isUnacknowledged(a.status));
  return { count: waiting.length, critical: waiting.some((a) => a.severity >= CRITICAL) };
}

/** Unacknowledged before acknowledged, then most severe, then newest: the feed's order. */
export function sortOpenAlarms<T extends Pick<Alarm, "status" | "severity" | "raisedAt">>(
  alarms: readonly T[],
): T[] {
  return [...alarms].sort(
    (a, b) =>
      Number(isUnacknowledged(b.status)) - Number(isUnacknowledged(a.status)) ||
      b.severity - a.severity ||
      b.raisedAt.localeCompare(a.raisedAt),
  );
}

import type { Db } from "../db/open.js";
import { stmt } from "../db/statements.js";

/** A clock that only goes forward while this process runs (process.hrtime): the PC's clock cannot move it. */
export interface Monotonic {
  nowMs(): number;
}

export const processMonotonic: Monotonic = { nowMs: () => Number(process.hrtime.bigint() / 1_000_000n) };

interface Tracker {
  source: Monotonic;
  /** The monotonic reading already counted into entitlements_uptime. */
  counted: number;
}

const trackers = new WeakMap<Db, Tracker>();

/** Tests inject a monotonic source they move by hand; the appliance uses the process's. */
export function useMonotonic(db: Db, source: Monotonic): void {
  trackers.set(db, { source, counted: source.nowMs() });
}

function trackerOf(db: Db): Tracker {
  let tracker = trackers.get(db);
  if (!tracker) {
    tracker = { source: processMonotonic, counted: processMonotonic.nowMs() };
    trackers.set(db, tracker);
  }
  return tracker;
}

/** Uptime since the record's signed time: what was saved plus what ran since it was last saved. */
export function uptimeSinceIssued(db: Db): { issuedAt: string; uptimeMs: number } | null {
  const row = stmt<[], { issued_at: string; uptime_ms: number }>(
    db,
    "SELECT issued_at, uptime_ms FROM entitlements_uptime WHERE id = 1",
  ).get();
  if (!row) return null;
  const tracker = trackerOf(db);
  return {
    issuedAt: row.issued_at,
    uptimeMs: row.uptime_ms + Math.max(0, tracker.source.nowMs() - tracker.counted),
  };
}

/** Saves the uptime run since the last save (every minute, and before a new record resets it). */
export function saveUptime(db: Db): void {
  const tracker = trackerOf(db);
  const now = tracker.source.nowMs();
  const delta = Math.max(0, now - tracker.counted);
  tracker.counted = now;
  if (delta > 0) stmt(db, "UPDATE entitlements_uptime SET uptime_ms = uptime_ms + ? WHERE id = 1").run(delta);
}

/** A newer signed time arrived: counting starts again from zero. */
export function restartUptime(db: Db, issuedAt: string): void {
  const tracker = trackerOf(db);
  tracker.counted = tracker.source.nowMs();
  stmt(
    db,
    `INSERT INTO entitlements_uptime (id, issued_at, uptime_ms) VALUES (1, ?, 0)
     ON CONFLICT (id) DO UPDATE SET issued_at = excluded.issued_at, uptime_ms = 0`,
  ).run(issuedAt);
}

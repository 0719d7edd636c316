import type { Db } from "@mostrador/kernel/db/open";

/**
 * Connection state in SQLite, so the device list shows who is online and when each was last heard.
 * Written on connect/disconnect and by a periodic flush of last-seen times, never per message.
 * Not sent to the cloud through the outbox: it is live state, not a registry change.
 */
export function markDevicePresence(db: Db, deviceId: string, online: boolean, at: string): void {
  db.prepare("UPDATE devices SET online = ?, last_seen_at = ? WHERE id = ?").run(
    online ? 1 : 0,
    at,
    deviceId,
  );
}

/** Writes many last-seen times in one transaction. */
export function flushLastSeen(db: Db, lastSeen: ReadonlyMap<string, string>): void {
  if (lastSeen.size === 0) return;
  const update = db.prepare("UPDATE devices SET last_seen_at = ? WHERE id = ?");
  db.transaction(() => {
    for (const [deviceId, at] of lastSeen) update.run(at, deviceId);
  })();
}

/** At boot nobody is connected yet, whatever the last run left behind (a crash skips the disconnects). */
export function markAllDevicesOffline(db: Db): void {
  db.prepare("UPDATE devices SET online = 0 WHERE online = 1").run();
}

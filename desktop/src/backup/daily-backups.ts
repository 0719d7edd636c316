import type { Ctx } from "@mostrador/kernel/core/context";
import { type BackupOutcome, DAILY_MS, lastSuccessAt, runBackup } from "./backup-service.js";

/** How often the timer looks whether a daily backup is due (the backup itself runs once a day). */
export const CHECK_EVERY_MS = 60 * 60 * 1000;

/** A daily backup is due when there was never a successful one, or the last is 24 h old. */
export function dailyBackupDue(ctx: Ctx): boolean {
  const last = lastSuccessAt(ctx.db);
  return last === null || ctx.clock.now().getTime() - Date.parse(last) >= DAILY_MS;
}

export interface DailyBackups {
  /** Runs a daily backup if one is due (the timer calls it; tests call it with a manual clock). */
  tick(): Promise<BackupOutcome | null>;
  /** Stops the timer and waits for a backup under way (the database closes after). */
  stop(): Promise<void>;
}

/**
 * Daily backups: a catch-up at start when the last success is older than 24 h, then a check every hour.
 * Two ticks never overlap (a slow USB disk), and a tick after stop does nothing.
 */
export function startDailyBackups(
  ctx: Ctx,
  log: (m: string, err?: unknown) => void,
  everyMs = CHECK_EVERY_MS,
): DailyBackups {
  let running: Promise<BackupOutcome | null> | null = null;
  let stopped = false;
  const tick = (): Promise<BackupOutcome | null> => {
    if (stopped) return Promise.resolve(null);
    if (running) return running;
    if (!dailyBackupDue(ctx)) return Promise.resolve(null);
    running = runBackup(ctx, "daily")
      .then((outcome) => {
        if (!outcome.ok) log(`falló la copia de seguridad diaria: ${outcome.error ?? ""}`);
        return outcome;
      })
      .catch((err: unknown) => {
        log("falló la copia de seguridad diaria", err);
        return null;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };
  const timer = setInterval(() => void tick(), everyMs);
  timer.unref();
  void tick();
  return {
    tick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

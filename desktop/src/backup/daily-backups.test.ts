import { readdirSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestCore, type TestCore } from "../appliance/test-core.js";
import { dailyBackupDue, type DailyBackups, startDailyBackups } from "./daily-backups.js";

let core: TestCore;
let daily: DailyBackups | null = null;
const logged: string[] = [];

beforeEach(() => {
  core = openTestCore();
  logged.length = 0;
});
afterEach(async () => {
  await daily?.stop();
  daily = null;
  core.close();
});

const backups = () => readdirSync(join(core.dataDir, "backups"));
// An interval no test waits for: the manual clock and tick() drive the schedule.
const NEVER = 2 ** 30;

describe("daily backups", () => {
  it("catch up at start when there was none, then run once every 24 h of the clock", async () => {
    expect(dailyBackupDue(core)).toBe(true);
    daily = startDailyBackups(core, (m) => logged.push(m), NEVER);
    await daily.tick(); // the catch-up started by start() is the one this waits for
    expect(backups()).toHaveLength(1);
    expect(dailyBackupDue(core)).toBe(false);

    core.clock.advance(23 * 3600_000);
    expect(await daily.tick()).toBeNull();
    expect(backups()).toHaveLength(1);

    core.clock.advance(3600_000);
    expect((await daily.tick())?.ok).toBe(true);
    expect(backups()).toHaveLength(2);
    expect(logged).toEqual([]);
  });

  it("retry while the folder is missing, log the failure, and stop ticking after stop", async () => {
    core.db.prepare("UPDATE backup_settings SET folder = ? WHERE id = 1").run(join(core.dataDir, "usb"));
    daily = startDailyBackups(core, (m) => logged.push(m), NEVER);
    expect((await daily.tick())?.ok).toBe(false);
    expect(logged[0]).toContain("falló la copia de seguridad diaria");
    expect(dailyBackupDue(core)).toBe(true);
    await daily.stop();
    expect(await daily.tick()).toBeNull();
  });
});

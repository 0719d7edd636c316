import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { BackupRun } from "@mostrador/contracts/http/backup";
import { updateSettings } from "@mostrador/kernel/shop/settings";
import { createTerminal } from "@mostrador/kernel/shop/terminals";
import { createSession } from "@mostrador/kernel/staff/sessions";
import { createStaff } from "@mostrador/kernel/staff/staff";
import { type RunningAppliance, startAppliance } from "../appliance/appliance.js";
import { applianceRunning } from "./appliance-lock.js";

let dataDir = "";
let current: RunningAppliance | null = null;
afterEach(async () => {
  await current?.close();
  current = null;
  rmSync(dataDir, { recursive: true, force: true });
});

describe("a restore from Ajustes on a running appliance", () => {
  it("closes the appliance, swaps the database and starts it again on the backup's state", async () => {
    dataDir = mkdtempSync(join(tmpdir(), "mostrador-restart-"));
    let onRestarted: (next: RunningAppliance) => void = () => undefined;
    const restarted = new Promise<RunningAppliance>((resolve) => (onRestarted = resolve));
    const first = await startAppliance(
      { dataDir, host: "127.0.0.1", port: 0, seedDemo: false },
      { onRestarted },
    );
    current = first;
    expect(applianceRunning(dataDir)).toBe(process.pid);
    const terminal = createTerminal(first.ctx, { code: 1, name: "Caja 1" });
    const owner = createStaff(first.ctx, { name: "Dueña", role: "owner", pin: "2468" });
    const auth = { authorization: `Bearer ${createSession(first.ctx, owner.id, terminal.id)}` };
    const headers = { ...auth, "content-type": "application/json" };
    updateSettings(first.ctx.db, { name: "Antes de la copia" });
    const run = (await (
      await fetch(`${first.url}/api/backup/run`, { method: "POST", headers: auth })
    ).json()) as BackupRun;
    updateSettings(first.ctx.db, { name: "Después de la copia" });

    const res = await fetch(`${first.url}/api/backup/restore`, {
      method: "POST",
      headers,
      body: JSON.stringify({ file: run.file, pin: "2468" }),
    });
    expect(res.status).toBe(200);
    current = await restarted;
    expect(current).not.toBe(first);
    const settings = (await (await fetch(`${current.url}/api/settings`, { headers })).json()) as {
      name: string;
    };
    expect(settings.name).toBe("Antes de la copia");
    expect(applianceRunning(dataDir)).toBe(process.pid);
  });
});

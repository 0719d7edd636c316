import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { BackupRun, BackupStatus, RestoreAnswer } from "@mostrador/contracts/http/backup";
import { createSession } from "@mostrador/kernel/staff/sessions";
import { createStaff } from "@mostrador/kernel/staff/staff";
import { bearer, openTestApi, type TestApi } from "../api/test-api.js";
import { RESTORE_MARKER } from "./restore.js";

let t: TestApi;
let owner = "";
beforeEach(async () => {
  t = await openTestApi();
  const staff = createStaff(t.core, { name: "Dueña", role: "owner", pin: "2468" });
  owner = createSession(t.core, staff.id, t.terminal.id);
});
afterEach(() => t.close());

const call = (method: "GET" | "POST" | "PATCH", url: string, token: string, payload?: object) =>
  t.app.inject({ method, url, headers: bearer(token), ...(payload ? { payload } : {}) });

describe("backups over the API", () => {
  it("any session reads the status; the till's warning comes from it", async () => {
    const res = await call("GET", "/api/backup", t.tokenFor("cashier"));
    expect(res.statusCode).toBe(200);
    expect(res.json<BackupStatus>()).toMatchObject({
      folderIsDefault: true,
      keepDaily: 14,
      lastSuccess: null,
    });
  });

  it("shows the folder and the files to managers only, never to a cashier's session", async () => {
    expect((await call("POST", "/api/backup/run", t.tokenFor("manager"))).statusCode).toBe(200);
    const forManager = (await call("GET", "/api/backup", t.tokenFor("manager"))).json<BackupStatus>();
    expect(forManager.folder).not.toBe("");
    expect(forManager.files).toHaveLength(1);
    const forCashier = (await call("GET", "/api/backup", t.tokenFor("cashier"))).json<BackupStatus>();
    expect(forCashier).toMatchObject({ folder: "", files: [], stale: false });
    expect(forCashier.lastSuccess?.file).toBe(forManager.files[0]?.name);
  });

  it("a manager makes a copy now; a cashier may not", async () => {
    expect((await call("POST", "/api/backup/run", t.tokenFor("cashier"))).statusCode).toBe(403);
    const res = await call("POST", "/api/backup/run", t.tokenFor("manager"));
    expect(res.statusCode).toBe(200);
    const run = res.json<BackupRun>();
    expect(run.file).toMatch(/^mostrador-.*Z-manual\.sqlite$/);
    expect((await call("GET", "/api/backup", owner)).json<BackupStatus>().lastSuccess?.file).toBe(run.file);
  });

  it("a copy to an unplugged disk answers a clear error", async () => {
    t.core.db.prepare("UPDATE backup_settings SET folder = '/media/usb-que-no-esta' WHERE id = 1").run();
    const res = await call("POST", "/api/backup/run", owner);
    expect(res.statusCode).toBe(503);
    expect(res.json<{ error: { code: string; message: string } }>().error).toMatchObject({
      code: "backup_failed",
      message: expect.stringContaining("¿está conectado el disco?") as string,
    });
  });

  it("only the owner changes the folder, and a bad one is refused", async () => {
    expect(
      (await call("PATCH", "/api/backup/settings", t.tokenFor("manager"), { keepDaily: 3 })).statusCode,
    ).toBe(403);
    const relative = await call("PATCH", "/api/backup/settings", owner, { folder: "copias" });
    expect(relative.statusCode).toBe(400);
    expect(relative.body).toContain("ruta completa");
    expect((await call("PATCH", "/api/backup/settings", owner, { keepDaily: 0 })).statusCode).toBe(400);
    const ok = await call("PATCH", "/api/backup/settings", owner, { folder: t.core.dataDir, keepDaily: 3 });
    expect(ok.json<BackupStatus>()).toMatchObject({ folder: t.core.dataDir, keepDaily: 3 });
  });

  it("a restore needs the owner and the owner's PIN, names a file of the folder, and is staged", async () => {
    const file = (await call("POST", "/api/backup/run", owner)).json<BackupRun>().file as string;
    expect(
      (await call("POST", "/api/backup/restore", t.tokenFor("manager"), { file, pin: "2468" })).statusCode,
    ).toBe(403);
    const wrongPin = await call("POST", "/api/backup/restore", owner, { file, pin: "1111" });
    expect(wrongPin.statusCode).toBe(401);
    const traversal = await call("POST", "/api/backup/restore", owner, {
      file: "../mostrador.sqlite",
      pin: "2468",
    });
    expect(traversal.statusCode).toBe(400);
    expect(existsSync(join(t.core.dataDir, RESTORE_MARKER))).toBe(false);

    const res = await call("POST", "/api/backup/restore", owner, { file, pin: "2468" });
    expect(res.statusCode).toBe(200);
    expect(res.json<RestoreAnswer>()).toMatchObject({ restarting: false, salesMissingFromBackup: 0 });
    expect(existsSync(join(t.core.dataDir, RESTORE_MARKER))).toBe(true);
  });
});

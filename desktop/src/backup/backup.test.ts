import { readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getSettings, updateSettings } from "@mostrador/kernel/shop/settings";
import { openTestCore, type TestCore } from "../appliance/test-core.js";
import { backupFileName, backupTimeOf } from "./backup-file.js";
import { backupStatus, changeBackupSettings, runBackup } from "./backup-service.js";
import { inspectBackupFile } from "./inspect-backup.js";

let core: TestCore;
beforeEach(() => {
  core = openTestCore();
});
afterEach(() => core.close());

const migrationsOf = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare("SELECT count(*) AS n FROM schema_migrations").get() as { n: number }).n;
  } finally {
    db.close();
  }
};

describe("a backup", () => {
  it("is a consistent copy, named by its UTC time, verified, and shown with its size", async () => {
    updateSettings(core.db, { name: "Almacén Don Tito" });
    const outcome = await runBackup(core, "manual");
    expect(outcome.ok).toBe(true);
    const file = outcome.file as string;
    expect(file.endsWith(`backups/${backupFileName(core.clock.now(), "manual")}`)).toBe(true);
    expect(backupTimeOf(file.split("/").pop() as string)?.toISOString()).toBe("2026-11-21T13:00:00.000Z");
    expect(inspectBackupFile(file).migrations).toBe(migrationsOf(join(core.dataDir, "mostrador.sqlite")));
    const copy = new Database(file, { readonly: true });
    expect(getSettings(copy).name).toBe("Almacén Don Tito");
    copy.close();
    // A self-contained file: no WAL or partial copy left beside it.
    expect(readdirSync(join(core.dataDir, "backups"))).toEqual([file.split("/").pop()]);
    const status = backupStatus(core);
    expect(status.lastSuccess).toMatchObject({ ok: true, reason: "manual", bytes: statSync(file).size });
    expect(status.stale).toBe(false);
    expect(status.files).toHaveLength(1);
  });

  it("to a folder that does not exist fails with a clear error, is recorded and notifies the owner once a day", async () => {
    const usb = join(core.dataDir, "usb");
    core.db.prepare("UPDATE backup_settings SET folder = ? WHERE id = 1").run(usb);
    const first = await runBackup(core, "daily");
    expect(first).toMatchObject({ ok: false, file: null });
    expect(first.error).toContain("no existe: ¿está conectado el disco?");
    await runBackup(core, "daily");
    const notes = core.db
      .prepare("SELECT payload FROM outbox WHERE entity = 'notification'")
      .all()
      .map((r) => JSON.parse((r as { payload: string }).payload) as { kind: string; dedupeKey: string });
    expect(notes).toHaveLength(2);
    expect(notes.every((n) => n.kind === "backup_failed")).toBe(true);
    // The cloud's send queue sends one message per key: the hourly retries of one day are one message.
    expect(new Set(notes.map((n) => n.dedupeKey)).size).toBe(1);
    expect(backupStatus(core).lastFailure?.error).toContain("no existe");
  });

  it("to a folder it cannot write fails with a clear error and leaves no partial file", async () => {
    core.db.prepare("UPDATE backup_settings SET folder = '/proc' WHERE id = 1").run();
    const outcome = await runBackup(core, "manual");
    expect(outcome.ok).toBe(false);
    expect(outcome.error).toMatch(/No se (pudo|puede) escribir/);
  });

  it("the till warns after 48 h without a successful one", async () => {
    expect((await runBackup(core, "manual")).ok).toBe(true);
    core.clock.advance(47 * 3600_000);
    expect(backupStatus(core).stale).toBe(false);
    core.clock.advance(2 * 3600_000);
    expect(backupStatus(core).stale).toBe(true);
  });
});

describe("the backup folder setting", () => {
  it("refuses a relative path or a missing folder and keeps the old one", () => {
    expect(() => changeBackupSettings(core, { folder: "usb/copias" })).toThrow(/ruta completa/);
    expect(() => changeBackupSettings(core, { folder: join(core.dataDir, "no-hay") })).toThrow(/no existe/);
    expect(backupStatus(core).folderIsDefault).toBe(true);
  });

  it("takes a writable folder, and the default back with an empty one", () => {
    expect(changeBackupSettings(core, { folder: core.dataDir, keepDaily: 7 })).toMatchObject({
      folder: core.dataDir,
      keepDaily: 7,
      folderIsDefault: false,
    });
    expect(changeBackupSettings(core, { folder: "" }).folderIsDefault).toBe(true);
  });
});

describe("a file offered as a backup", () => {
  it("that is not a database is refused", () => {
    const file = join(core.dataDir, "notas.sqlite");
    writeFileSync(file, "esto no es una base de datos\n".repeat(100));
    expect(() => inspectBackupFile(file)).toThrow(/no es una base de datos SQLite/);
  });

  it("that is truncated is refused as damaged", async () => {
    const { file } = await runBackup(core, "manual");
    const whole = statSync(file as string).size;
    const cut = join(core.dataDir, "cortada.sqlite");
    const { openSync, readSync, closeSync } = await import("node:fs");
    const buf = Buffer.alloc(Math.floor(whole / 2));
    const fd = openSync(file as string, "r");
    readSync(fd, buf, 0, buf.length, 0);
    closeSync(fd);
    writeFileSync(cut, buf);
    expect(() => inspectBackupFile(cut)).toThrow(/dañada/);
  });

  it("that is another program's SQLite database is refused", () => {
    const file = join(core.dataDir, "otra.sqlite");
    const db = new Database(file);
    db.exec("CREATE TABLE x (a); INSERT INTO x VALUES (1);");
    db.close();
    expect(() => inspectBackupFile(file)).toThrow(/no es una copia de Mostrador/);
  });

  it("that does not exist is refused", () => {
    rmSync(join(core.dataDir, "nada.sqlite"), { force: true });
    expect(() => inspectBackupFile(join(core.dataDir, "nada.sqlite"))).toThrow(/No se encuentra/);
  });
});

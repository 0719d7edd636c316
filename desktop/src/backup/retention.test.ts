import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { backupFileName } from "./backup-file.js";
import { backupsToDelete, pruneBackups } from "./retention.js";

const at = (iso: string) => new Date(iso);
const daily = (iso: string) => backupFileName(at(iso), "daily");

describe("retention", () => {
  const now = at("2026-12-20T12:00:00Z");

  it("keeps the newest copy of each of the N most recent days and deletes the rest", () => {
    const names = [
      daily("2026-12-19T03:00:00Z"),
      daily("2026-12-18T03:00:00Z"),
      backupFileName(at("2026-12-18T01:00:00Z"), "manual"),
      daily("2026-12-17T03:00:00Z"),
      daily("2026-12-16T03:00:00Z"),
    ];
    expect(backupsToDelete(names, 2, now).sort()).toEqual(
      [names[2], daily("2026-12-17T03:00:00Z"), daily("2026-12-16T03:00:00Z")].sort(),
    );
  });

  it("never deletes a copy younger than a day, nor a file it did not write", () => {
    const names = [
      backupFileName(at("2026-12-20T11:00:00Z"), "before_restore"),
      backupFileName(at("2026-12-20T10:00:00Z"), "before_migration"),
      daily("2026-12-10T03:00:00Z"),
      "fotos-del-local.jpg",
      "mostrador.sqlite",
    ];
    expect(backupsToDelete(names, 1, now)).toEqual([]);
  });

  let dir = "";
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("removes the doomed files from the folder", () => {
    dir = mkdtempSync(join(tmpdir(), "mostrador-retention-"));
    mkdirSync(dir, { recursive: true });
    const days = ["2026-12-19", "2026-12-18", "2026-12-17", "2026-12-16"].map((d) => daily(`${d}T03:00:00Z`));
    for (const name of [...days, "otro.txt"]) writeFileSync(join(dir, name), "x");
    expect(pruneBackups(dir, 3, now)).toEqual([days[3]]);
    expect(readdirSync(dir).sort()).toEqual([...days.slice(0, 3), "otro.txt"].sort());
  });
});

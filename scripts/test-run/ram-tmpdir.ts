import { accessSync, chmodSync, constants, mkdtempSync, rmSync, statfsSync } from "node:fs";
import { join } from "node:path";

/** Linux's RAM-backed file system, where it is mounted (every Debian machine, the CI one included). */
const RAM = "/dev/shm";
/**
 * What a whole run writes there at most (PostgreSQL clusters, every test's files, Chromium's profiles):
 * a container's small /dev/shm (Docker's default is 64 MB) would run out, so below this the disk is kept.
 */
const NEEDED_BYTES = 4 * 1024 ** 3;

/**
 * vitest globalSetup, first of all: the run's temporary files (every test's SQLite file, the PostgreSQL
 * cluster, Chromium's profiles, the appliances' data folders) go to one folder in RAM, deleted when the
 * run ends. The appliance commits with synchronous=FULL, so on the CI machine's disk every commit waited
 * ~5 ms for fsync (0.05 ms in RAM), and a test commits many times. Nothing a test asserts depends on the
 * disk: the kill -9 tests kill a process, which leaves the page cache intact on either file system.
 * TMPDIR is set here, before vitest forks its workers, so they and every process they start inherit it.
 * MOSTRADOR_TEST_TMPDIR=disk keeps the system's temporary folder.
 */
export default function setup(): () => void {
  if (process.env.MOSTRADOR_TEST_TMPDIR === "disk" || !usable(RAM)) return () => undefined;
  const folder = mkdtempSync(join(RAM, "mostrador-test-"));
  // Like /tmp: the PostgreSQL cluster runs as its own user and makes its folder in here.
  chmodSync(folder, 0o1777);
  const before = process.env.TMPDIR;
  process.env.TMPDIR = folder;
  return () => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    rmSync(folder, { recursive: true, force: true });
  };
}

function usable(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
    const fs = statfsSync(dir);
    return fs.bavail * fs.bsize >= NEEDED_BYTES;
  } catch {
    return false;
  }
}

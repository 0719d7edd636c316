/**
 * A pair of pseudo-terminals joined by socat (apt-get install socat): the appliance opens `readerPath` as
 * it would a USB serial reader, and the test writes what the reader would send on `devicePath`. `unplug()`
 * kills socat (the port's other side vanishes, as when a reader's cable is pulled) and `plug()` brings the
 * same paths back.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, openSync, closeSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TestPty {
  readerPath: string;
  devicePath: string;
  write(data: string | Uint8Array): void;
  unplug(): Promise<void>;
  plug(): Promise<void>;
  close(): Promise<void>;
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`socat: ${what}`);
}

export async function openTestPty(): Promise<TestPty> {
  const dir = mkdtempSync(join(tmpdir(), "mostrador-pty-"));
  const readerPath = join(dir, "reader");
  const devicePath = join(dir, "device");
  let socat: ChildProcess | null = null;
  let fd: number | null = null;

  const plug = async () => {
    const child = spawn("socat", [`pty,raw,echo=0,link=${readerPath}`, `pty,raw,echo=0,link=${devicePath}`], {
      stdio: "ignore",
    });
    socat = child;
    await until(
      () => existsSync(readerPath) && existsSync(devicePath),
      "the pseudo-terminals did not appear",
    );
    fd = openSync(devicePath, "r+");
  };
  const unplug = async () => {
    const child = socat;
    if (fd !== null) closeSync(fd);
    fd = null;
    socat = null;
    if (!child || child.exitCode !== null) return;
    const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    await gone;
    await until(() => !existsSync(readerPath), "the links stayed after socat left");
  };
  await plug();
  return {
    readerPath,
    devicePath,
    write(data) {
      if (fd === null) throw new Error("the test reader is unplugged");
      writeSync(fd, typeof data === "string" ? Buffer.from(data, "latin1") : data);
    },
    unplug,
    plug,
    close: unplug,
  };
}

import { afterEach, describe, expect, it } from "vitest";
import { openTestCore, type TestCore } from "@mostrador/desktop/appliance/test-core";
import { WalSync } from "./wal-sync.js";

let core: TestCore;
let wal: WalSync | undefined;
afterEach(async () => {
  await wal?.drain();
  wal?.close();
  wal = undefined;
  core?.close();
});

const level = () => core.db.pragma("synchronous", { simple: true });
const FULL = 2;

function setup(): (n: number) => void {
  core = openTestCore();
  // A main-schema table, so the rows go through the WAL like readings do.
  core.db.exec("CREATE TABLE IF NOT EXISTS wal_probe (n INTEGER)");
  const insert = core.db.prepare("INSERT INTO wal_probe (n) VALUES (?)");
  return (n) => insert.run(n);
}
const rows = () => core.db.prepare("SELECT count(*) FROM wal_probe").pluck().get();

describe("WalSync", () => {
  it("commits at once, puts the connection back to synchronous=FULL and then fsyncs the WAL", async () => {
    const insert = setup();
    const errors: unknown[] = [];
    wal = new WalSync(core.db, (e) => errors.push(e));
    expect(level()).toBe(FULL);
    wal.commit(() => core.db.transaction(() => insert(1))());
    expect(rows()).toBe(1); // committed before commit() returned
    expect(level()).toBe(FULL); // the till's next commit fsyncs as before
    expect(wal.syncs).toBe(0); // the fsync runs on the thread pool, after
    await wal.drain();
    expect(wal.syncs).toBe(1);
    expect(errors).toEqual([]);
  });

  it("shares one fsync among the commits made while another runs", async () => {
    const insert = setup();
    wal = new WalSync(core.db, () => {});
    for (let i = 0; i < 20; i++) wal.commit(() => core.db.transaction(() => insert(i))());
    await wal.drain();
    // The first commit's fsync, then one more covering the other nineteen.
    expect(wal.syncs).toBe(2);
    expect(rows()).toBe(20);
  });

  it("inside an outer transaction only writes: SQLite refuses to change the safety level there", async () => {
    const insert = setup();
    wal = new WalSync(core.db, () => {});
    core.db.transaction(() => wal?.commit(() => insert(1)))();
    await wal.drain();
    expect(rows()).toBe(1);
    expect(wal.syncs).toBe(0);
    expect(level()).toBe(FULL);
  });

  it("restores the safety level and schedules no fsync when the write fails", async () => {
    const insert = setup();
    wal = new WalSync(core.db, () => {});
    expect(() =>
      wal?.commit(() =>
        core.db.transaction(() => {
          insert(1);
          throw new Error("disco lleno");
        })(),
      ),
    ).toThrow("disco lleno");
    await wal.drain();
    expect(level()).toBe(FULL);
    expect(rows()).toBe(0);
    expect(wal.syncs).toBe(0);
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { openTestCore, type TestCore } from "@mostrador/desktop/appliance/test-core";
import { BacklogCounter } from "./backlog-counter.js";
import { queueSales } from "./test-support/queue-ops.js";
import { countBacklog } from "./upload-state.js";

let core: TestCore;
afterEach(() => core?.close());

const topSeq = () => core.db.prepare("SELECT coalesce(max(seq), 0) FROM outbox").pluck().get() as number;
const seqAt = (offset: number) =>
  core.db.prepare("SELECT seq FROM outbox ORDER BY seq LIMIT 1 OFFSET ?").pluck().get(offset) as number;

describe("the drain's backlog count", () => {
  it("agrees with a full count while the drain moves on and the till keeps selling", () => {
    core = openTestCore();
    queueSales(core, 120);
    const counter = new BacklogCounter(core.db);
    let acked = 0;
    for (const step of [0, 25, 25, 40, 0, 30]) {
      if (step > 0) acked = seqAt(countUpTo(acked) + step - 1); // a batch of `step` acknowledged
      expect(counter.after(acked)).toBe(countBacklog(core.db, acked));
      queueSales(core, 7); // sales made while a batch was on its way
      expect(counter.after(acked)).toBe(countBacklog(core.db, acked));
    }
    expect(counter.after(topSeq())).toBe(0);
  });

  it("counts afresh when asked about an earlier seq (a restore moved the acknowledged seq back)", () => {
    core = openTestCore();
    queueSales(core, 30);
    const counter = new BacklogCounter(core.db);
    expect(counter.after(seqAt(19))).toBe(10);
    expect(counter.after(seqAt(4))).toBe(25);
    expect(counter.after(0)).toBe(30);
  });
});

/** How many outbox rows have seq <= `seq`. */
function countUpTo(seq: number): number {
  return core.db.prepare("SELECT count(*) FROM outbox WHERE seq <= ?").pluck().get(seq) as number;
}

import { afterEach, describe, expect, it } from "vitest";
import { openTestCore, type TestCore } from "@mostrador/desktop/appliance/test-core";
import { pruneOutbox, pruneOutboxBatch } from "./outbox-retention.js";
import { enqueueUncheckedOp } from "./test-support/queue-ops.js";

const DAY = 86_400_000;
let core: TestCore;
afterEach(() => core?.close());

/** Queues one op at `at` (ISO) and returns its seq. */
function queue(at: string, entityId: string): number {
  core.db.transaction(() =>
    enqueueUncheckedOp(core.db, { entity: "sale", entityId, op: "created", payload: { entityId }, at }),
  )();
  return core.db.prepare("SELECT max(seq) FROM outbox").pluck().get() as number;
}
const seqs = () => core.db.prepare("SELECT seq FROM outbox ORDER BY seq").pluck().all() as number[];
const ack = (seq: number) => core.db.prepare("UPDATE sync_state SET acked_seq = ? WHERE id = 1").run(seq);

describe("outbox retention", () => {
  it("deletes acknowledged ops older than 30 days and keeps recent, unacknowledged and parked ones", async () => {
    core = openTestCore();
    const now = core.clock.now().getTime();
    const old = new Date(now - 40 * DAY).toISOString();
    const recent = new Date(now - 2 * DAY).toISOString();
    const oldAcked = [queue(old, "a"), queue(old, "b")];
    const parked = queue(old, "parked");
    const recentAcked = queue(recent, "c");
    const oldNotAcked = queue(old, "d"); // an op with an old clock, not yet applied in the cloud
    ack(recentAcked);
    const parkedId = core.db.prepare("SELECT id FROM outbox WHERE seq = ?").pluck().get(parked) as string;
    core.db
      .prepare("INSERT INTO outbox_parked (op_id, seq, reason, parked_at) VALUES (?, ?, 'rechazada', ?)")
      .run(parkedId, parked, recent);

    expect(await pruneOutbox(core.db, now)).toBe(2);
    expect(seqs()).toEqual([parked, recentAcked, oldNotAcked]);
    expect(oldAcked.every((seq) => !seqs().includes(seq))).toBe(true);
  });

  it("never hands a deleted op's seq out again, so the drainer's 'after acked_seq' stays right", async () => {
    core = openTestCore();
    const now = core.clock.now().getTime();
    const last = queue(new Date(now - 40 * DAY).toISOString(), "a");
    ack(last);
    expect(await pruneOutbox(core.db, now)).toBe(1);
    expect(seqs()).toEqual([]);
    expect(queue(new Date(now).toISOString(), "b")).toBeGreaterThan(last);
  });

  it("deletes in bounded batches, oldest first", async () => {
    core = openTestCore();
    const now = core.clock.now().getTime();
    const all = Array.from({ length: 7 }, (_, i) =>
      queue(new Date(now - (40 - i) * DAY).toISOString(), `s${i}`),
    );
    ack(all[all.length - 1] as number);
    const policy = { keepDays: 30, batchSize: 3 };
    expect(pruneOutboxBatch(core.db, now, policy)).toBe(3);
    expect(seqs()).toEqual(all.slice(3));
    expect(await pruneOutbox(core.db, now, policy)).toBe(4);
    expect(seqs()).toEqual([]);
  });

  it("keeps everything on an appliance that was never paired", async () => {
    core = openTestCore();
    const now = core.clock.now().getTime();
    queue(new Date(now - 400 * DAY).toISOString(), "a");
    expect(await pruneOutbox(core.db, now)).toBe(0);
    expect(seqs()).toHaveLength(1);
  });
});

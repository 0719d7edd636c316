import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isoNow } from "@mostrador/kernel/core/context";
import { openTestCore, type TestCore } from "@mostrador/desktop/appliance/test-core";
import { newId } from "@mostrador/kernel/db/ids";
import { enqueueOutbox } from "@mostrador/kernel/outbox/outbox";
import { commitSale } from "@mostrador/desktop/pos/sale";
import { seedSaleFixture } from "@mostrador/desktop/pos/test-fixtures";
import { voidSale } from "@mostrador/desktop/pos/voids";
import { createTerminal } from "@mostrador/kernel/shop/terminals";
import { UploadDrainer } from "./drainer.js";
import { enrollAppliance } from "./enroll.js";
import { getSyncStatus, requestParkedRetry } from "./sync-status.js";
import { type CloudProcess, startCloudProcess } from "./test-support/cloud-process.js";
import { enqueueUncheckedOp, queueSales } from "./test-support/queue-ops.js";

let cloud: CloudProcess;
beforeAll(async () => {
  cloud = await startCloudProcess();
});
afterAll(() => cloud.close());

async function enrolledCore(name: string): Promise<{ core: TestCore; applianceId: string }> {
  const core = openTestCore();
  const { applianceId } = await enrollAppliance(core, {
    cloudUrl: cloud.url,
    code: await cloud.pairingCode(),
    name,
  });
  return { core, applianceId };
}

async function cloudParked(applianceId: string): Promise<number | null> {
  const { rows } = await cloud.owner.query<{ parked: number | null }>(
    "SELECT parked FROM appliances WHERE id = $1",
    [applianceId],
  );
  return rows[0]?.parked ?? null;
}

async function cloudCount(sql: string, params: unknown[]): Promise<number> {
  const { rows } = await cloud.owner.query<{ n: string }>(sql, params);
  return Number(rows[0]?.n ?? 0);
}

describe("UploadDrainer against the real cloud on PostgreSQL", () => {
  it("uploads the till's real sales and voids exactly once, even when every ack is lost", async () => {
    const { core, applianceId } = await enrolledCore("Caja ventas");
    const terminal = createTerminal(core, { code: 1, name: "Caja 1" });
    const f = seedSaleFixture(core, terminal);
    const sales = [1, 2, 3].map(
      (q) =>
        commitSale(core, f.cashier, {
          id: newId(),
          lines: [{ productId: f.products.gaseosa.id, quantity: q }],
          payments: [{ method: "cash", amount: 250_000 * q }],
        }).sale,
    );
    voidSale(core, f.manager, sales[0]!.id, { reason: "Error de carga" });
    const drainer = new UploadDrainer(core, { batchSize: 4 });
    const first = await drainer.drainOnce();
    expect(first).toMatchObject({ done: true, parked: 0 });
    const outboxCount = (core.db.prepare("SELECT count(*) AS n FROM outbox").get() as { n: number }).n;
    expect(first.sent).toBe(outboxCount);
    // The cloud committed but the appliance never learned it: everything is sent again.
    core.db.prepare("UPDATE sync_state SET acked_seq = 0").run();
    expect(await drainer.drainOnce()).toMatchObject({ sent: outboxCount, done: true });
    expect(
      await cloudCount("SELECT count(*) AS n FROM applied_ops WHERE appliance_id = $1", [applianceId]),
    ).toBe(outboxCount);
    const { rows } = await cloud.owner.query<{ id: string; status: string }>(
      "SELECT id, status FROM sales WHERE appliance_id = $1 ORDER BY number",
      [applianceId],
    );
    expect(rows).toEqual(sales.map((s, i) => ({ id: s.id, status: i === 0 ? "voided" : "completed" })));
    const [stock] = (
      await cloud.owner.query<{ on_hand: string }>("SELECT on_hand FROM stock_levels WHERE product_id = $1", [
        f.products.gaseosa.id,
      ])
    ).rows;
    expect(Number(stock?.on_hand)).toBe(-(2 + 3)); // sale 1 voided: its stock came back once
    expect(getSyncStatus(core)).toMatchObject({ configured: true, online: true, backlog: 0, parked: [] });
    core.close();
  });

  it("parks the ops the cloud refuses, shows them, and delivers the rest", async () => {
    const { core, applianceId } = await enrolledCore("Caja rechazos");
    const [saleBefore] = queueSales(core, 1);
    const badId = core.db.transaction(() =>
      enqueueUncheckedOp(core.db, {
        entity: "spaceship",
        entityId: "x1",
        op: "launched",
        payload: { fuel: 1 },
        at: isoNow(core),
      }),
    )();
    const [saleAfter] = queueSales(core, 1);
    const outcome = await new UploadDrainer(core).drainOnce();
    expect(outcome).toMatchObject({ sent: 2, parked: 1, done: true });
    const { rows } = await cloud.owner.query<{ id: string }>(
      "SELECT id FROM sales WHERE appliance_id = $1 ORDER BY number",
      [applianceId],
    );
    expect(rows.map((r) => r.id).sort()).toEqual([saleBefore, saleAfter].sort());
    const status = getSyncStatus(core);
    expect(status.backlog).toBe(0);
    expect(status.parked).toEqual([
      expect.objectContaining({
        opId: badId,
        entity: "spaceship",
        reason: expect.stringMatching(/spaceship/),
        retryRequested: false,
      }),
    ]);
    // The cloud's dashboard learns the dead-letter count with the upload.
    expect(await cloudParked(applianceId)).toBe(1);
    // Retrying it on request: the cloud still refuses, so it stays parked with the reason, not retried again.
    expect(requestParkedRetry(core, badId).retryRequested).toBe(true);
    await new UploadDrainer(core).drainOnce();
    expect(getSyncStatus(core).parked).toEqual([
      expect.objectContaining({ opId: badId, retryRequested: false }),
    ]);
    expect(await cloudParked(applianceId)).toBe(1);
    core.close();
  });

  it("parks an op the cloud's database cannot store and delivers the ops queued around it", async () => {
    const { core, applianceId } = await enrolledCore("Caja año cero");
    const [saleBefore] = queueSales(core, 1);
    // Passes every payload check (a well-formed date-time) but PostgreSQL has no year 0: SQLSTATE 22008.
    const movementId = newId();
    const badId = core.db.transaction(() =>
      enqueueOutbox(core.db, {
        entity: "stock_movement",
        entityId: movementId,
        op: "created",
        payload: {
          id: movementId,
          productId: newId(),
          quantity: 5,
          reason: "receipt",
          at: "0000-01-01T00:00:00Z",
        },
        at: isoNow(core),
      }),
    )();
    const [saleAfter] = queueSales(core, 1);
    const outcome = await new UploadDrainer(core).drainOnce();
    expect(outcome).toMatchObject({ sent: 2, parked: 1, done: true });
    expect(await cloudCount("SELECT count(*) AS n FROM sales WHERE appliance_id = $1", [applianceId])).toBe(
      2,
    );
    const { rows } = await cloud.owner.query<{ id: string }>("SELECT id FROM sales WHERE appliance_id = $1", [
      applianceId,
    ]);
    expect(rows.map((r) => r.id).sort()).toEqual([saleBefore, saleAfter].sort());
    expect(await cloudCount("SELECT count(*) AS n FROM stock_movements WHERE id = $1", [movementId])).toBe(0);
    expect(getSyncStatus(core).parked).toEqual([
      expect.objectContaining({ opId: badId, reason: expect.stringMatching(/no puede guardar/) }),
    ]);
    core.close();
  });

  it("tells the cloud the parked count even when every op of the batch was refused", async () => {
    const { core, applianceId } = await enrolledCore("Caja solo rechazos");
    core.db.prepare("UPDATE sync_state SET acked_seq = (SELECT coalesce(max(seq), 0) FROM outbox)").run();
    expect(await cloudParked(applianceId)).toBeNull(); // never reported yet
    for (const n of [1, 2])
      core.db.transaction(() =>
        enqueueUncheckedOp(core.db, {
          entity: "spaceship",
          entityId: `x${n}`,
          op: "launched",
          payload: { fuel: n },
          at: isoNow(core),
        }),
      )();
    const outcome = await new UploadDrainer(core).drainOnce();
    expect(outcome).toMatchObject({ sent: 0, parked: 2, done: true });
    expect(getSyncStatus(core).parked).toHaveLength(2);
    expect(await cloudParked(applianceId)).toBe(2);
    core.close();
  });

  it("leaves the cloud the right parked count when the batch sent ahead lands after a refusal", async () => {
    const { core, applianceId } = await enrolledCore("Caja en tándem");
    core.db.prepare("UPDATE sync_state SET acked_seq = (SELECT coalesce(max(seq), 0) FROM outbox)").run();
    const [s1, s2, s3] = queueSales(core, 3);
    const badId = core.db.transaction(() =>
      enqueueUncheckedOp(core.db, {
        entity: "spaceship",
        entityId: "x1",
        op: "launched",
        payload: { fuel: 1 },
        at: isoNow(core),
      }),
    )();
    const [s4] = queueSales(core, 1);
    // Batches of 2: [s1 s2] [s3 bad] [s4]. [s4] leaves (saying "0 parked") before [s3 bad] is refused;
    // it is held back here until the resend of [s3] (saying "1 parked") has landed, so it lands last.
    let resent: () => void = () => {};
    const resendLanded = new Promise<void>((resolve) => (resent = resolve));
    const drainer = new UploadDrainer(core, {
      batchSize: 2,
      fetch: async (url, init) => {
        const body = String(init.body);
        if (body.includes(s4!)) await resendLanded;
        const res = await fetch(url, init);
        if (body.includes(s3!) && !body.includes(badId)) resent();
        return res;
      },
    });
    expect(await drainer.drainOnce()).toMatchObject({ sent: 4, parked: 1, done: true });
    expect(getSyncStatus(core).parked).toEqual([expect.objectContaining({ opId: badId })]);
    expect(await cloudParked(applianceId)).toBe(1);
    expect(
      await cloudCount("SELECT count(*) AS n FROM sales WHERE appliance_id = $1 AND id = ANY($2)", [
        applianceId,
        [s1, s2, s3, s4],
      ]),
    ).toBe(4);
    core.close();
  });

  it("stops uploading for a revoked appliance and keeps its ops queued", async () => {
    const { core, applianceId } = await enrolledCore("Caja revocada");
    queueSales(core, 3);
    const res = await fetch(`${cloud.url}/v1/appliances/${applianceId}/revoke`, {
      method: "POST",
      headers: { authorization: `Bearer ${cloud.ownerToken}`, "content-type": "application/json" },
      body: "{}",
    });
    expect(res.status).toBe(200);
    const outcome = await new UploadDrainer(core).drainOnce();
    expect(outcome.error).toMatchObject({ code: "appliance_revoked", retryable: false });
    expect(getSyncStatus(core)).toMatchObject({
      online: false,
      backlog: 3,
      lastError: { code: "appliance_revoked" },
    });
    expect(await cloudCount("SELECT count(*) AS n FROM sales WHERE appliance_id = $1", [applianceId])).toBe(
      0,
    );
    core.close();
  });

  it("after 72 hours offline with its backlog queued, drains every op exactly once, batch after batch", async () => {
    const { core, applianceId } = await enrolledCore("Caja offline");
    let online = false;
    const delays: number[] = [];
    // Small batches make the backlog many of them, each sent while the one before is applied. A backlog
    // of 50,000 and more is drained by `npm run bench` (scripts/bench/upload-drain-bench.ts), which
    // measures it: the count changes how long this takes, not what it proves.
    const drainer = new UploadDrainer(core, {
      batchSize: 250,
      fetch: (url, init) => (online ? fetch(url, init) : Promise.reject(new Error("ENETUNREACH"))),
      sleep: async (ms) => {
        delays.push(ms);
        core.clock.advance(ms);
      },
    });
    // 72 h of selling with no internet: 3,000 ops, about one every 86 s, and failing attempts between.
    const total = 3000;
    for (let i = 0; i < 10; i++) {
      queueSales(core, total / 10, (72 * 3600 * 1000) / total);
      const attempt = await drainer.drainOnce();
      expect(attempt.error).toMatchObject({ code: "offline", retryable: true });
    }
    expect(getSyncStatus(core)).toMatchObject({ online: false, backlog: total, lastSyncAt: null });
    online = true;
    // How fast it drains is measured by `npm run bench` (docs/benchmarks.md, as a ratio to raw inserts),
    // not here: a wall-clock limit in a test fails on a loaded machine and proves nothing about speed.
    const outcome = await drainer.drainOnce();
    expect(outcome).toMatchObject({ sent: total, parked: 0, done: true });
    // Every seq once, none missing. Not in seq order of arrival: the drainer keeps one batch in flight
    // ahead, so two batches may reach the cloud's lock in either order (docs/sync-protocol.md: the
    // cloud applies ops once whatever order batches arrive in).
    const { rows } = await cloud.owner.query<{ seq: string }>(
      "SELECT seq FROM applied_ops WHERE appliance_id = $1 ORDER BY seq",
      [applianceId],
    );
    expect(rows.length).toBe(total);
    expect(rows.every((r, i) => Number(r.seq) === i + 1)).toBe(true);
    expect(
      await cloudCount("SELECT count(DISTINCT id) AS n FROM sales WHERE appliance_id = $1", [applianceId]),
    ).toBe(total);
    expect(getSyncStatus(core)).toMatchObject({ online: true, backlog: 0 });
    core.close();
  });

  it("backs off with full jitter up to a 60 s cap while the cloud is unreachable", async () => {
    const { core } = await enrolledCore("Caja backoff");
    queueSales(core, 1);
    const delays: number[] = [];
    let stop: () => void = () => {};
    const done = new Promise<void>((resolve) => (stop = resolve));
    const drainer = new UploadDrainer(core, {
      fetch: () => Promise.reject(new Error("ECONNREFUSED")),
      random: () => 0.999,
      sleep: async (ms) => {
        delays.push(ms);
        if (delays.length >= 9) stop();
        await new Promise((r) => setImmediate(r));
      },
    });
    drainer.start();
    await done;
    await drainer.stop();
    expect(delays.slice(0, 9)).toEqual([999, 1998, 3996, 7992, 15984, 31968, 59940, 59940, 59940]);
    core.close();
  });
});

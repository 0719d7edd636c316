import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newId } from "@mostrador/kernel/db/ids";
import type { Ctx } from "@mostrador/kernel/core/context";
import { createTerminal } from "@mostrador/kernel/shop/terminals";
import type { Principal } from "@mostrador/kernel/staff/sessions";
import { UploadDrainer } from "@mostrador/sync/upload/drainer";
import { enrollAppliance } from "@mostrador/sync/upload/enroll";
import { listParked, readCredentials } from "@mostrador/sync/upload/upload-state";
import { askCloudBeforeRestore } from "@mostrador/sync/upload/restore-check";
import { type CloudProcess, startCloudProcess } from "@mostrador/sync/upload/test-support/cloud-process";
import { openApplianceCore } from "../appliance/open-appliance-core.js";
import { openTestCore } from "../appliance/test-core.js";
import { commitSale } from "../pos/sale.js";
import { seedSaleFixture } from "../pos/test-fixtures.js";
import { runBackup } from "./backup-service.js";
import { applyPendingRestore, stageRestore } from "./restore.js";

let cloud: CloudProcess;
beforeAll(async () => {
  cloud = await startCloudProcess();
});
afterAll(() => cloud.close());

describe("a restore on a paired appliance", () => {
  it("resumes upload under a new epoch: the cloud ends with every sale once, in seq order, and nothing parked", async () => {
    const core = openTestCore();
    const { applianceId } = await enrollAppliance(core, {
      cloudUrl: cloud.url,
      code: await cloud.pairingCode(),
      name: "Caja restaurada",
    });
    const f = seedSaleFixture(core, createTerminal(core, { code: 1, name: "Caja 1" }));
    const sell = (ctx: Ctx, who: Principal) =>
      commitSale(ctx, who, {
        id: newId(),
        lines: [{ productId: f.products.gaseosa.id, quantity: 1 }],
        payments: [{ method: "cash", amount: 250_000 }],
      }).sale;

    const a = sell(core, f.cashier);
    expect(await new UploadDrainer(core).drainOnce()).toMatchObject({ done: true, parked: 0 });
    const backup = await runBackup(core, "manual");
    core.clock.advance(60_000);
    const b = sell(core, f.cashier);
    const c = sell(core, f.cashier);
    expect(await new UploadDrainer(core).drainOnce()).toMatchObject({ done: true, parked: 0 });
    const { rows: seen } = await cloud.owner.query<{ s: string; n: string }>(
      "SELECT max(seq) AS s, count(*) AS n FROM applied_ops WHERE appliance_id = $1",
      [applianceId],
    );

    // What the owner is shown: two sales the backup lacks, both already in the cloud.
    expect(await stageRestore(core, backup.file as string, askCloudBeforeRestore)).toMatchObject({
      salesMissingFromBackup: 2,
      salesAlreadyInCloud: 2,
      // The cloud's own answer: this appliance's sales after the backup's newest.
      cloudSalesNotInBackup: 2,
    });
    const known = (core.db.prepare("SELECT max(version) AS v FROM schema_migrations").get() as { v: number })
      .v;
    core.db.close();
    applyPendingRestore(core.dataDir, known, core.clock.now());
    const restored = openApplianceCore(core.dataDir, core.clock);
    try {
      const d = sell(restored, f.cashier);
      // The till's numbering went on past the sales the cloud kept.
      expect(d.number).toBe(4);
      expect(await new UploadDrainer(restored).drainOnce()).toMatchObject({ done: true, parked: 0 });
      expect(listParked(restored.db)).toEqual([]);

      const { rows } = await cloud.owner.query<{ id: string; number: number }>(
        "SELECT id, number FROM sales WHERE appliance_id = $1 ORDER BY number",
        [applianceId],
      );
      expect(rows).toEqual([a, b, c, d].map((s) => ({ id: s.id, number: s.number })));
      const { rows: ops } = await cloud.owner.query<{ seq: string }>(
        "SELECT seq FROM applied_ops WHERE appliance_id = $1 ORDER BY ingest_no",
        [applianceId],
      );
      const seqs = ops.map((o) => Number(o.seq));
      // Every op the restored appliance wrote took a seq the cloud had never seen from it, after all the others.
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
      const fresh = seqs.slice(Number(seen[0]?.n));
      expect(fresh.length).toBeGreaterThan(0);
      expect(Math.min(...fresh)).toBeGreaterThan(Number(seen[0]?.s));
      const { rows: app } = await cloud.owner.query<{ parked: number | null }>(
        "SELECT parked FROM appliances WHERE id = $1",
        [applianceId],
      );
      expect(app[0]?.parked ?? 0).toBe(0);
    } finally {
      restored.db.close();
      core.close();
    }
  });

  it("the cloud's restore check refuses a bad time and an appliance without a token", async () => {
    const core = openTestCore();
    try {
      await enrollAppliance(core, {
        cloudUrl: cloud.url,
        code: await cloud.pairingCode(),
        name: "Caja consulta",
      });
      const token = readCredentials(core.db)?.token ?? "";
      const ask = (body: unknown, auth = true) =>
        fetch(`${cloud.url}/v1/ingest/restore-check`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            ...(auth ? { authorization: `Bearer ${token}` } : {}),
          },
          body: JSON.stringify(body),
        });
      expect((await ask({ since: "ayer" })).status).toBe(400);
      expect((await ask({ since: null, extra: 1 })).status).toBe(400);
      expect((await ask({ since: null }, false)).status).toBe(401);
      expect(await (await ask({ since: null })).json()).toEqual({ salesSince: 0, lastSeq: 0 });
    } finally {
      core.close();
    }
  });
});

import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openApplianceCore } from "@mostrador/desktop/appliance/open-appliance-core";
import { openTestCore } from "@mostrador/desktop/appliance/test-core";
import { UploadDrainer } from "./drainer.js";
import { enrollAppliance } from "./enroll.js";
import { type CloudProcess, startCloudProcess } from "./test-support/cloud-process.js";
import { queueSales } from "./test-support/queue-ops.js";

const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const CHILD = fileURLToPath(new URL("./test-support/child-drainer.ts", import.meta.url));

let cloud: CloudProcess;
beforeAll(async () => {
  cloud = await startCloudProcess();
});
afterAll(() => cloud.close());

async function appliedCount(applianceId: string): Promise<number> {
  const { rows } = await cloud.owner.query<{ n: string }>(
    "SELECT count(*) AS n FROM applied_ops WHERE appliance_id = $1",
    [applianceId],
  );
  return Number(rows[0]?.n);
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error("tiempo agotado esperando la condición");
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Every queued sale is in the cloud exactly once, and nothing else is. */
async function expectEverySaleOnce(applianceId: string, saleIds: string[]): Promise<void> {
  const { rows } = await cloud.owner.query<{ id: string }>("SELECT id FROM sales WHERE appliance_id = $1", [
    applianceId,
  ]);
  expect(rows.length).toBe(saleIds.length);
  expect(new Set(rows.map((r) => r.id))).toEqual(new Set(saleIds));
  expect(await appliedCount(applianceId)).toBe(saleIds.length);
}

describe("upload survives kill -9 on either side", () => {
  it("kill -9 of the appliance mid-upload: after restart the cloud holds every sale exactly once", async () => {
    const core = openTestCore();
    const { applianceId } = await enrolledAs(core, "Caja crash");
    const saleIds = queueSales(core, 4000);
    const dataDir = core.dataDir;
    core.db.close();

    const child = spawn(process.execPath, ["--import", "tsx", CHILD, dataDir, "100"], {
      cwd: REPO_ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    // Kill it once the cloud has some of the upload but not all of it.
    await waitFor(async () => (await appliedCount(applianceId)) >= 800);
    child.kill("SIGKILL");
    await exited;
    const before = await appliedCount(applianceId);
    expect(before).toBeLessThan(saleIds.length);

    const restarted = openApplianceCore(dataDir);
    const outcome = await new UploadDrainer(restarted).drainOnce();
    expect(outcome).toMatchObject({ done: true, parked: 0 });
    await expectEverySaleOnce(applianceId, saleIds);
    restarted.db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it("kill -9 of the cloud mid-batch: the drainer retries and the cloud holds every sale exactly once", async () => {
    const core = openTestCore();
    const { applianceId } = await enrolledAs(core, "Caja nube caída");
    const saleIds = queueSales(core, 4000);
    const drainer = new UploadDrainer(core, { batchSize: 200, baseDelayMs: 50, maxDelayMs: 300, idleMs: 50 });
    drainer.start();
    await waitFor(async () => (await appliedCount(applianceId)) >= 600);
    await cloud.crash(); // most likely while a batch is in its transaction: it rolls back
    const during = await appliedCount(applianceId);
    expect(during).toBeLessThan(saleIds.length);
    await cloud.restart();
    await waitFor(async () => (await appliedCount(applianceId)) >= saleIds.length);
    await waitFor(
      async () =>
        (core.db.prepare("SELECT acked_seq AS s FROM sync_state").get() as { s: number }).s >= saleIds.length,
    );
    await drainer.stop();
    await expectEverySaleOnce(applianceId, saleIds);
    core.close();
  }, 60_000);
});

async function enrolledAs(core: ReturnType<typeof openTestCore>, name: string) {
  return enrollAppliance(core, { cloudUrl: cloud.url, code: await cloud.pairingCode(), name });
}
